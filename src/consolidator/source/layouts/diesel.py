"""diesel: one folder per migration, `<version>_<name>/up.sql`, in folder-name order (diesel compares versions
as text), the `00000000000000_diesel_initial_setup` folder included. `down.sql` is never replayed;
`metadata.toml` with `run_in_transaction = false` marks the migration as run outside a transaction."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.source.files import Order, read_bytes
from consolidator.source.layouts.common import Reading
from consolidator.source.layouts.folders import has_migration_folders, read_folders

NAME = "diesel"
_NO_TRANSACTION = re.compile(r"^\s*run_in_transaction\s*=\s*false\s*(#.*)?$", re.M)


def detect(root: Path, entries: list[Path]) -> bool:
    return has_migration_folders(entries, "up.sql") and not any(p.is_dir() and (p / "migration.sql").is_file()
                                                                for p in entries)


def _left_out(name: str) -> str | None:
    if name == "down.sql":
        return "diesel down migration: never replayed"
    if name == "metadata.toml":
        return "diesel migration settings (read: run_in_transaction)"
    return None


def _transaction(folder: Path) -> bool:
    meta = folder / "metadata.toml"
    return not (meta.is_file() and _NO_TRANSACTION.search(read_bytes(meta).decode("utf-8", "replace")))


def read(root: Path, entries: list[Path], order: Order) -> Reading:
    return read_folders(root, entries, tool="diesel", up="up.sql", left_out=_left_out, top_level=lambda n: None,
                        transaction=_transaction, version=lambda folder: folder.split("_", 1)[0])
