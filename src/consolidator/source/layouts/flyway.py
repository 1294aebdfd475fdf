"""Flyway: `V<version>__<description>.sql` in version order, the version compared part by part as numbers
(`1.9` < `1.10`; `.` and `_` both separate parts; `1.0` is `1`); then repeatable `R__<description>.sql` in
description order. Undo files (`U<version>__...`) are never replayed. A `<file>.sql.conf` sidecar with
`executeInTransaction=false` marks its file as run outside a transaction. Sub-folders are searched, as Flyway
searches its locations; files that are not Flyway migrations are left out with the reason."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, duplicates

NAME = "flyway"
_VERSIONED = re.compile(r"^V(\d+(?:[._]\d+)*)__(.+)\.sql$")
_UNDO = re.compile(r"^U(\d+(?:[._]\d+)*)__(.+)\.sql$")
_REPEATABLE = re.compile(r"^R__(.+)\.sql$")
_ANY = re.compile(r"^[VUR](\d+(?:[._]\d+)*)?__.+\.sql$")


def version_key(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in re.split(r"[._]", version)]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def detect(root: Path, entries: list[Path]) -> bool:
    sql = [p.name for p in entries if p.is_file() and p.name.endswith(".sql") and not p.name.startswith(".")]
    return any(_VERSIONED.match(n) for n in sql) and all(_ANY.match(n) for n in sql)


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    for path in sorted(root.iterdir(), key=lambda p: p.name.encode("utf-8", "surrogateescape")):
        if path.is_dir() and not path.name.startswith("."):
            found.extend(_files(path))
        else:
            found.append(path)
    return found


def _in_transaction(path: Path) -> bool:
    conf = path.with_name(path.name + ".conf")
    if not conf.is_file():
        return True
    for line in read_bytes(conf).decode("utf-8", "replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "executeInTransaction" and value.strip().lower() == "false":
            return False
    return True


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    versioned: list[tuple[tuple[int, ...], str, Path]] = []
    repeatable: list[tuple[str, str, Path]] = []
    for path in _files(root):
        name = relative_name(root, path)
        base = path.name
        if base.startswith("."):
            reading.skip(name, "hidden file")
        elif base.endswith(".sql.conf") and path.with_name(base[: -len(".conf")]).is_file():
            reading.skip(name, "Flyway configuration of its migration (read: executeInTransaction)")
        elif m := _VERSIONED.match(base):
            versioned.append((version_key(m.group(1)), name, path))
        elif _UNDO.match(base):
            reading.skip(name, "Flyway undo migration: never replayed")
        elif m := _REPEATABLE.match(base):
            repeatable.append((m.group(1), name, path))
        else:
            reading.skip(name, "not a Flyway migration name (V<version>__<description>.sql or R__<description>.sql)")
    by_version: dict[str, list[str]] = {}
    for key, name, path in sorted(versioned, key=lambda v: (v[0], v[1].encode("utf-8", "surrogateescape"))):
        version = ".".join(str(p) for p in key)
        by_version.setdefault(version, []).append(name)
        reading.migrations.append(source_file(name, read_bytes(path), version, transaction=_in_transaction(path)))
    for _, name, path in sorted(repeatable, key=lambda r: (r[0].encode("utf-8", "surrogateescape"), r[1])):
        reading.migrations.append(source_file(name, read_bytes(path), None, transaction=_in_transaction(path)))
    reading.duplicate_versions = duplicates(by_version)
    return reading
