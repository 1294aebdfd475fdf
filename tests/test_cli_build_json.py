"""`consolidator build --format json`: the report tools read, on stdout, with the baseline still written."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator", *args], cwd=cwd, capture_output=True, text=True)


def history(tmp_path: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_users.sql").write_text("CREATE TABLE users (id int);\n")
    (folder / "002_fix.sql").write_text("-- again\nALTER TABLE users\n  ADD COLUMN id int;\n")
    (folder / "003_notes.sql.skip").write_text("nothing\n")
    return folder


def test_the_json_report_lists_files_diagnostics_and_counts(tmp_path):
    folder = history(tmp_path)
    result = run("build", str(folder), "-o", "base.sql", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # the summary is the report now
    report = json.loads(result.stdout)
    assert set(report) == {"format_version", "output", "layout", "files", "diagnostics", "counts"}
    assert (report["format_version"], report["output"], report["layout"]) == (1, "base.sql", "flat")
    digest = hashlib.sha256((folder / "002_fix.sql").read_bytes()).hexdigest()
    assert report["files"] == [
        {"name": "001_users.sql", "status": "replayed",
         "sha256": hashlib.sha256((folder / "001_users.sql").read_bytes()).hexdigest(), "transaction": True},
        {"name": "002_fix.sql", "status": "failed", "sha256": digest, "transaction": True},
        {"name": "003_notes.sql.skip", "status": "skipped", "sha256": None, "transaction": None},
    ]
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert [(d["file"], d["line"], d["column"], d["sqlstate"]) for d in errors] == [("002_fix.sql", 2, 1, "42701")]
    assert report["counts"]["failed_files"] == 1 and report["counts"]["files_skipped"] == 1
    assert "CREATE TABLE users" in (tmp_path / "base.sql").read_text()


def test_json_with_check_says_whether_the_baseline_is_current(tmp_path):
    folder = history(tmp_path)
    assert run("build", str(folder), "-o", "base.sql", "-q", cwd=tmp_path).returncode == 0
    current = run("build", str(folder), "-o", "base.sql", "--check", "--format", "json", cwd=tmp_path)
    assert current.returncode == 0 and json.loads(current.stdout)["up_to_date"] is True
    (folder / "004_more.sql").write_text("CREATE TABLE more (id int);\n")
    stale = run("build", str(folder), "-o", "base.sql", "--check", "--format", "json", cwd=tmp_path)
    assert stale.returncode == 1 and json.loads(stale.stdout)["up_to_date"] is False


def test_json_and_the_baseline_cannot_share_stdout(tmp_path):
    result = run("build", str(history(tmp_path)), "-o", "-", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("consolidator: error: --format json") and result.stderr.count("\n") == 1
