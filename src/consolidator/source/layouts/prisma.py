"""Prisma: one folder per migration, `<timestamp>_<name>/migration.sql`, in folder-name order (as Prisma Migrate
applies them). A `down.sql` kept next to it is never replayed. `migration_lock.toml` names the provider: a
history for another database than PostgreSQL is refused."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.errors import InputError
from consolidator.source.files import Order, read_bytes
from consolidator.source.layouts.common import Reading
from consolidator.source.layouts.folders import has_migration_folders, read_folders

NAME = "prisma"
_LOCK = "migration_lock.toml"
_PROVIDER = re.compile(r"""^\s*provider\s*=\s*["']([^"']*)["']""", re.M)


def detect(root: Path, entries: list[Path]) -> bool:
    return (root / _LOCK).is_file() or has_migration_folders(entries, "migration.sql")


def _left_out(name: str) -> str | None:
    return "down migration kept next to a Prisma migration: never replayed" if name == "down.sql" else None


def _top_level(name: str) -> str | None:
    return "Prisma's lock file (read: its provider)" if name == _LOCK else None


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    lock = root / _LOCK
    if lock.is_file():
        m = _PROVIDER.search(read_bytes(lock).decode("utf-8", "replace"))
        if m and m.group(1) not in ("postgresql", "postgres"):
            raise InputError(f"{lock} says these migrations are for {m.group(1)!r}: only PostgreSQL histories are read")
    return read_folders(root, entries, tool="Prisma", up="migration.sql", left_out=_left_out, top_level=_top_level,
                        transaction=lambda folder: True, version=lambda folder: folder.split("_", 1)[0])
