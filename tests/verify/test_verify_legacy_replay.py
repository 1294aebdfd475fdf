"""Replaying a legacy folder on the real server: per-file outcomes under each on-error policy."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.verify.legacy import replay_folder


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "001_users.sql").write_text(
        "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n"
        "INSERT INTO users (email) VALUES ('a@example.com');\n"
    )
    # rejected part-way: the table is created, then the index names a column that does not exist
    (tmp_path / "002_tickets.sql").write_text(
        "CREATE TABLE tickets (id serial PRIMARY KEY, title text);\n"
        "\n"
        "CREATE INDEX tickets_status_idx\n"
        "  ON tickets (status);\n"
        "CREATE TABLE after_failure (id int);\n"
    )
    (tmp_path / "003_settings.sql").write_text("CREATE TABLE settings (key text PRIMARY KEY);\n")
    (tmp_path / "004_notes.sql.skip").write_text("CREATE TABLE notes (id int);\n")
    return tmp_path


def _tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        return {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_file_policy_rolls_back_the_failed_file_and_goes_on(pg_database, folder):
    replay = replay_folder(pg_database.server, pg_database.name, folder)

    assert [(f.name, f.status) for f in replay.files] == [
        ("001_users.sql", "ok"),
        ("002_tickets.sql", "failed"),
        ("003_settings.sql", "ok"),
    ]
    error = replay.failed["002_tickets.sql"].first_error
    assert error.sqlstate == "42703"
    assert error.message == 'column "status" does not exist'
    assert error.line == 4  # psql reports the statement's last line
    assert _tables(pg_database.dsn) == {"users", "settings"}  # tickets and after_failure rolled back


def test_statement_policy_keeps_what_succeeded(pg_database, folder):
    replay = replay_folder(pg_database.server, pg_database.name, folder, on_error="statement")

    assert replay.failed["002_tickets.sql"].first_error.sqlstate == "42703"
    assert _tables(pg_database.dsn) == {"users", "tickets", "after_failure", "settings"}


def test_stop_policy_runs_nothing_after_the_first_failure(pg_database, folder):
    replay = replay_folder(pg_database.server, pg_database.name, folder, on_error="stop")

    assert [f.status for f in replay.files] == ["ok", "failed", "not-run"]
    assert _tables(pg_database.dsn) == {"users"}


def test_invalid_utf8_is_reported_as_the_server_reports_it(pg_database, tmp_path):
    (tmp_path / "001_bad.sql").write_bytes(b"CREATE TABLE ok_before (id int);\nSELECT '\xff';\n")
    replay = replay_folder(pg_database.server, pg_database.name, tmp_path)

    error = replay.failed["001_bad.sql"].first_error
    assert (error.sqlstate, error.line) == ("22021", 2)
    assert error.message == 'invalid byte sequence for encoding "UTF8": 0xff'
    assert _tables(pg_database.dsn) == set()


def test_psql_meta_command_errors_have_no_sqlstate(pg_database, tmp_path):
    (tmp_path / "001_meta.sql").write_text("CREATE TABLE t (id int);\n\\nosuchcommand\n")
    replay = replay_folder(pg_database.server, pg_database.name, tmp_path)

    error = replay.failed["001_meta.sql"].first_error
    assert error.sqlstate is None
    assert "invalid command" in error.message


def test_progress_reports_every_file(pg_database, folder):
    seen = []
    replay_folder(pg_database.server, pg_database.name, folder, progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen == [(1, 3, "001_users.sql"), (2, 3, "002_tickets.sql"), (3, 3, "003_settings.sql")]
