"""What the layouts with one folder per migration (diesel, Prisma) share: the folders in name order, the one
file of each that is replayed, and every other entry left out with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from consolidator.source.files import byte_order, list_folder, read_bytes, relative_name, source_file
from consolidator.source.layouts.common import Reading

Describe = Callable[[str], str | None]  # a file's name in a migration folder -> why it is left out (None: replayed)


def has_migration_folders(entries: list[Path], up: str) -> bool:
    top_sql = [p for p in entries if p.is_file() and p.name.endswith(".sql") and not p.name.startswith(".")]
    return not top_sql and any(p.is_dir() and (p / up).is_file() for p in entries)


def read_folders(root: Path, entries: list[Path], *, tool: str, up: str, left_out: Describe,
                 top_level: Describe, transaction: Callable[[Path], bool], version: Callable[[str], str]) -> Reading:
    reading = Reading()
    for path in sorted(entries, key=byte_order):
        name = relative_name(root, path)
        if path.name.startswith("."):
            reading.skip(name, "hidden file")
        elif not path.is_dir():
            reading.skip(name, top_level(path.name) or f"not a {tool} migration folder")
        elif not (path / up).is_file():
            reading.skip(name, f"folder without {up}: not a {tool} migration")
        else:
            for inner in sorted(list_folder(path), key=byte_order):
                inner_name = relative_name(root, inner)
                if inner.name == up and inner.is_file():
                    reading.migrations.append(source_file(inner_name, read_bytes(inner), version(path.name),
                                                          transaction=transaction(path)))
                else:
                    reading.skip(inner_name, left_out(inner.name) or f"not part of a {tool} migration")
    return reading
