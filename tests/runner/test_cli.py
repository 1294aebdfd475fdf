"""The runner's commands as a user runs them: exit status 0 / 1 / 2, one line on errors, never a traceback, never a
password."""

from __future__ import annotations

import json

import pytest

from tests.runner.conftest import cli
from tests.runner.test_migrate import COLORS, WIDGETS

SECRET = "s3cr%40t-pw"  # the URL form of "s3cr@t-pw"


def one_error_line(done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("consolidator: error: ")
    return lines[0]


@pytest.mark.parametrize("command", [["status"], ["migrate"], ["rollback"], ["repair"], ["mark-baseline"]])
def test_a_password_is_never_printed_not_even_in_errors(workspace, command):
    workspace.legacy()  # mark-baseline compiles it, then connects
    for dsn in (f"postgresql://app:{SECRET}@127.0.0.1:1/prod", "host=127.0.0.1 port=1 user=app password=s3cr@t-pw"):
        done = cli(*command, "--dsn", dsn, cwd=workspace.root)
        line = one_error_line(done)
        assert "cannot connect to" in line or "legacy folder not found" in line
        for secret in (SECRET, "s3cr@t-pw", "s3cr"):
            assert secret not in done.stdout + done.stderr


def test_without_a_database_every_command_says_how_to_name_one(workspace):
    assert "give --dsn URL or set DATABASE_URL" in one_error_line(cli("status", cwd=workspace.root))
    assert "the database URL is empty" in one_error_line(cli("migrate", cwd=workspace.root, env={"DATABASE_URL": " "}))


def test_new_numbers_files_and_writes_requirements(workspace):
    first = cli("new", "Add widgets", cwd=workspace.root)
    second = cli("new", "add colors", "--requires", "001_add_widgets", cwd=workspace.root)
    assert (first.returncode, first.stdout, second.stdout) == (0, "migrations/001_add_widgets.sql\n",
                                                               "migrations/002_add_colors.sql\n")
    assert (workspace.migrations / "002_add_colors.sql").read_text() == (
        "-- requires: 001_add_widgets\n-- migrate:up\n\n\n-- migrate:down\n\n")
    assert "no migration of that version" in one_error_line(cli("new", "x", "--requires", "009", cwd=workspace.root))
    assert "has no letters or digits" in one_error_line(cli("new", "--", "!!", cwd=workspace.root))


def test_the_cycle_through_the_cli_with_database_url(pg_database, workspace):
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_add_colors.sql", COLORS)
    env = {"DATABASE_URL": pg_database.dsn}
    assert cli("migrate", cwd=workspace.root, env=env).stdout.splitlines()[-1] == "applied 2 migrations"
    done = cli("status", cwd=workspace.root, env=env)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "2 applied"
    assert cli("rollback", "--steps", "1", cwd=workspace.root, env=env).returncode == 0
    (workspace.migrations / "001_add_widgets.sql").write_text(WIDGETS + "-- edited\n")
    done = cli("status", cwd=workspace.root, env=env)
    assert done.returncode == 1 and "changed      001_add_widgets" in done.stdout
    assert cli("migrate", cwd=workspace.root, env=env).returncode == 1
    assert "--to 7: no migration" in one_error_line(cli("migrate", "--to", "7", cwd=workspace.root, env=env))


def test_a_broken_migration_file_stops_migrate_before_it_connects(workspace):
    workspace.write("001_a.sql", "CREATE TABLE a (id int);\n")
    line = one_error_line(cli("migrate", "--dsn", "postgresql://nobody@127.0.0.1:1/x", cwd=workspace.root))
    assert line.endswith("migrations/001_a.sql:1: no '-- migrate:up' section")


def test_lint_formats(workspace):
    workspace.write("001_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n")
    text = cli("lint", cwd=workspace.root)
    assert text.returncode == 1
    assert text.stdout.startswith("migrations/001_a.sql:1: missing-down: 001_a has no down section")
    data = json.loads(cli("lint", "--format", "json", cwd=workspace.root).stdout)
    assert [(f["rule"], f["file"], f["line"]) for f in data["findings"]] == [("missing-down", "migrations/001_a.sql", 1)]
    github = cli("lint", "--format", "github", "migrations/001_a.sql", cwd=workspace.root).stdout
    assert github.startswith("::error file=migrations/001_a.sql,line=1,title=lint missing-down::001_a has no down")
    workspace.write("001_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n")
    clean = cli("lint", cwd=workspace.root)
    assert (clean.returncode, clean.stdout) == (0, "no findings in 1 migration (model: an empty database (no "
                                                   "baseline or legacy folder))\n")
    assert "not found: nope.sql" in one_error_line(cli("lint", "nope.sql", cwd=workspace.root))


@pytest.mark.pg
def test_mark_baseline_through_the_cli_starts_its_own_servers(pg_server, pg_database, workspace):
    from consolidator.verify.legacy import replay_folder

    legacy = workspace.legacy()
    workspace.build_baseline(legacy)
    replay_folder(pg_server, pg_database.name, legacy)
    done = cli("mark-baseline", "--dsn", pg_database.dsn, cwd=workspace.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("recorded 000_consolidated_baseline in public.schema_migrations")
