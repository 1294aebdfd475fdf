"""flat: every `*.sql` file of the folder in code-point name order (or natural order); `.skip`, `.broken` and
other disabled files kept aside and never applied; sub-folders not searched."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading

NAME = "flat"
_DIGITS = re.compile(r"(\d+)")


def version_of(name: str) -> str | None:
    m = re.match(r"^[Vv]?(\d+)", name)
    return m.group(1) if m else None


def natural_key(name: str) -> tuple:
    parts = _DIGITS.split(name)
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in parts if p != "")


def skip_reason(path: Path) -> str | None:
    if path.is_dir():
        return "directory (not searched)"
    if path.name.startswith("."):
        return "hidden file"
    if path.suffix == ".sql":
        return None
    for suffix in (".skip", ".broken", ".disabled", ".bak", ".old"):
        if path.name.endswith(".sql" + suffix) or path.suffix == suffix:
            return f"'{suffix}' file: disabled by its name, never replayed"
    return "not a .sql file"


def detect(root: Path, entries: list[Path]) -> bool:
    return True  # the fallback: any folder is flat


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    key = byte_order if order is Order.NAME else (lambda p: natural_key(p.name))
    reading = Reading()
    for path in sorted(entries, key=key):
        name = relative_name(root, path)
        reason = skip_reason(path)
        if reason is not None:
            reading.skip(name, reason)
            continue
        reading.migrations.append(source_file(name, read_bytes(path), version_of(name)))
    return reading
