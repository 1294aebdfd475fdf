"""Shared by the audit tests: the fixture corpus compiled once, and the CLI run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "legacy_migrations"
OUTPUT = ROOT / "output"


def run_cli(*args: str, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          **kwargs)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("consolidator: error: ")
    return lines[0]


@pytest.fixture(scope="session")
def corpus_history():
    from consolidator.audit.history import compile_history

    return compile_history(LEGACY)


@pytest.fixture(scope="session")
def corpus_report(corpus_history):
    from consolidator.audit.report import Report

    return Report(corpus_history)


@pytest.fixture(scope="session")
def corpus_json(corpus_report) -> dict:
    return corpus_report.as_json()


@pytest.fixture(scope="session")
def corpus_markdown(corpus_report) -> str:
    return corpus_report.to_markdown()


def markdown_section(text: str, title: str) -> str:
    """The text of the `## title` section (up to the next `## ` heading)."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]
