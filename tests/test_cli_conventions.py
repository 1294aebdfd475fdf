"""The conventions a Python user reaches for first: --version, python -m, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def run(*args: str, cwd: Path, module: str = "consolidator", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_version_is_the_installed_package_version(tmp_path):
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"consolidator {metadata.version('consolidator')}\n"


def test_python_dash_m_consolidator_runs_the_cli(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: consolidator ")
    assert "build" in result.stdout and "verify" in result.stdout


def test_show_completion_prints_a_bash_script_that_completes_commands_and_options(tmp_path):
    script = run("--show-completion", "bash", cwd=tmp_path)
    assert script.returncode == 0, script.stderr
    assert "complete " in script.stdout and "_CONSOLIDATOR_COMPLETE=complete_bash" in script.stdout
    command = run(cwd=tmp_path, env={"_CONSOLIDATOR_COMPLETE": "complete_bash",
                                     "COMP_WORDS": "consolidator bu", "COMP_CWORD": "1"})
    assert command.stdout.split() == ["build"]
    option = run(cwd=tmp_path, env={"_CONSOLIDATOR_COMPLETE": "complete_bash",
                                    "COMP_WORDS": "consolidator build --on-e", "COMP_CWORD": "2"})
    assert option.stdout.split() == ["--on-error"]


def test_build_quiet_prints_only_errors_and_verbose_lists_every_diagnostic(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "001_a.sql").write_text("CREATE TABLE a (id int);\nALTER TABLE nope ADD COLUMN x int;\n")
    (legacy / "002_b.sql.skip").write_text("whatever\n")
    default = run("build", "legacy", "-o", "a.sql", cwd=tmp_path)
    quiet = run("build", "legacy", "-o", "a.sql", "-q", cwd=tmp_path)
    verbose = run("build", "legacy", "-o", "a.sql", "-v", cwd=tmp_path)
    assert all(r.returncode == 0 for r in (default, quiet, verbose))
    assert quiet.stderr == ""
    assert "001_a.sql:2: error" in default.stderr and "002_b.sql.skip" not in default.stderr
    assert "001_a.sql:2: error" in verbose.stderr and "002_b.sql.skip:1: info" in verbose.stderr
