"""Find the legacy migration files, put them in the order a runner applies them, classify and fingerprint them."""

from __future__ import annotations

import hashlib
import re
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from consolidator.errors import InputError
from consolidator.model import tracking
from consolidator.source.limits import Limits, read_migration


class Order(str, Enum):
    NAME = "name"  # plain byte order of file names: what most runners do
    NATURAL = "natural"  # numeric runs compared as numbers: 9_x.sql before 10_x.sql


class SourceFile(BaseModel):
    """One legacy migration file, read whole."""

    model_config = ConfigDict(frozen=True)

    name: str  # file name relative to the legacy folder
    version: str | None  # the leading version prefix ("035"), None when the name has none
    sha256: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def tracking_table(self) -> str | None:
        """When the file is a baseline this tool generated: the name of its tracking table (the tool's own)."""
        return tracking.of_baseline(self.data[:8192].decode("utf-8", "replace"))


class SkippedFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    reason: str


class Sources(BaseModel):
    """What a legacy folder holds: migrations in apply order, and everything passed over."""

    model_config = ConfigDict(frozen=True)

    folder: str
    migrations: list[SourceFile]
    skipped: list[SkippedFile]
    duplicate_versions: dict[str, list[str]]  # version -> the file names that share it

    def fingerprint(self, names: list[str] | None = None) -> str:
        """sha256 over (name, checksum) of the given migrations (all by default), in apply order."""
        wanted = None if names is None else set(names)
        h = hashlib.sha256()
        for f in self.migrations:
            if wanted is None or f.name in wanted:
                h.update(f"{f.name}\0{f.sha256}\n".encode())
        return h.hexdigest()


_DIGITS = re.compile(r"(\d+)")


def version_of(name: str) -> str | None:
    m = re.match(r"^[Vv]?(\d+)", name)
    return m.group(1) if m else None


def _natural_key(name: str) -> tuple:
    parts = _DIGITS.split(name)
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in parts if p != "")


def _skip_reason(path: Path) -> str | None:
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


def discover(folder: str | Path, order: Order = Order.NAME, limits: Limits | None = None) -> Sources:
    root = Path(folder)
    if not root.exists():
        raise InputError(f"legacy folder not found: {root}")
    if not root.is_dir():
        raise InputError(f"not a folder: {root}")
    try:
        entries = list(root.iterdir())
    except OSError as e:
        raise InputError(f"cannot read folder {root}: {e.strerror or e}") from None

    key = (lambda p: p.name.encode("utf-8", "surrogateescape")) if order is Order.NAME else (lambda p: _natural_key(p.name))
    migrations: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    for path in sorted(entries, key=key):
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:  # the name would reach the baseline's header, which is UTF-8
            raw = path.name.encode("utf-8", "surrogateescape")
            raise InputError(f"file name is not valid UTF-8: {raw!r} in {root}: rename it") from None
        reason = _skip_reason(path)
        if reason is not None:
            skipped.append(SkippedFile(name=path.name, reason=reason))
            continue
        data = read_migration(path, root, limits or Limits())
        migrations.append(
            SourceFile(name=path.name, version=version_of(path.name), sha256=hashlib.sha256(data).hexdigest(), data=data)
        )

    by_version: dict[str, list[str]] = {}
    for f in migrations:
        if f.version is not None:
            by_version.setdefault(f.version.lstrip("0") or "0", []).append(f.name)
    duplicates = {v: names for v, names in sorted(by_version.items()) if len(names) > 1}
    return Sources(folder=str(root), migrations=migrations, skipped=skipped, duplicate_versions=duplicates)
