"""Where the runner looks: options first, then `consolidator.toml`, then the defaults.

    migrations_dir = "migrations"
    baseline = "output/000_consolidated_baseline.sql"
    legacy_dir = "legacy_migrations"
    tracking_table = "consolidator_migrations"   # only to override the baseline's header

A database URL is never read from the file: it holds passwords, and the file is committed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from consolidator.errors import InputError

CONFIG_FILE = Path("consolidator.toml")
DEFAULT_MIGRATIONS_DIR = Path("migrations")
DEFAULT_BASELINE = Path("output/000_consolidated_baseline.sql")  # where `build` writes by default
DEFAULT_LEGACY_DIR = Path("legacy_migrations")
_KEYS = ("migrations_dir", "baseline", "legacy_dir", "tracking_table")


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
        baseline=Path(values.get("baseline", DEFAULT_BASELINE)),
        baseline_explicit="baseline" in values,
        legacy_dir=Path(values.get("legacy_dir", DEFAULT_LEGACY_DIR)),
        legacy_dir_explicit="legacy_dir" in values,
        tracking_table=name,
    )


def _read(config: Path | None) -> dict:
    path = config if config is not None else CONFIG_FILE
    if config is None and not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"configuration file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read configuration {path}: {getattr(e, 'strerror', None) or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"configuration {path} is not valid TOML: {e}") from None
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise InputError(f"configuration {path}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})")
    for key, value in data.items():
        if not isinstance(value, str):
            raise InputError(f"configuration {path}: {key} must be a string")
    return dict(data)
