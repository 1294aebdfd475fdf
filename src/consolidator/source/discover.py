"""Find the legacy migration files, put them in the order their tool applies them, classify and fingerprint them.

The folder's layout (flat, Flyway, golang-migrate, ...) is detected or forced: see source/layouts/."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from consolidator.errors import InputError
from consolidator.source.files import Order, SkippedFile, SourceFile
from consolidator.source.layouts.detect import Layout, read_folder
from consolidator.source.layouts.flat import version_of
from consolidator.source.limits import Limits

__all__ = ["Layout", "Order", "SkippedFile", "SourceFile", "Sources", "discover", "version_of"]


class Sources(BaseModel):
    """What a legacy folder holds: migrations in apply order, and everything passed over."""

    model_config = ConfigDict(frozen=True)

    folder: str
    migrations: list[SourceFile]
    skipped: list[SkippedFile]
    duplicate_versions: dict[str, list[str]]  # version -> the file names that share it
    layout: str = Layout.FLAT.value
    notes: list[SkippedFile] = []  # 'file:line' -> what its tool does there that the replay does not model

    def fingerprint(self, names: list[str] | None = None) -> str:
        """sha256 over (name, checksum) of the given migrations (all by default), in apply order."""
        wanted = None if names is None else set(names)
        h = hashlib.sha256()
        for f in self.migrations:
            if wanted is None or f.name in wanted:
                h.update(f"{f.name}\0{f.sha256}\n".encode())
        return h.hexdigest()


def discover(folder: str | Path, order: Order = Order.NAME, layout: Layout | str | None = None,
             limits: Limits | None = None) -> Sources:
    """``layout`` None: detected. ``order`` is the flat layout's; every other layout has its tool's order."""
    root = Path(folder)
    if not root.exists():
        raise InputError(f"legacy folder not found: {root}")
    if not root.is_dir():
        raise InputError(f"not a folder: {root}")
    chosen, reading = read_folder(root, order, layout, limits)
    if order is not Order.NAME and chosen is not Layout.FLAT:
        raise InputError(f"--order {order.value} is for the flat layout: {root} is read as {chosen.value}, "
                         f"in that tool's own order")
    duplicates = reading.duplicate_versions
    if duplicates is None:
        by_version: dict[str, list[str]] = {}
        for f in reading.migrations:
            if f.version is not None:
                by_version.setdefault(f.version.lstrip("0") or "0", []).append(f.name)
        duplicates = {v: names for v, names in sorted(by_version.items()) if len(names) > 1}
    return Sources(folder=str(root), migrations=reading.migrations, skipped=reading.skipped,
                   duplicate_versions=duplicates, layout=chosen.value, notes=reading.notes)
