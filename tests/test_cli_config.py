"""The project's configuration file, in a temp project: found from a subfolder, overridden by the command line,
unknown keys and a DSN refused with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository whose history only replays cleanly in name order: in natural order 9_b alters b before it exists."""
    (tmp_path / ".git").mkdir()
    legacy = tmp_path / "db" / "legacy"
    legacy.mkdir(parents=True)
    (legacy / "1_a.sql").write_text("CREATE TABLE a (id int);\n")
    (legacy / "10_b.sql").write_text("CREATE TABLE b (id int);\n")
    (legacy / "9_b.sql").write_text("ALTER TABLE b ADD COLUMN x int;\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "sub").mkdir()
    return tmp_path


PYPROJECT = '[project]\nname = "app"\n\n[tool.consolidator]\nlegacy_dir = "db/legacy"\noutput = "out/base.sql"\norder = "natural"\n'


def test_build_without_arguments_uses_pyproject_settings(project):
    (project / "pyproject.toml").write_text(PYPROJECT)
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "9_b.sql:1" in result.stderr and "42P01" in result.stderr  # natural order, from the file
    assert "CREATE TABLE b" in (project / "out" / "base.sql").read_text()


def test_the_file_is_found_from_a_subfolder_and_the_command_line_wins(project):
    (project / "pyproject.toml").write_text(PYPROJECT)
    result = run("build", "--order", "name", "-o", "here.sql", cwd=project / "sub")
    assert result.returncode == 0, result.stderr
    assert "0 failed files" in result.stderr and "9_b.sql" not in result.stderr
    assert "x integer" in (project / "sub" / "here.sql").read_text()
    assert not (project / "out" / "base.sql").exists()


def test_consolidator_toml_for_projects_that_are_not_python(project):
    (project / "consolidator.toml").write_text('legacy_dir = "db/legacy"\noutput = "out/base.sql"\n'
                                               'migrations_dir = "db/next"\n')
    assert run("build", "-q", cwd=project / "sub").returncode == 0
    assert (project / "out" / "base.sql").is_file()
    new = run("new", "add_widgets", cwd=project / "sub")  # the runner reads the same file
    assert new.returncode == 0, new.stderr
    assert [p.name for p in (project / "db" / "next").iterdir()] == [Path(new.stdout.strip()).name]


def test_a_file_outside_the_repository_is_not_read(project):
    (project / "pyproject.toml").write_text(PYPROJECT)
    outside = project / "sub" / "elsewhere"
    outside.mkdir()
    (outside / ".git").mkdir()  # its own repository: the project's file above it does not apply
    result = run("build", cwd=outside)
    assert result.returncode == 2 and "LEGACY_DIR" in result.stderr


@pytest.mark.parametrize("line, message", [
    ('dsn = "postgresql://app:secret@db/prod"', "a database URL is never read from a file"),
    ("frobnicate = 1", "unknown key 'frobnicate'"),
    ('privileges = "yes"', "privileges must be true or false"),
])
def test_a_bad_key_is_one_line_and_exit_2(project, line, message):
    (project / "pyproject.toml").write_text(PYPROJECT + line + "\n")
    result = run("build", cwd=project)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "secret" not in result.stderr
    assert not (project / "out" / "base.sql").exists()
