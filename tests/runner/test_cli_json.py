"""The runner's commands with --format json: one object on stdout when the command ends, its exit status kept."""

from __future__ import annotations

import json

from tests.runner.conftest import cli
from tests.runner.test_migrate import COLORS, WIDGETS


def document(done) -> dict:
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    assert list(data)[:3] == ["format_version", "command", "exit_code"] and data["format_version"] == 1
    assert data["exit_code"] == done.returncode
    return data


def test_migrate_status_and_rollback_as_json(pg_database, workspace):
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_add_colors.sql", COLORS)
    env = {"DATABASE_URL": pg_database.dsn}
    dry = document(cli("migrate", "--dry-run", "--format", "json", cwd=workspace.root, env=env))
    assert dry["dry_run"] is True and [m.split()[:2] for m in dry["messages"]] == [
        ["would", "apply"], ["would", "apply"]]
    done = document(cli("migrate", "--format", "json", cwd=workspace.root, env=env))
    assert (done["command"], done["exit_code"], done["messages"][-1]) == ("migrate", 0, "applied 2 migrations")
    status = document(cli("status", "--format", "json", cwd=workspace.root, env=env))
    assert status["ok"] is True
    assert [(m["version"], m["state"]) for m in status["migrations"]] == [("001_add_widgets", "applied"),
                                                                          ("002_add_colors", "applied")]
    assert all(m["executed_at"] for m in status["migrations"])
    back = document(cli("rollback", "--steps", "1", "--format", "json", cwd=workspace.root, env=env))
    assert back["exit_code"] == 0 and any("002_add_colors" in m for m in back["messages"])
    (workspace.migrations / "001_add_widgets.sql").write_text(WIDGETS + "-- edited\n")
    changed = document(cli("status", "--format", "json", cwd=workspace.root, env=env))
    assert changed["exit_code"] == 1 and changed["ok"] is False
    assert [(m["version"], m["state"]) for m in changed["migrations"]] == [("001_add_widgets", "changed"),
                                                                           ("002_add_colors", "pending")]
    repaired = document(cli("repair", "--yes", "--format", "json", cwd=workspace.root, env=env))
    assert repaired["exit_code"] == 0 and any("001_add_widgets" in m for m in repaired["messages"])
    assert document(cli("status", "--format", "json", cwd=workspace.root, env=env))["ok"] is True


def test_new_as_json(workspace):
    done = document(cli("new", "add widgets", "--format", "json", cwd=workspace.root))
    assert done["path"] == "migrations/001_add_widgets.sql" and (workspace.root / done["path"]).is_file()


def test_an_error_is_still_one_line_on_stderr_and_status_2(workspace):
    done = cli("status", "--format", "json", "--dsn", "postgresql://app:pw@127.0.0.1:1/x", cwd=workspace.root)
    assert done.returncode == 2 and done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
