"""What `build` refuses to load from a legacy folder (issue 10): one line, exit 2, no output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def refused(result: subprocess.CompletedProcess, out: Path, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("consolidator: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert not out.exists()


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_t.sql").write_text("CREATE TABLE t (a int);\n")
    return folder


def test_a_file_over_the_size_limit_is_refused_not_loaded(legacy, tmp_path):
    (legacy / "002_big.sql").write_text("-- padding\n" * 200 + "CREATE TABLE big (a int);\n")  # 2,226 bytes
    out = tmp_path / "out.sql"
    refused(run("build", str(legacy), "-o", str(out), "--max-file-size", "2K", cwd=tmp_path), out,
            "002_big.sql is larger than the 2 KB limit", "--max-file-size")
    done = run("build", str(legacy), "-o", str(out), "--max-file-size", "3K", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "CREATE TABLE big" in out.read_text()


def test_the_default_limit_loads_an_ordinary_history(legacy, tmp_path):
    out = tmp_path / "out.sql"
    assert run("build", str(legacy), "-o", str(out), cwd=tmp_path).returncode == 0


def test_a_size_that_is_not_a_size_is_one_line(legacy, tmp_path):
    out = tmp_path / "out.sql"
    refused(run("build", str(legacy), "-o", str(out), "--max-file-size", "lots", cwd=tmp_path), out, "not a size")


def test_a_symlink_out_of_the_folder_is_refused_unless_followed(legacy, tmp_path):
    outside = tmp_path / "elsewhere.sql"
    outside.write_text("CREATE TABLE smuggled (a int);\n")
    (legacy / "002_link.sql").symlink_to(outside)
    out = tmp_path / "out.sql"
    refused(run("build", str(legacy), "-o", str(out), cwd=tmp_path), out,
            "002_link.sql", "outside the legacy folder", "--follow-symlinks")
    done = run("build", str(legacy), "-o", str(out), "--follow-symlinks", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "CREATE TABLE smuggled" in out.read_text()


def test_a_symlink_inside_the_folder_is_read(legacy, tmp_path):
    (legacy / "sub").mkdir()
    (legacy / "sub" / "real.sql").write_text("CREATE TABLE inside (a int);\n")
    (legacy / "002_link.sql").symlink_to(legacy / "sub" / "real.sql")
    out = tmp_path / "out.sql"
    done = run("build", str(legacy), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "CREATE TABLE inside" in out.read_text()


def test_a_fifo_is_refused_without_blocking(legacy, tmp_path):
    os.mkfifo(legacy / "002_pipe.sql")
    out = tmp_path / "out.sql"
    refused(run("build", str(legacy), "-o", str(out), cwd=tmp_path), out, "002_pipe.sql is not a regular file")


@pytest.mark.parametrize("entries", [[], ["README.md", "002_old.sql.skip"]])
def test_a_folder_without_migrations_is_one_line_and_no_output(tmp_path, entries):
    folder = tmp_path / "legacy"
    folder.mkdir()
    for name in entries:
        (folder / name).write_text("x\n")
    out = tmp_path / "out.sql"
    refused(run("build", str(folder), "-o", str(out), cwd=tmp_path), out, f"no migration files in {folder}",
            "looked for *.sql files in the folder itself, and the layouts of flyway")


def test_the_limits_hold_in_every_layout(tmp_path):
    folder = tmp_path / "migrations"
    (folder / "2024-01-01-000000_big").mkdir(parents=True)
    (folder / "2024-01-01-000000_big" / "up.sql").write_text("-- padding\n" * 200 + "CREATE TABLE big (a int);\n")
    (folder / "2024-01-01-000000_big" / "down.sql").write_text("DROP TABLE big;\n")
    out = tmp_path / "out.sql"
    refused(run("build", str(folder), "-o", str(out), "--max-file-size", "2K", cwd=tmp_path), out,
            "up.sql is larger than the 2 KB limit")
    done = run("build", str(folder), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "CREATE TABLE big" in out.read_text()
