"""Files that cannot run in a transaction (issue 10): CONCURRENTLY, VACUUM, ... or an `.autocommit.` / `.notx.`
name. `build` and `verify` both run them statement by statement, as their tools do, instead of failing them with
25001 inside the file's transaction; the header says which files and why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    files = {
        "001_t.sql": "CREATE TABLE t (a int, b int);\n",
        "002_index.sql": "CREATE INDEX CONCURRENTLY t_a ON t (a);\nCREATE UNIQUE INDEX CONCURRENTLY t_b ON t (b);\n",
        "003_more.autocommit.sql": "CREATE TABLE u (id int);\nDROP INDEX CONCURRENTLY t_b;\n",
        # stops at its error, as psql -v ON_ERROR_STOP=1 does: v (committed before it) stays, w is never created
        "004_half.notx.sql": "CREATE TABLE v (id int);\nCREATE INDEX CONCURRENTLY v_bad ON v (nope);\n"
                             "CREATE TABLE w (id int);\n",
        # an explicit block is a transaction block all the same
        "005_block.sql": "BEGIN;\nCREATE INDEX CONCURRENTLY t_a2 ON t (a);\nCOMMIT;\n",
        "006_plain.sql": "CREATE TABLE x (id int);\n",
    }
    for name, body in files.items():
        (folder / name).write_text(body)
    return folder


def test_build_runs_them_outside_a_transaction_and_says_so(history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(history), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sql = out.read_text()
    assert "CREATE INDEX t_a ON t (a);" in sql  # built, and without CONCURRENTLY (it builds an empty database)
    assert "CONCURRENTLY" not in sql.split("\n\n", 1)[1]  # only the header mentions it
    assert "t_b" not in sql.split("\n\n", 1)[1]  # dropped by 003
    assert "CREATE TABLE u" in sql and "CREATE TABLE v" in sql and "CREATE TABLE x" in sql
    assert "CREATE TABLE w" not in sql and "t_a2" not in sql.split("\n\n", 1)[1]
    header = sql.split("\n\n", 1)[0] + "\n"
    assert ("-- Run statement by statement, outside a transaction, as their tools run them:\n"
            "--   002_index.sql: line 1: CREATE INDEX CONCURRENTLY cannot run inside a transaction block\n"
            "--   003_more.autocommit.sql: named *.autocommit.*\n"
            "--   004_half.notx.sql: named *.notx.*\n"
            "--   005_block.sql: line 2: CREATE INDEX CONCURRENTLY cannot run inside a transaction block\n") in header
    assert "006_plain.sql" not in header
    assert ("004_half.notx.sql:2: [42703] column \"nope\" does not exist (004_half.notx.sql stopped here; what it "
            "committed before stays)") in header
    assert "005_block.sql:2: [25001] CREATE INDEX CONCURRENTLY cannot run inside a transaction block" in header
    assert "4 files run statement by statement, outside a transaction" in result.stderr


def test_the_statement_policy_changes_nothing_and_lists_none(history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(history), "--on-error", "statement", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sql = out.read_text()
    assert "outside a transaction" not in sql
    assert "CREATE TABLE w" in sql  # every statement runs on its own: the one after the error too


@pytest.mark.parametrize("statement, refused", [
    ("VACUUM t;", "VACUUM"),
    ("REINDEX TABLE CONCURRENTLY t;", "REINDEX CONCURRENTLY"),
    ("ALTER SYSTEM SET work_mem = '8MB';", "ALTER SYSTEM"),
    ("CREATE DATABASE other;", "CREATE DATABASE"),
    ("DROP INDEX CONCURRENTLY t_a;", "DROP INDEX CONCURRENTLY"),
])
def test_inside_begin_they_fail_with_25001_as_on_the_server(tmp_path, statement, refused):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_t.sql").write_text("CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\n")
    (folder / "002_block.sql").write_text(f"BEGIN;\n{statement}\nCOMMIT;\n")
    out = tmp_path / "out.sql"
    result = run("build", str(folder), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"002_block.sql:2: [25001] {refused} cannot run inside a transaction block" in out.read_text()


@pytest.mark.pg
def test_verify_runs_them_as_the_model_does_and_finds_the_baseline_equivalent(history, tmp_path):
    result = run("verify", str(history), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PostgreSQL replay: 4 applied, 2 rejected" in result.stdout, result.stdout
    assert "004_half.notx.sql:2: 42703" in result.stdout and "005_block.sql:2: 25001" in result.stdout
    assert "equivalent: the baseline builds the same schema" in result.stdout


@pytest.fixture
def dbmate_history(tmp_path: Path) -> Path:
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20240101000000_t.sql").write_text("-- migrate:up\nCREATE TABLE t (a int);\n\n"
                                                 "-- migrate:down\nDROP TABLE t;\n")
    # dbmate runs this one without a transaction: u stays although the statement after it fails
    (folder / "20240102000000_half.sql").write_text("-- migrate:up transaction:false\nCREATE TABLE u (id int);\n"
                                                    "ALTER TABLE t ADD COLUMN a int;\nCREATE TABLE w (id int);\n\n"
                                                    "-- migrate:down\nDROP TABLE u;\n")
    return folder


def test_a_layouts_own_no_transaction_marker_is_honoured(dbmate_history, tmp_path):
    out = tmp_path / "out.sql"
    result = run("build", str(dbmate_history), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sql = out.read_text()
    body = sql.split("\n\n", 1)[1]
    assert "CREATE TABLE u" in body and "CREATE TABLE w" not in body
    assert "--   20240102000000_half.sql: its tool runs it outside a transaction" in sql
    assert "[42701] column \"a\" of relation \"t\" already exists" in sql


@pytest.mark.pg
def test_verify_honours_the_layouts_marker_too(dbmate_history, tmp_path):
    result = run("verify", str(dbmate_history), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PostgreSQL replay: 1 applied, 1 rejected" in result.stdout, result.stdout
    assert "equivalent: the baseline builds the same schema" in result.stdout
