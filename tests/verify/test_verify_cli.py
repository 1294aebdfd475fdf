"""`consolidator verify` end to end, as a user runs it: exit status 0 / 1 / 2, one line on errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "consolidator.cli", "verify", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=300,
    )


def assert_one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("consolidator: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def legacy(tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_users.sql").write_text(
        "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE);\n"
    )
    (folder / "002_tickets.sql").write_text(
        "CREATE TABLE tickets (id serial PRIMARY KEY, user_id int REFERENCES users(id), title text NOT NULL);\n"
        "CREATE INDEX idx_tickets_user ON tickets (user_id);\n"
    )
    (folder / "003_broken.sql").write_text(
        "ALTER TABLE tickets ADD COLUMN status varchar(20) DEFAULT 'open';\n"
        "CREATE INDEX idx_tickets_missing ON tickets (no_such_column);\n"
    )
    (folder / "004_widen.sql").write_text("ALTER TABLE users ALTER COLUMN email TYPE varchar(255);\n")
    return folder


@pytest.mark.pg
def test_a_history_verifies_equivalent_and_its_rejected_file_is_predicted(legacy):
    done = run(str(legacy), "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PostgreSQL replay: 3 applied, 1 rejected" in done.stdout
    assert 'rejected 003_broken.sql:2: 42703 column "no_such_column" does not exist (predicted by the compiler)' in done.stdout
    assert "equivalent: the baseline builds the same schema and seed rows as the legacy history" in done.stdout


@pytest.mark.pg
def test_a_baseline_that_differs_exits_1_with_findings(legacy, tmp_path):
    baseline = tmp_path / "baseline.sql"
    baseline.write_text(
        "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE);\n"
        "CREATE TABLE tickets (id serial PRIMARY KEY, user_id int REFERENCES users(id), title text NOT NULL);\n"
    )
    done = run(str(legacy), "--baseline", str(baseline), "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert list(report)[0] == "format_version" and report["format_version"] == 1
    assert report["equivalent"] is False
    assert [f["message"] for f in report["findings"]] == [
        "column users.email: type varchar(255) in legacy, varchar(100) in baseline "
        "(created in 001_users.sql:1, last changed in 004_widen.sql:1)",
        "index idx_tickets_user: present in legacy, missing in baseline: "
        "CREATE INDEX idx_tickets_user ON public.tickets USING btree (user_id) (created in 002_tickets.sql:2)",
    ]


def test_an_unreachable_database_exits_2_with_one_line(tmp_path):
    done = run("--dsn", f"postgresql://postgres@/nodb?host={tmp_path}&port=5999", "--baseline", str(tmp_path / "b.sql"))
    assert_one_line_error(done, "cannot connect to database", str(tmp_path))


@pytest.mark.pg
def test_a_baseline_that_does_not_apply_exits_2_with_one_line(pg_database, tmp_path):
    baseline = tmp_path / "baseline.sql"
    baseline.write_text("CREATE TABLE a (id int);\n\nCREATE INDEX a_idx ON a (nope);\n")
    done = run("--dsn", pg_database.dsn, "--baseline", str(baseline))
    assert_one_line_error(done, "baseline does not apply", "baseline.sql:3: 42703", 'column "nope" does not exist')


def test_missing_server_binaries_exit_2_with_one_line(legacy, tmp_path):
    done = run(str(legacy), env={"CONSOLIDATOR_PG_BINDIR": str(tmp_path)})
    assert_one_line_error(done, "PostgreSQL server binaries", "not found")


def test_a_missing_baseline_file_exits_2_with_one_line(legacy, tmp_path):
    done = run(str(legacy), "--baseline", str(tmp_path / "nope.sql"))
    assert_one_line_error(done, "baseline file not found")


def test_a_missing_legacy_folder_exits_2_with_one_line(tmp_path):
    done = run(str(tmp_path / "nope"))
    assert_one_line_error(done, "legacy folder not found")


@pytest.mark.pg
def test_a_history_that_creates_roles_replays_twice_and_privileges_are_compared_on_request(tmp_path):
    folder = tmp_path / "roles"
    folder.mkdir()
    (folder / "001_t.sql").write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    (folder / "002_role.sql").write_text("CREATE ROLE app_reader;\nGRANT SELECT ON t TO app_reader;\n")
    baseline = tmp_path / "baseline.sql"
    baseline.write_text("CREATE TABLE t (id int PRIMARY KEY);\n")

    done = run(str(folder), "--baseline", str(baseline), "-q")
    # roles are server-wide: each replay has its own server; the grant was not compared, so not equivalent
    assert done.returncode == 1, done.stdout + done.stderr
    assert "PostgreSQL replay: 2 applied, 0 rejected" in done.stdout
    assert "not compared" in done.stdout and "compares them only with --privileges" in done.stdout

    done = run(str(folder), "--baseline", str(baseline), "-q", "--privileges")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "table t: privileges (app_reader: SELECT; postgres: INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, "
        "TRIGGER) in legacy, default in baseline"
    ) in done.stdout
