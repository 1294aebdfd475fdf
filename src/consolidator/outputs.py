"""Writing the files the tool makes, as Unix tools write them: every command that writes a file calls
`write_output` (and `--check` calls `read_current`), so the rules below hold for all of them.

- ``-`` is standard output.
- A regular file is replaced atomically: a temp file in the same folder, written and fsynced, renamed over
  the target, then the folder fsynced. A new file gets the ordinary mode (0666 minus the umask, applied by
  the kernel at creation); a replaced file keeps its mode (and its owner, when we may set it).
- A symlink is followed: its target is replaced (or created, for a dangling link), the link stays.
- A directory, a device, a FIFO or a socket is refused, untouched: never opened for writing, never renamed
  over. A missing or read-only folder, a full disk: an `OutputError` (one line, exit 2), no temp file left.
"""

from __future__ import annotations

import difflib
import errno
import os
import secrets
import stat
import sys
from pathlib import Path

from consolidator.errors import OutputError

STDOUT = "-"


def is_stdout(path: str | Path) -> bool:
    return str(path) == STDOUT


def display_name(path: str | Path) -> str:
    return "standard output" if is_stdout(path) else str(path)


def write_output(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, newlines as given) to `path` under the rules of this module."""
    if is_stdout(path):
        _write_stdout(text)
        return
    shown = str(path)
    target = _target(shown)
    folder = os.path.dirname(target) or "."
    existing = _kind_of(target, shown, missing_ok=True)
    _write_atomically(target, folder, text.encode("utf-8"), existing, shown)


def read_current(path: str | Path) -> str:
    """The text of the file `--check` compares with; empty when it does not exist yet. A directory, device,
    FIFO or socket is refused (reading one could block or never end)."""
    shown = str(path)
    target = _target(shown)
    if _kind_of(target, shown, missing_ok=True) is None:
        return ""
    try:
        with open(target, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return ""
    except OSError as e:
        raise OutputError(f"cannot read {shown}: {_reason(e)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise OutputError(f"cannot read {shown}: not UTF-8 text (byte {e.start})") from None


def diff_against(path: str | Path, text: str) -> str:
    """A unified diff from the file on disk to `text`; empty when they are the same."""
    current = read_current(path)
    if current == text:
        return ""
    return "".join(difflib.unified_diff(current.splitlines(True), text.splitlines(True), f"{path} (on disk)",
                                        f"{path} (would be written)"))


# ---- where the bytes go -------------------------------------------------------------------------------


def _target(shown: str) -> str:
    """The path to replace: `shown` itself, or the file its symlinks lead to (a dangling link's target)."""
    try:
        os.stat(shown)
    except FileNotFoundError:
        pass  # missing, or a dangling link: realpath below names the file to create
    except NotADirectoryError:
        raise OutputError(f"cannot write {shown}: a component of the path is not a folder") from None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {_reason(e)}") from None
    if shown.endswith("/"):
        raise OutputError(f"cannot write {shown}: names a folder, not a file")
    return os.path.realpath(shown) if os.path.islink(shown) else shown


def _kind_of(target: str, shown: str, *, missing_ok: bool) -> os.stat_result | None:
    """The target's status when it is a regular file, None when it does not exist; refuses anything else."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise
    except NotADirectoryError:
        raise OutputError(f"cannot write {shown}: a component of the path is not a folder") from None
    except OSError as e:
        raise OutputError(f"cannot write {shown}: {_reason(e)}") from None
    what = _refused(st.st_mode)
    if what is not None:
        link = f" (the symlink's target {target})" if target != shown else ""
        raise OutputError(f"refusing to write {shown}{link}: it is {what}, not a regular file; left untouched")
    return st


def _refused(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _write_atomically(target: str, folder: str, data: bytes, existing: os.stat_result | None, shown: str) -> None:
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {shown}: folder {folder} does not exist")
    tmp, fd = _create_temp(folder, os.path.basename(target), shown)
    try:
        try:
            if existing is not None:
                _keep_mode_and_owner(fd, existing)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        _kind_of(target, shown, missing_ok=True)  # still a regular file (or absent) at the last moment
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write {shown}: {_reason(e)}") from None
        raise
    _fsync_folder(folder)


def _create_temp(folder: str, name: str, shown: str) -> tuple[str, int]:
    """A new temp file next to the target, created 0666 so that the kernel applies the umask (and any
    default ACL) as for any new file."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as e:
            raise OutputError(f"cannot write {shown}: {_reason(e)}") from None
    raise OutputError(f"cannot write {shown}: cannot create a temp file in {folder}")


def _keep_mode_and_owner(fd: int, existing: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except PermissionError:
            pass  # not ours to give away: the new file is the writer's, as an editor leaves it


def _fsync_folder(folder: str) -> None:
    """Make the rename durable. Some file systems cannot fsync a folder: the file itself is already synced."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise OutputError(f"cannot write {folder}: {_reason(e)}") from None
    finally:
        os.close(fd)


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        # the reader went away (| head): say so in one line; nothing is left for Python to flush at exit
        sys.stdout = _Closed()
        raise OutputError("standard output was closed before the whole baseline was written") from None
    except OSError as e:
        raise OutputError(f"cannot write standard output: {_reason(e)}") from None


class _Closed:
    """What stdout becomes once its reader is gone: writes and flushes go nowhere."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


# ---- --format json ----------------------------------------------------------------------------------------------

JSON_FORMAT_VERSION = 1


def json_document(data: dict) -> str:
    """What every command's `--format json` prints: one object, `format_version` its first key (raised when a key
    changes meaning or goes away), two-space indented, UTF-8 as is, a final newline."""
    import json

    return json.dumps({"format_version": JSON_FORMAT_VERSION, **data}, indent=2, ensure_ascii=False) + "\n"
