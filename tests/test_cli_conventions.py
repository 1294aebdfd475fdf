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
