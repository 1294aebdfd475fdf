"""golang-migrate: `<version>_<name>.up.sql` in version order, versions compared as integers; `.down.sql` files
never replayed. Two up files with one version are reported (golang-migrate refuses them)."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, byte_order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, duplicates, entry_left_out

NAME = "golang-migrate"
_FILE = re.compile(r"^(\d+)_(.*)\.(up|down)\.sql$")


def detect(root: Path, entries: list[Path]) -> bool:
    sql = [p.name for p in entries if p.is_file() and p.name.endswith(".sql") and not p.name.startswith(".")]
    matched = [_FILE.match(n) for n in sql]
    return any(m and m.group(3) == "up" for m in matched) and all(matched)


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    ups: list[tuple[int, str, Path]] = []
    for path in sorted(entries, key=byte_order):
        name = relative_name(root, path)
        m, reason = entry_left_out(path, _FILE, "a golang-migrate migration name (<version>_<name>.up.sql)")
        if m is None:
            reading.skip(name, reason)
        elif m.group(3) == "down":
            reading.skip(name, "golang-migrate down migration: never replayed")
        else:
            ups.append((int(m.group(1)), name, path))
    by_version: dict[str, list[str]] = {}
    for version, name, path in sorted(ups, key=lambda u: (u[0], u[1].encode("utf-8", "surrogateescape"))):
        by_version.setdefault(str(version), []).append(name)
        reading.migrations.append(source_file(name, read_bytes(path), str(version)))
    reading.duplicate_versions = duplicates(by_version)
    return reading
