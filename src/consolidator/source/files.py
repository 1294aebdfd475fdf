"""What a legacy folder is read into: one replayable file, one file left out, and reading them safely."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
    """One legacy migration file, as it is replayed (a layout may blank the parts its tool never runs)."""

    model_config = ConfigDict(frozen=True)

    name: str  # file name relative to the legacy folder ('/'-separated)
    version: str | None  # the leading version prefix ("035"), None when the name has none
    sha256: str
    data: bytes
    transaction: bool = True  # False: its tool runs it outside a transaction (goose NO TRANSACTION, ...)

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


def source_file(name: str, data: bytes, version: str | None, *, transaction: bool = True) -> SourceFile:
    return SourceFile(name=name, version=version, sha256=hashlib.sha256(data).hexdigest(), data=data,
                      transaction=transaction)


def relative_name(root: Path, path: Path) -> str:
    """The file's name relative to the folder; refuses a name that is not UTF-8 (it reaches the baseline's header)."""
    name = path.relative_to(root).as_posix()
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        raise InputError(f"file name is not valid UTF-8: {raw!r} in {root}: rename it") from None
    return name


# The limits hold for every read a layout makes (migrations, sidecars, the files sniffed to detect it), so they are
# set once around the whole folder's reading rather than carried through each reader and its helpers.
_reading: ContextVar[tuple[Path, Limits] | None] = ContextVar("reading", default=None)


@contextmanager
def reading_folder(root: Path, limits: Limits | None) -> Iterator[None]:
    token = _reading.set((root, limits or Limits()))
    try:
        yield
    finally:
        _reading.reset(token)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, under the limits of the folder being read (source/limits.py): one-line InputError else."""
    root, limits = _reading.get() or (path.parent, Limits())
    return read_migration(path, root, limits)


def list_folder(root: Path) -> list[Path]:
    try:
        return list(root.iterdir())
    except OSError as e:
        raise InputError(f"cannot read folder {root}: {e.strerror or e}") from None


def byte_order(path: Path) -> bytes:
    return path.name.encode("utf-8", "surrogateescape")
