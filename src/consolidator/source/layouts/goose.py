"""goose: `<version>_<name>.sql` in version order (versions as integers), each with a `-- +goose Up` and a
`-- +goose Down` section (annotations case-insensitive, at the start of their line). Only the up section is
replayed: the file's other lines are blanked, so statements keep their line numbers.
`-- +goose StatementBegin` / `StatementEnd` only tell goose's splitter where a statement with semicolons ends:
the replay splits as PostgreSQL's grammar does, so the text is kept as it is. `-- +goose NO TRANSACTION` marks
the file as run outside a transaction. Go migrations (`.go`) cannot be replayed and are left out; so is a file
with `-- +goose ENVSUB ON` (its text depends on the environment it runs in) and a file goose refuses."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, duplicates, entry_left_out, has_statements, keep_lines

NAME = "goose"
_FILE = re.compile(r"^(\d+)_.*\.(sql|go)$")
_ANNOTATION = re.compile(r"^--\s\+goose\s+(.*?)\s*$", re.I)
_MARKER = re.compile(rb"^--\s\+goose\s+up\s*$", re.I | re.M)


def detect(root: Path, entries: list[Path]) -> bool:
    return any(p.is_file() and p.name.endswith(".sql") and _FILE.match(p.name) and _MARKER.search(read_bytes(p))
               for p in entries)


def up_section(text: str) -> tuple[str, bool] | str:
    """(the text with only the up section's lines kept, whether in a transaction), or why it is left out."""
    lines = text.splitlines()
    notes = {i: m.group(1).lower() for i, line in enumerate(lines) if (m := _ANNOTATION.match(line))}
    up = next((i for i, note in notes.items() if note == "up"), None)
    down = next((i for i, note in notes.items() if note == "down"), None)
    if up is None:
        return "no '-- +goose Up' annotation: goose refuses the file"
    if down is not None and down < up:
        return "'-- +goose Down' comes before '-- +goose Up': goose refuses the file"
    if has_statements(lines[:up]):
        return "statements before '-- +goose Up': goose refuses the file"
    end = len(lines) if down is None else down
    if any(note.split() == ["envsub", "on"] for i, note in notes.items() if i < end):
        return "'-- +goose ENVSUB ON': its text depends on the environment goose runs it in, so it is not replayed"
    keep = [up < i < end for i in range(len(text.splitlines(keepends=True)))]
    return keep_lines(text, keep), "no transaction" not in {" ".join(n.split()) for n in notes.values()}


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    found: list[tuple[int, str, bytes, bool]] = []
    for path in sorted(entries, key=byte_order):
        name = relative_name(root, path)
        m, reason = entry_left_out(path, _FILE, "a goose migration name (<version>_<name>.sql)")
        if m is None:
            reading.skip(name, reason)
        elif m.group(2) == "go":
            reading.skip(name, "goose Go migration: its statements are Go code, so it cannot be replayed")
        else:
            try:
                text = read_bytes(path).decode("utf-8")
            except UnicodeDecodeError:
                reading.skip(name, "not valid UTF-8: its sections cannot be told apart")
                continue
            section = up_section(text)
            if isinstance(section, str):
                reading.skip(name, section)
                continue
            found.append((int(m.group(1)), name, section[0].encode("utf-8"), section[1]))
    by_version: dict[str, list[str]] = {}
    found.sort(key=lambda f: (f[0], f[1].encode("utf-8", "surrogateescape")))
    for version, name, data, transaction in found:
        by_version.setdefault(str(version), []).append(name)
        reading.migrations.append(source_file(name, data, str(version), transaction=transaction))
    reading.duplicate_versions = duplicates(by_version)
    return reading
