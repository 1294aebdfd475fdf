"""dbmate: `<version>_<name>.sql` files in name order, each with a `-- migrate:up` and a `-- migrate:down`
section. Only the up section is replayed: the file's other lines are blanked, so statements keep their line
numbers. `transaction:false` on the up marker marks the file as run outside a transaction. A file dbmate
refuses (no up section, statements outside the sections, down before up) is left out with dbmate's reason."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, entry_left_out, has_statements, keep_lines

NAME = "dbmate"
_FILE = re.compile(r"^(\d+).*\.sql$")
_UP = re.compile(r"^--\s*migrate:up(\s.*)?$")
_DOWN = re.compile(r"^--\s*migrate:down(\s.*)?$")
_MARKER = re.compile(rb"^--[ \t]*migrate:up", re.M)


def detect(root: Path, entries: list[Path]) -> bool:
    return any(p.is_file() and _FILE.match(p.name) and _MARKER.search(read_bytes(p)) for p in entries)


def up_section(text: str) -> tuple[str, bool] | str:
    """(the text with only the up section's lines kept, whether in a transaction), or why dbmate refuses it."""
    lines = text.splitlines()
    up = next((i for i, line in enumerate(lines) if _UP.match(line)), None)
    down = next((i for i, line in enumerate(lines) if _DOWN.match(line)), None)
    if up is None:
        return "no '-- migrate:up' section: dbmate refuses the file"
    if down is not None and down < up:
        return "'-- migrate:down' comes before '-- migrate:up': dbmate refuses the file"
    if has_statements(lines[:up]):
        return "statements before '-- migrate:up': dbmate refuses the file"
    end = len(lines) if down is None else down
    options = (_UP.match(lines[up]).group(1) or "").split()
    keep = [up < i < end for i in range(len(text.splitlines(keepends=True)))]
    return keep_lines(text, keep), "transaction:false" not in options


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    for path in sorted(entries, key=byte_order):
        name = relative_name(root, path)
        m, reason = entry_left_out(path, _FILE, "a dbmate migration name (<version>_<name>.sql)")
        if m is None:
            reading.skip(name, reason)
        else:
            data = read_bytes(path)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                reading.skip(name, "not valid UTF-8: its sections cannot be told apart")
                continue
            section = up_section(text)
            if isinstance(section, str):
                reading.skip(name, section)
                continue
            up, transaction = section
            reading.migrations.append(source_file(name, up.encode("utf-8"), m.group(1), transaction=transaction))
    return reading
