"""`consolidator build` as a user runs it: exit status, one-line errors, atomic output, --check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_users.sql").write_text("CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE);\n")
    (folder / "002_fix.sql").write_text("ALTER TABLE users ADD COLUMN name text;\nALTER TABLE users ADD COLUMN name text;\n")
    (folder / "003_notes.sql.skip").write_text("nothing\n")
    return folder


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("consolidator: error: ")
    return lines[0]


def test_build_writes_the_baseline_and_reports_the_failed_file(history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(history), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sql = out.read_text()
    assert "CREATE TABLE users" in sql and "name text" not in sql
    assert "002_fix.sql:2" in result.stderr and "42701" in result.stderr
    assert "003_notes.sql.skip" in sql  # listed as skipped in the header


def test_missing_folder_is_one_line_and_exit_2(tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(tmp_path / "nope"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "legacy folder not found" in _one_error_line(result)
    assert not out.exists()


def test_unknown_option_is_one_line_and_exit_2(history, tmp_path):
    result = run("build", str(history), "--frobnicate", cwd=tmp_path)
    assert result.returncode == 2
    assert "--frobnicate" in _one_error_line(result)


def test_unwritable_output_is_one_line_exit_2_and_leaves_nothing(history, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    result = run("build", str(history), "-o", str(blocker / "out.sql"), cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write" in _one_error_line(result)
    assert blocker.read_text() == "a file where a folder should be"


def test_unreadable_migration_is_one_line_and_exit_2(history, tmp_path):
    (history / "004_gone.sql").symlink_to(tmp_path / "missing-target.sql")
    out = tmp_path / "out.sql"
    result = run("build", str(history), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "004_gone.sql" in _one_error_line(result)
    assert not out.exists()


def test_on_error_stop_ends_at_the_first_failure_without_output(history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(history), "-o", str(out), "--on-error", "stop", cwd=tmp_path)
    assert result.returncode == 2
    assert "002_fix.sql:2" in _one_error_line(result)
    assert not out.exists()


def test_on_error_statement_keeps_the_rest_of_the_file(history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(history), "-o", str(out), "--on-error", "statement", cwd=tmp_path)
    assert result.returncode == 0
    assert "name text" in out.read_text()


def test_check_reports_a_stale_file_with_a_diff_and_writes_nothing(history, tmp_path):
    out = tmp_path / "out.sql"
    assert run("build", str(history), "-o", str(out), cwd=tmp_path).returncode == 0
    assert run("build", str(history), "-o", str(out), "--check", cwd=tmp_path).returncode == 0
    (history / "005_more.sql").write_text("CREATE INDEX ON users (email);\n")
    before = out.read_text()
    result = run("build", str(history), "-o", str(out), "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert "+CREATE INDEX users_email_idx ON users (email);  -- 005_more.sql:1" in result.stdout
    assert out.read_text() == before


def test_rejected_bytes_are_a_failed_file_not_a_crash(tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_ok.sql").write_text("CREATE TABLE a (id int);\n")
    (folder / "002_latin1.sql").write_bytes("CREATE TABLE caf\xe9 (id int);\n".encode("latin-1"))
    (folder / "003_junk.sql").write_bytes(bytes(range(256)) * 4)
    result = run("build", str(folder), "-o", str(tmp_path / "out.sql"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "002_latin1.sql:1" in result.stderr and "22021" in result.stderr
    assert "003_junk.sql" in result.stderr
