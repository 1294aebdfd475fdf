"""consolidator new NAME: the next numbered migration file, with empty up and down sections."""

from __future__ import annotations

import re
from pathlib import Path

from consolidator.errors import InputError, OutputError
from consolidator.runner import files


def slug(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    if not words:
        raise InputError(f"migration name {name!r} has no letters or digits: say what it does, e.g. add_widgets")
    return words[:60]


def new(migrations_dir: Path, name: str, requires: list[str] = ()) -> Path:
    folder = files.load_folder(migrations_dir, missing_ok=True)
    versions = {m.version for m in folder.migrations}
    for required in requires:
        if required.removesuffix(".sql") not in versions:
            raise InputError(f"--requires {required}: no migration of that version in {migrations_dir}")
    numbers = [m.number for m in folder.migrations]
    widths = [len(m.version.split("_", 1)[0]) for m in folder.migrations]
    number = max(numbers, default=0) + 1
    path = migrations_dir / f"{number:0{max(widths + [3])}d}_{slug(name)}.sql"
    header = f"-- requires: {', '.join(r.removesuffix('.sql') for r in requires)}\n" if requires else ""
    try:
        migrations_dir.mkdir(exist_ok=True)
        with open(path, "x", encoding="utf-8") as f:
            f.write(f"{header}-- migrate:up\n\n\n-- migrate:down\n\n")
    except FileExistsError:
        raise OutputError(f"{path} exists already") from None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    return path
