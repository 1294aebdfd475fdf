"""`consolidator build -o` as Unix tools write files: regular files atomically with the ordinary mode, `-` as
stdout, symlinks followed, and everything else (a directory, a FIFO, a socket, a device) refused untouched.

Never against real device files: a FIFO (os.mkfifo), a socket and a directory in a temp dir stand in for them.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from consolidator.outputs import _refused


def run(*args: str, cwd: Path, umask: int = 0o022, fsize: int | None = None) -> subprocess.CompletedProcess:
    def child() -> None:
        os.umask(umask)
        if fsize is not None:  # a real short write from the kernel (EFBIG), as a full disk gives ENOSPC
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, preexec_fn=child)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_users.sql").write_text("CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE);\n")
    return folder


def _error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("consolidator: error: ")
    return lines[0]


def _no_temp_files(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_file_gets_the_ordinary_mode(history, tmp_path, umask, mode):
    out = tmp_path / "out" / "baseline.sql"
    out.parent.mkdir()
    result = run("build", str(history), "-o", str(out), cwd=tmp_path, umask=umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode  # 0666 minus the umask, not mkstemp's 0600
    assert "CREATE TABLE users" in out.read_text()
    _no_temp_files(out.parent)


def test_a_replaced_file_is_a_new_inode_with_the_old_mode(history, tmp_path):
    out = tmp_path / "baseline.sql"
    out.write_text("old\n")
    out.chmod(0o600)
    before = out.stat().st_ino
    result = run("build", str(history), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_ino != before  # renamed over: a reader saw the old file or the new one, whole
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("--")
    _no_temp_files(tmp_path)


def test_dash_writes_stdout_and_creates_no_file(history, tmp_path):
    result = run("build", str(history), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE users" in result.stdout
    assert not (tmp_path / "-").exists()
    assert "wrote standard output" in result.stderr  # the summary stays on stderr


def test_check_with_dash_is_refused(history, tmp_path):
    line = _error_line(run("build", str(history), "-o", "-", "--check", cwd=tmp_path))
    assert "--check" in line and "-o -" in line


def test_a_symlink_is_followed_and_stays(history, tmp_path):
    target = tmp_path / "real.sql"
    target.write_text("old\n")
    link = tmp_path / "link.sql"
    link.symlink_to("real.sql")
    result = run("build", str(history), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.sql"
    assert "CREATE TABLE users" in target.read_text()
    _no_temp_files(tmp_path)
    assert run("build", str(history), "-o", str(link), "--check", cwd=tmp_path).returncode == 0  # reads the target


def test_a_dangling_symlink_gets_its_target_created(history, tmp_path):
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.sql"
    link.symlink_to("sub/new.sql")
    result = run("build", str(history), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "CREATE TABLE users" in (tmp_path / "sub" / "new.sql").read_text()


def test_a_directory_is_refused_untouched(history, tmp_path):
    folder = tmp_path / "outdir"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    line = _error_line(run("build", str(history), "-o", str(folder), cwd=tmp_path))
    assert "outdir" in line and "directory" in line
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("check", [False, True])
def test_a_fifo_is_refused_without_opening_it(history, tmp_path, check):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    # Opening a FIFO for writing (or reading, for --check) would block: the timeout in run() would fail the test.
    line = _error_line(run("build", str(history), "-o", str(fifo), *(["--check"] if check else []), cwd=tmp_path))
    assert "FIFO" in line and "untouched" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _no_temp_files(tmp_path)


def test_a_symlink_to_a_fifo_is_refused_and_both_stay(history, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.sql"
    link.symlink_to(fifo)
    line = _error_line(run("build", str(history), "-o", str(link), cwd=tmp_path))
    assert "FIFO" in line and "link.sql" in line
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused_untouched(history, tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        line = _error_line(run("build", str(history), "-o", str(path), cwd=tmp_path))
        assert "socket" in line
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_devices_are_refused_by_their_file_type():
    # No device node is ever made or touched by the tests: the file-type check itself, on st_mode values.
    assert _refused(stat.S_IFCHR | 0o666) == "a character device"
    assert _refused(stat.S_IFBLK | 0o660) == "a block device"
    assert _refused(stat.S_IFREG | 0o644) is None


def test_a_missing_folder_is_one_line_and_creates_nothing(history, tmp_path):
    out = tmp_path / "nope" / "baseline.sql"
    line = _error_line(run("build", str(history), "-o", str(out), cwd=tmp_path))
    assert "does not exist" in line
    assert not (tmp_path / "nope").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders: permission bits do not stop it")
def test_a_read_only_folder_is_one_line_and_leaves_nothing(history, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = _error_line(run("build", str(history), "-o", str(folder / "b.sql"), cwd=tmp_path))
        assert "Permission denied" in line
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_short_write_leaves_the_old_file_and_no_temp_file(history, tmp_path):
    out = tmp_path / "baseline.sql"
    out.write_text("old\n")
    line = _error_line(run("build", str(history), "-o", str(out), cwd=tmp_path, fsize=512))
    assert "cannot write" in line and "File too large" in line
    assert out.read_text() == "old\n"
    _no_temp_files(tmp_path)
