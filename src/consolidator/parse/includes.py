"""The files psql's ``\\i`` and ``\\ir`` read, from the legacy folder only: part of the input.

`includes_of(sources)` is the loader for one discovered folder (one `Sources`): it reads each included file
once and keeps its bytes, so the replay, the input fingerprint (`input_fingerprint`) and verify's server
replay all see the same bytes. Paths resolve as psql resolves them with the legacy folder as its directory:
``\\i`` from the folder, ``\\ir`` from the including file's folder. What psql would read from outside the
folder (``..``, an absolute path elsewhere, ``~``, a symlink out) is refused; so is anything that is not a
regular file (a FIFO would block psql, a device never ends): the loader never opens one.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import weakref
from dataclasses import dataclass, field

from consolidator.source.discover import Sources

MAX_INCLUDE_BYTES = 100 * 1024 * 1024


class IncludeError(Exception):
    """A file \\i or \\ir cannot include: psql's message (missing, a folder, unreadable), or the replay's refusal.
    `reaches`: what psql itself would read instead, when that is a file of this machine outside the folder."""

    def __init__(self, message: str, reaches: str | None = None):
        super().__init__(message)
        self.reaches = reaches


@dataclass(frozen=True)
class IncludedFile:
    name: str  # relative to the legacy folder, '/'-separated: how statements from it are named
    psql_path: str  # the path as psql holds it, relative to the legacy folder (a \ir in it starts from its folder)
    data: bytes
    sha256: str


@dataclass
class FolderIncludes:
    """The include loader of one legacy folder: `loader(path, including)` for `parse_file(..., include=...)`."""

    folder: str
    read: dict[str, IncludedFile] = field(default_factory=dict)  # by name, in the order first read

    def __call__(self, path: str, including: str | None) -> IncludedFile:
        """The file `path` names: for \\ir (`including`: the including file's psql path) relative to that file's
        folder, for \\i relative to the legacy folder."""
        if path.startswith("~"):
            raise IncludeError(f"{path}: outside the legacy folder (psql reads it from the home folder): not followed",
                               reaches=f"reads {path} from the home folder")
        joined = path
        if including is not None and not posixpath.isabs(path):
            joined = posixpath.join(posixpath.dirname(including), path)
        root = os.path.realpath(self.folder)
        full = joined if os.path.isabs(joined) else os.path.join(self.folder, joined)
        real = os.path.realpath(full)
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            raise IncludeError(f"{joined}: outside the legacy folder {self.folder}: not followed (psql would read it)",
                               reaches=f"reads {joined}, outside the legacy folder" if os.path.isabs(joined) else None)
        name = os.path.relpath(real, root).replace(os.sep, "/")
        if name in self.read:
            return self.read[name]
        data = self._read(real, joined)
        included = IncludedFile(name=name, psql_path=joined, data=data, sha256=hashlib.sha256(data).hexdigest())
        self.read[name] = included
        return included

    @staticmethod
    def _read(real: str, shown: str) -> bytes:
        try:
            st = os.stat(real)
        except OSError as e:
            raise IncludeError(f"{shown}: {e.strerror or e}") from None
        if stat.S_ISDIR(st.st_mode):
            raise IncludeError(f"{shown}: could not read from input file: Is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise IncludeError(f"{shown}: not a regular file (a FIFO, device or socket): not read")
        if st.st_size > MAX_INCLUDE_BYTES:
            raise IncludeError(f"{shown}: larger than {MAX_INCLUDE_BYTES // (1024 * 1024)} MB: not read")
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as e:
            raise IncludeError(f"{shown}: {e.strerror or e}") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat: still never read
                raise IncludeError(f"{shown}: not a regular file: not read")
            chunks, total = [], 0
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_INCLUDE_BYTES:
                    raise IncludeError(f"{shown}: larger than {MAX_INCLUDE_BYTES // (1024 * 1024)} MB: not read")
            return b"".join(chunks)
        except OSError as e:
            raise IncludeError(f"{shown}: {e.strerror or e}") from None
        finally:
            os.close(fd)


_LOADERS: dict[int, tuple[weakref.ref, FolderIncludes]] = {}


def includes_of(sources: Sources) -> FolderIncludes:
    """The one loader of this discovered folder: the same bytes for every reader of the same `Sources`."""
    key = id(sources)
    entry = _LOADERS.get(key)
    if entry is not None and entry[0]() is sources:
        return entry[1]
    loader = FolderIncludes(sources.folder)
    _LOADERS[key] = (weakref.ref(sources, lambda _ref, key=key: _LOADERS.pop(key, None)), loader)
    return loader


def input_fingerprint(sources: Sources) -> str:
    """`Sources.fingerprint()` extended with every file the replay included (name and sha256, by name): the
    same as `Sources.fingerprint()` for a history without \\i or \\ir."""
    base = sources.fingerprint()
    read = includes_of(sources).read
    if not read:
        return base
    h = hashlib.sha256(f"{base}\n".encode())
    for name in sorted(read):
        h.update(f"included\0{name}\0{read[name].sha256}\n".encode())
    return h.hexdigest()
