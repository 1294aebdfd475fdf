"""What discover() refuses to load from a legacy folder: a file over the size limit, a symlink that leads out of
the folder (unless followed on purpose), anything that is not a regular file (a FIFO would block the read)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from consolidator.errors import InputError

DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True)

    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes
    follow_symlinks: bool = False  # a symlink may lead out of the legacy folder


def parse_size(text: str) -> int:
    """'100MB', '64k', '5000' -> bytes (K, M, G are powers of 1024)."""
    m = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]*)\s*", text)
    unit = m.group(2).upper() if m else None
    if m is None or unit not in _UNITS:
        raise InputError(f"not a size: {text!r} (use bytes, or a number with K, M or G, such as 100MB)")
    return int(m.group(1)) * _UNITS[unit]


def read_migration(path: Path, root: Path, limits: Limits) -> bytes:
    """The file's bytes, or InputError (one line) for what the limits refuse."""
    if path.is_symlink() and not limits.follow_symlinks:
        real, inside = os.path.realpath(path), os.path.realpath(root)
        if not real.startswith(inside.rstrip(os.sep) + os.sep):
            raise InputError(f"{path.name} in {root} is a symlink to {real}, outside the legacy folder: refused "
                             "(--follow-symlinks reads it)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path} is not a regular file (a FIFO, device or socket): refused")
        too_big = InputError(f"{path} is larger than the {_shown(limits.max_file_size)} limit: refused, not loaded "
                             "(--max-file-size raises it)")
        if st.st_size > limits.max_file_size:
            raise too_big
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limits.max_file_size:  # it grew since the fstat
                raise too_big
        return b"".join(chunks)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _shown(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size}-byte"
