"""popx (ory/x, as Ory Kratos, Hydra and Keto run their migrations): `<version>_<name>[.<dialect>][.autocommit]
.(up|down).sql`, searched in sub-folders too, in version order (versions compared as text, as popx compares
them: `10` before `9`). Read as popx's MigrationBox reads them:

- per version one up file runs: the PostgreSQL one (`.postgres`, `.postgresql`, `.pg`, `.pgx`) wins over the
  dialect-free one; the files of other dialects (mysql, mariadb, sqlite3, cockroach, ...) are left out with the
  reason, and so is a dialect popx does not know;
- `.autocommit.` files run outside a transaction (SourceFile.transaction False);
- down files are never replayed, but an up file without a down file of its version is refused, as popx refuses it;
- popx runs every file through Go's text/template: a file with `{{` is made when popx runs it, so it is left out
  with the reason rather than replayed as written."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading, walk

NAME = "popx"
_FILE = re.compile(r"^(\d+)_([^.]+)(\.[a-z0-9]+)?(\.autocommit)?\.(up|down)\.(sql)$")
_POSTGRES = {"postgres", "postgresql", "pg", "pgx"}
_OTHER_DIALECTS = {"mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite3", "sqlite3": "sqlite3",
                   "cockroach": "cockroach", "cockroachdb": "cockroach", "crdb": "cockroach"}
_MARKED = re.compile(r"^\d+_[^.]+\.(?:" + "|".join(sorted(_POSTGRES | set(_OTHER_DIALECTS) | {"autocommit"}))
                     + r")(?:\.autocommit)?\.(?:up|down)\.sql$")


def detect(root: Path, entries: list[Path]) -> bool:
    """A folder where some file names a dialect or `.autocommit` (plain `<version>_<name>.up.sql` files are
    golang-migrate's: detect.py prefers popx when both match)."""
    return any(p.is_file() and _MARKED.match(p.name) for p in walk(root))


def _dialect(segment: str | None, autocommit: str | None) -> tuple[str, bool]:
    """("all" | "postgres" | another dialect's name | "?name" for an unknown one, whether autocommit)."""
    if segment == ".autocommit":
        return "all", True
    if segment is None:
        return "all", autocommit is not None
    name = segment[1:]
    if name in _POSTGRES:
        return "postgres", autocommit is not None
    return _OTHER_DIALECTS.get(name, f"?{name}"), autocommit is not None


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    reading = Reading()
    usable: dict[str, tuple[str, Path, bool]] = {}  # version -> (name, path, autocommit), as popx's sortAndFilter
    downs: set[str] = set()
    ups: list[tuple[str, str]] = []
    for path in walk(root):
        name = relative_name(root, path)
        m = _FILE.match(path.name) if path.is_file() else None
        if path.is_dir():
            reading.skip(name, "hidden folder (not searched)")
            continue
        if m is None:
            reading.skip(name, "hidden file" if path.name.startswith(".") else
                         "not a popx migration name (<version>_<name>[.<dialect>][.autocommit].up.sql)")
            continue
        version, direction = m.group(1), m.group(5)
        dialect, autocommit = _dialect(m.group(3), m.group(4))
        if dialect.startswith("?"):
            reading.skip(name, f"dialect {dialect[1:]!r} is not one popx knows: popx ignores the file")
            continue
        if direction == "down":
            downs.add(version)
            reading.skip(name, "popx down migration: never replayed")
            continue
        ups.append((version, name))
        if dialect not in ("postgres", "all"):
            reading.skip(name, f"{dialect} migration: popx runs it on {dialect} only")
        elif dialect == "postgres" or version not in usable:
            if version in usable:
                reading.skip(usable[version][0], f"popx runs {name} for version {version} instead")
            usable[version] = (name, path, autocommit)
        else:
            reading.skip(name, f"popx runs {usable[version][0]} for version {version} instead")
    for version, name in ups:
        if version not in downs:
            raise InputError(f"{root}: {name} has no down migration of version {version}: popx refuses the folder "
                             f"('migration {version} has no corresponding down migration')")
    for version in sorted(usable, key=lambda v: v.encode()):
        name, path, autocommit = usable[version]
        data = read_bytes(path)
        if b"{{" in data:
            reading.skip(name, "a Go template ('{{'): popx makes its text when it runs it, so it is not replayed")
            continue
        reading.migrations.append(source_file(name, data, version, transaction=not autocommit))
    reading.duplicate_versions = {}  # one file per version runs; the others are left out with the reason
    return reading
