"""`consolidator plan` and `--layout` as a user runs them: the detected layout, the apply order, what is left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.source import layout_folders as lf


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidator.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_plan_prints_the_detected_layout_the_order_and_what_is_left_out(tmp_path):
    lf.write(tmp_path / "legacy", lf.FLYWAY)
    result = run("plan", "legacy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "layout: flyway (detected)"
    assert lines[1] == "apply order (6 files):"
    assert [line.split()[1] for line in lines[2:8]] == lf.FLYWAY_ORDER
    assert lines[8] == "left out (4 files):"
    assert "  U1.10__rename.sql: Flyway undo migration: never replayed" in lines[9:]


def test_plan_with_a_forced_layout_and_its_errors(tmp_path):
    lf.write(tmp_path / "legacy", lf.DBMATE)
    forced = run("plan", "legacy", "--layout", "flat", cwd=tmp_path)
    assert forced.returncode == 0 and forced.stdout.startswith("layout: flat (forced)\n")
    for args in (["plan", "nowhere"], ["plan", "legacy", "--layout", "sqitchy"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_build_reads_a_dbmate_folder_without_its_down_sections(tmp_path):
    lf.write(tmp_path / "legacy", lf.DBMATE)
    out = tmp_path / "out.sql"
    result = run("build", "legacy", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE t (" in out.read_text() and "0 failed files" in result.stderr
    flat = run("build", "legacy", "--layout", "flat", "-o", str(tmp_path / "flat.sql"), cwd=tmp_path)
    assert flat.returncode == 0 and "CREATE TABLE t (" not in (tmp_path / "flat.sql").read_text()  # its down sections ran


def test_audit_reads_layouts_whose_versions_are_not_integers(tmp_path):
    for name, folder in (("flyway", lf.FLYWAY), ("diesel", lf.DIESEL)):  # versions 1.10, 2024-01-01-000000
        lf.write(tmp_path / name, folder)
        result = run("audit", name, "-o", f"{name}.md", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "never replayed" in (tmp_path / f"{name}.md").read_text()


def test_an_atlas_sum_mismatch_stops_build_with_one_line_and_status_2(tmp_path):
    lf.write(tmp_path / "legacy", lf.ATLAS)
    (tmp_path / "legacy" / "20240105000000_add_c.sql").write_text("ALTER TABLE t ADD COLUMN c text;\n")
    result = run("build", "legacy", "-o", "out.sql", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "checksum mismatch" in result.stderr
    assert not (tmp_path / "out.sql").exists()


def test_the_readme_tour_shows_a_sqitch_project_as_plan_prints_it(tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    shown = readme.split("$ consolidator plan flipr\n", 1)[1].split("```", 1)[0]
    lf.write(tmp_path / "flipr", lf.SQITCH)
    result = run("plan", "flipr", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == shown
