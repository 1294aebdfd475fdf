"""`--format json` on every command that reports: one JSON object on stdout, `format_version` its first key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.source import layout_folders as lf


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True)


def document(result: subprocess.CompletedProcess) -> dict:
    assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[0] == "format_version" and data["format_version"] == 1
    return data


def test_plan_json_lists_the_apply_order_what_is_left_out_and_the_notes(tmp_path):
    lf.write(tmp_path / "legacy", lf.LIQUIBASE)
    data = document(run("plan", "legacy", "--format", "json", cwd=tmp_path))
    assert (data["layout"], data["detected"]) == ("liquibase", True)
    assert [(f["name"], f["transaction"]) for f in data["files"]] == [
        ("changes/2-create.sql", True), ("changes/10-alter.sql", False), ("views/1_base.sql", True)]
    assert {"name": "orphan.sql", "reason": "formatted SQL changelog the master changelog does not include: "
                                            "Liquibase never runs it"} in data["left_out"]
    assert any(n["where"] == "changes/10-alter.sql:3" and "runOnChange" in n["note"] for n in data["notes"])


def test_build_json_says_which_files_ran_outside_a_transaction(tmp_path):
    lf.write(tmp_path / "legacy", lf.SQITCH)
    data = document(run("build", "legacy", "-o", "out.sql", "--format", "json", cwd=tmp_path))
    replayed = [f for f in data["files"] if f["status"] == "replayed"]
    assert [f["name"] for f in replayed] == lf.SQITCH_ORDER and not any(f["transaction"] for f in replayed)


def test_blame_json(tmp_path):
    lf.write(tmp_path / "legacy", lf.GOLANG_MIGRATE)
    data = document(run("blame", "t.b", "--legacy", "legacy", "--format", "json", cwd=tmp_path))
    assert (data["target"], data["kind"]) == ("t.b", "column")
    assert data["names"] == ["t.a", "t.b"]  # through its rename
    assert any("10_rename.up.sql" in line for line in data["lines"])


def test_lint_json_carries_the_format_version(tmp_path):
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "001_a.sql").write_text("-- migrate:up\nCREATE TABLE a (id int);\n")
    data = document(run("lint", "--format", "json", cwd=tmp_path))
    assert [f["rule"] for f in data["findings"]] == ["missing-down"]


def test_the_audit_graph_diff_and_model_json_share_the_convention(tmp_path):
    lf.write(tmp_path / "legacy", lf.GOLANG_MIGRATE)
    for args in (["audit", "legacy"], ["graph", "legacy"], ["model", "legacy"]):
        document(run(*args, "--format", "json", "-o", "-", cwd=tmp_path))
