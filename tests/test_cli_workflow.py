"""The files that fit consolidator into a team's workflow: pre-commit hooks that work as written, the README's
exit codes, the package metadata."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def hooks() -> dict[str, dict[str, str]]:
    """id -> its keys, from .pre-commit-hooks.yaml (a flat list of mappings; no YAML library is a dependency)."""
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines():
        m = re.match(r"^(- |  )(\w+): (.*)$", line)
        if not m:
            continue
        if m.group(1) == "- ":
            current = {}
        current[m.group(2)] = m.group(3)
        if m.group(2) == "id":
            found[m.group(3)] = current
    return found


def run_entry(entry: str, cwd: Path) -> subprocess.CompletedProcess:
    words = shlex.split(entry)
    assert words[0] == "consolidator"
    return subprocess.run([sys.executable, "-m", "consolidator", *words[1:]], cwd=cwd, capture_output=True, text=True)


def test_the_pre_commit_hooks_run_as_written_in_a_configured_project(tmp_path):
    found = hooks()
    assert set(found) == {"consolidator-check", "consolidator-lint"}
    assert all(h["language"] == "python" and h["pass_filenames"] == "false" for h in found.values())
    (tmp_path / ".git").mkdir()
    (tmp_path / "legacy").mkdir()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "legacy" / "001_users.sql").write_text("CREATE TABLE users (id int PRIMARY KEY);\n")
    (tmp_path / "consolidator.toml").write_text('legacy_dir = "legacy"\noutput = "baseline.sql"\n')
    check = found["consolidator-check"]["entry"]
    assert run_entry(check, tmp_path).returncode == 1  # no baseline committed yet: stale
    assert subprocess.run([sys.executable, "-m", "consolidator", "build", "-q"], cwd=tmp_path).returncode == 0
    assert run_entry(check, tmp_path).returncode == 0
    (tmp_path / "legacy" / "002_more.sql").write_text("ALTER TABLE users ADD COLUMN email text;\n")
    stale = run_entry(check, tmp_path)
    assert stale.returncode == 1 and "+    email text" in stale.stdout
    (tmp_path / "migrations" / "001_drop.sql").write_text("-- migrate:up\nDROP TABLE users;\n-- migrate:down\n")
    lint = run_entry(found["consolidator-lint"]["entry"], tmp_path)
    assert lint.returncode == 1 and "destructive" in lint.stdout


def test_the_readme_documents_the_exit_codes_below_its_first_screen():
    readme = (ROOT / "README.md").read_text()
    first_screen = readme.split("\n## ")[0]
    assert re.findall(r"^make \w+", first_screen, flags=re.M) == ["make baseline", "make test"]
    codes = readme.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    assert [row.split("|")[1].strip() for row in codes.splitlines() if re.match(r"^\| \d ", row)] == ["0", "1", "2"]


def test_the_package_metadata_is_complete():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"consolidator": "consolidator.cli:console"}
    assert any(c.startswith("Topic :: Database") for c in project["classifiers"])
    assert project["readme"] == "README.md" and project["requires-python"]


def test_the_command_ends_with_its_status_and_all_of_its_output(tmp_path):
    # the console entry point leaves the freeing of the model to the operating system (os._exit): what was written
    # to a pipe must all have arrived first, and every exit status must be kept
    from consolidator.build import build

    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "001_a.sql").write_text("CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1), (2);\n")
    (legacy / "002_b.sql").write_text("ALTER TABLE a ADD COLUMN note text DEFAULT 'x';\n")
    command = [sys.executable, "-m", "consolidator", "build", "legacy"]
    piped = subprocess.run([*command, "-o", "-"], cwd=tmp_path, capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stdout == build(legacy).sql
    assert subprocess.run([*command, "-o", "out.sql", "-q"], cwd=tmp_path).returncode == 0
    assert subprocess.run([*command, "-o", "out.sql", "--check"], cwd=tmp_path, capture_output=True).returncode == 0
    (tmp_path / "out.sql").write_text("-- edited by hand\n")
    stale = subprocess.run([*command, "-o", "out.sql", "--check"], cwd=tmp_path, capture_output=True, text=True)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    missing = subprocess.run([*command[:-1], "nowhere"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr == "consolidator: error: legacy folder not found: nowhere\n"
