"""diff compiles the folder at a git revision and in the working tree and says what changed in model terms."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.audit.conftest import one_error_line, run_cli


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "db" / "legacy").mkdir(parents=True)
    (repo / "db" / "legacy" / "001_tickets.sql").write_text(
        "CREATE TABLE tickets (id serial PRIMARY KEY, priority varchar(20));\n")
    (repo / "db" / "legacy" / "002_owner.sql").write_text("ALTER TABLE tickets ADD COLUMN owner text;\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "history")
    (repo / "db" / "legacy" / "058_widen_priority.sql").write_text(
        "-- wider\n\nALTER TABLE tickets ALTER COLUMN priority TYPE varchar(50);\n")
    return repo


def test_a_one_column_change(repo):
    result = run_cli("diff", "db/legacy", cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("legacy/ at HEAD (")
    assert lines[1:] == ["column tickets.priority: type varchar(20) → varchar(50) (changed by 058_widen_priority.sql:3)",
                         "file 058_widen_priority.sql: added (058_widen_priority.sql)"]


def test_markdown_and_json(repo):
    md = run_cli("diff", "db/legacy", "--format", "md", cwd=repo).stdout
    assert "- column `tickets.priority`: type `varchar(20)` → `varchar(50)` (changed by `058_widen_priority.sql:3`)" in md
    data = json.loads(run_cli("diff", "db/legacy", "--format", "json", "--against", "HEAD", cwd=repo).stdout)
    assert data["format_version"] == 1 and data["against"] == "HEAD" and len(data["revision"]) == 40
    change = data["changes"][0]
    assert (change["kind"], change["name"], change["attribute"], change["before"], change["after"], change["file"],
            change["line"]) == ("column", "tickets.priority", "type", "varchar(20)", "varchar(50)",
                                "058_widen_priority.sql", 3)


def test_renames_drops_and_the_same_tree(repo):
    legacy = repo / "db" / "legacy"
    (legacy / "058_widen_priority.sql").unlink()
    assert run_cli("diff", "db/legacy", cwd=repo).stdout.splitlines()[1:] == ["no changes in the model"]
    (legacy / "003_rename.sql").write_text("ALTER TABLE tickets RENAME COLUMN owner TO owned_by;\n"
                                           "ALTER TABLE tickets DROP COLUMN priority;\n")
    out = run_cli("diff", "db/legacy", cwd=repo).stdout
    assert "column tickets.owned_by: renamed from tickets.owner (changed by 003_rename.sql:1)" in out
    assert "column tickets.priority: removed (changed by 003_rename.sql:2)" in out


def test_a_folder_new_in_the_working_tree(repo):
    (repo / "other").mkdir()
    (repo / "other" / "001.sql").write_text("CREATE TABLE t (a int);\n")
    out = run_cli("diff", "other", cwd=repo).stdout
    assert "the folder does not exist at HEAD: compared with an empty history" in out
    assert "table t: added (changed by 001.sql:1)" in out


def test_errors_are_one_line(repo, tmp_path):
    assert "git rev-parse failed" in one_error_line(run_cli("diff", "db/legacy", "--against", "no-such-rev", cwd=repo))
    assert "git rev-parse failed" in one_error_line(run_cli("diff", "db/legacy", "--against", "--output=x", cwd=repo))
    outside = tmp_path / "plain"
    outside.mkdir()
    assert "git" in one_error_line(run_cli("diff", str(outside), cwd=tmp_path))
    assert "not found" in one_error_line(run_cli("diff", "missing", cwd=repo))
