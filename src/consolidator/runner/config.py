"""The project's settings: options first, then the configuration file, then the defaults.

The file is `consolidator.toml`, or the `[tool.consolidator]` table of `pyproject.toml`, in the current directory or
the nearest one above it, up to the repository root (the folder holding `.git`):

    legacy_dir = "legacy_migrations"
    output = "output/000_consolidated_baseline.sql"   # where `build` writes; the runner's baseline by default
    order = "name"                 # or "natural"
    on_error = "file"              # or "statement", "stop"
    layout = "flat"
    privileges = false             # build writes, verify compares owners, grants and roles
    migrations_dir = "migrations"
    baseline = "output/000_consolidated_baseline.sql"
    tracking_table = "consolidator_migrations"   # only to override the baseline's header

A database URL is never read from the file: it holds passwords, and the file is committed.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from consolidator.errors import InputError

CONFIG_FILE = Path("consolidator.toml")
PYPROJECT = "pyproject.toml"
DEFAULT_MIGRATIONS_DIR = Path("migrations")
DEFAULT_BASELINE = Path("output/000_consolidated_baseline.sql")  # where `build` writes by default
DEFAULT_LEGACY_DIR = Path("legacy_migrations")
RUNNER_KEYS = ("migrations_dir", "baseline", "legacy_dir", "tracking_table")  # what the runner's Settings hold
KEY_TYPES = {"legacy_dir": str, "output": str, "layout": str, "order": str, "on_error": str, "tracking_table": str,
             "privileges": bool, "migrations_dir": str, "baseline": str}
PATH_KEYS = {"legacy_dir", "output", "migrations_dir", "baseline"}


@dataclass(frozen=True)
class Settings:
    migrations_dir: Path = DEFAULT_MIGRATIONS_DIR
    baseline: Path = DEFAULT_BASELINE
    baseline_explicit: bool = False  # an explicit baseline must exist; the default one is used when it does
    legacy_dir: Path = DEFAULT_LEGACY_DIR
    legacy_dir_explicit: bool = False
    tracking_table: str | None = None


def load(config: Path | None = None, *, migrations_dir: Path | None = None, baseline: Path | None = None,
         legacy_dir: Path | None = None, tracking_table: str | None = None) -> Settings:
    """Settings from the options given (not None), over the configuration file, over the defaults."""
    values = _read(config)
    if migrations_dir is not None:
        values["migrations_dir"] = migrations_dir
    if baseline is not None:
        values["baseline"] = baseline
    if legacy_dir is not None:
        values["legacy_dir"] = legacy_dir
    if tracking_table is not None:
        values["tracking_table"] = tracking_table
    name = values.get("tracking_table")
    if name is not None and (not name.strip() or len(name.encode()) > 63):
        raise InputError(f"tracking table name {name!r} is not a usable identifier (1 to 63 bytes)")
    return Settings(
        migrations_dir=Path(values.get("migrations_dir", DEFAULT_MIGRATIONS_DIR)),
        baseline=Path(values.get("baseline", values.get("baseline_default", DEFAULT_BASELINE))),
        baseline_explicit="baseline" in values,
        legacy_dir=Path(values.get("legacy_dir", DEFAULT_LEGACY_DIR)),
        legacy_dir_explicit="legacy_dir" in values,
        tracking_table=name,
    )


def find(start: Path | None = None) -> Path | None:
    """The nearest consolidator.toml, or pyproject.toml with a [tool.consolidator] table, from START up to the
    repository root; outside a repository only START itself is looked at."""
    start = (start or Path.cwd()).absolute()
    folders = [start, *start.parents]
    root = next((i for i, folder in enumerate(folders) if (folder / ".git").exists()), 0)
    for folder in folders[:root + 1]:
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "consolidator" in _parse(pyproject).get("tool", {}):
            return pyproject
    return None


def found() -> tuple[Path | None, dict]:
    """The file find() finds and its settings, paths taken from the file's folder as seen from here."""
    path = find()
    if path is None:
        return None, {}
    values = read(path)
    base = os.path.relpath(path.parent.absolute(), Path.cwd().absolute())
    if base != ".":
        for key in PATH_KEYS & set(values):
            values[key] = os.path.join(base, values[key])
    return path, values


def read(path: Path) -> dict:
    """The settings a file holds, each key known and of its type; a DSN is refused."""
    data = _parse(path)
    where = str(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("consolidator", {})
        where = f"{path} [tool.consolidator]"
        if not isinstance(data, dict):
            raise InputError(f"configuration {where} must be a table")
    if "dsn" in data or "database_url" in data:
        raise InputError(f"configuration {where}: a database URL is never read from a file (it would be committed "
                         "with its password): use --dsn or DATABASE_URL")
    unknown = sorted(set(data) - set(KEY_TYPES))
    if unknown:
        raise InputError(f"configuration {where}: unknown key {unknown[0]!r} (known: {', '.join(KEY_TYPES)})")
    for key, value in data.items():
        if not isinstance(value, KEY_TYPES[key]):
            kind = "true or false" if KEY_TYPES[key] is bool else "a string"
            raise InputError(f"configuration {where}: {key} must be {kind}")
    return dict(data)


def _parse(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"configuration file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read configuration {path}: {getattr(e, 'strerror', None) or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"configuration {path} is not valid TOML: {e}") from None


def _read(config: Path | None) -> dict:
    values = read(config) if config is not None else found()[1]
    if "baseline" not in values and "output" in values:
        values["baseline_default"] = values["output"]
    return {key: value for key, value in values.items() if key in RUNNER_KEYS or key == "baseline_default"}
