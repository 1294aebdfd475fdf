"""The runner's parts that can be checked without timing anything: process runs, timeouts, the table."""

from __future__ import annotations

import sys

import pytest

from benchmarks import report
from benchmarks.measure import GNU_TIME, Measurement, Run, measure, run_process
from benchmarks.runner import build_output, count_statements, parse_args


def fake(walls, *, timeout=900.0, killed=False, rss_kb=200 * 1024, error=None) -> Measurement:
    runs = [Run(wall=w, maxrss_kb=rss_kb, returncode=0, timed_out=False) for w in walls]
    if killed:
        runs.append(Run(wall=timeout, maxrss_kb=rss_kb * 3, returncode=None, timed_out=True))
    return Measurement(runs=runs, warmups=1, timeout=timeout, error=error)


def test_table_on_fake_measurements():
    rows = [
        report.Row("synthetic, 1,000 files", 1000, 3000, fake([2.0, 1.0, 3.0]), fake([30.0, 31.0, 29.0])),
        report.Row("synthetic, 10,000 files", 10000, 30000, fake([], killed=True), fake([300.0])),
        report.Row("`legacy_migrations/`, rebuild, unchanged", 56, 251, fake([0.25, 0.2, 0.3])),
        report.Row("broken", 5, 10, fake([], error="exit 2: boom"), None),
    ]
    text = report.format_table(rows)
    lines = text.splitlines()
    assert lines[0].split("  ")[0].strip() == "history" and set(lines[1]) <= {"-", " "}
    one = lines[2]
    assert "1,000" in one and "2.000" in one and "30.0" in one and "15.00" in one  # median 2 s, 30 s, ratio 15
    assert "200" in one and "667" in one  # peak MB; 2 s / 3,000 statements = 667 µs
    big = lines[3]
    assert "did not finish in 900 s" in big and "< 0.33" in big and "≥ 600 (killed)" in big and "> 30000" in big
    assert "0.250" in lines[4] and "—" in lines[4]
    assert "failed (exit 2: boom)" in lines[5]
    assert len({len(line) for line in lines}) == 1  # aligned


def test_markdown_report_carries_machine_and_command():
    rows = [report.Row("synthetic, 100 files", 100, 300, fake([1.0]), fake([4.0]))]
    md = report.render_markdown(label="Before (issue 14)", commit="abc1234", command="python -m benchmarks",
                                machine_info={"CPU": "Test CPU × 2", "PostgreSQL": "15.0"}, rows=rows,
                                total_seconds=90, histories=["- 100 files"], failures=[])
    assert "## Before (issue 14)" in md and "`abc1234`" in md and "python -m benchmarks" in md
    assert "- CPU: Test CPU × 2" in md and "- whole benchmark: 1.5 min" in md
    assert "| synthetic, 100 files | 100 | 300 | 1.000 | 4.000 | 4.00 | 200 | 3333 |" in md


def test_machine_info_reads_this_machine():
    info = report.machine(None)
    assert set(info) >= {"CPU", "RAM", "Python", "PostgreSQL", "date"}


def test_run_process_reports_exit_status_and_memory(tmp_path):
    run = run_process([sys.executable, "-c", "print('hi'); raise SystemExit(3)"], timeout=60, log_dir=tmp_path)
    assert run.returncode == 3 and not run.timed_out and run.stdout.strip() == "hi"
    assert run.maxrss_kb > 1000


@pytest.mark.skipif(GNU_TIME is None, reason="GNU time is not installed: the peak is an upper bound")
def test_peak_memory_is_the_commands_own_not_the_runners(tmp_path):
    """Linux starts a forked child's ru_maxrss at its parent's size: a big runner must not inflate a small build."""
    ballast = bytearray(400 * 1024 * 1024)  # noqa: F841  (this process is now over 400 MB resident)
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = run_process([sys.executable, "-c", "pass"], timeout=60, log_dir=tmp_path)
    assert run.rss_exact and 1000 < run.maxrss_kb < 200 * 1024
    big = run_process([sys.executable, "-c", "x = bytearray(300 * 1024 * 1024); x[::4096] = b'y' * len(x[::4096])"],
                      timeout=60, log_dir=tmp_path)
    assert big.maxrss_kb > 300 * 1024


def test_a_run_past_its_timeout_is_killed_and_reported(tmp_path):
    run = run_process([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5, log_dir=tmp_path)
    assert run.timed_out and run.returncode is None
    assert run.maxrss_kb > 1000 and run.rss_exact == (GNU_TIME is not None)  # the killed command's own peak
    m = measure(lambda i: [sys.executable, "-c", "import time; time.sleep(60)"], warmups=1, runs=3, timeout=0.5,
                setup=lambda i: {"log_dir": tmp_path})
    assert m.timed_out and len(m.runs) == 1 and m.median is None  # a warm-up that times out ends the row
    assert report.seconds(m) == "did not finish in 0.5 s"


def test_measure_counts_runs_after_the_warmup(tmp_path):
    m = measure(lambda i: [sys.executable, "-c", "pass"], warmups=2, runs=3, timeout=60,
                setup=lambda i: {"log_dir": tmp_path})
    assert len(m.runs) == 3 and m.warmups == 2 and m.median is not None and m.error is None
    bad = measure(lambda i: [sys.executable, "-c", "raise SystemExit('no')"], warmups=0, runs=3, timeout=60,
                  setup=lambda i: {"log_dir": tmp_path})
    assert bad.error == "exit 1: no" and bad.median is None and len(bad.runs) == 1


def test_build_output_and_statement_count(tmp_path):
    out = ("wrote x.sql: 1 tables\nreplay: 2 files replayed, 1 failed files, 0 files skipped\n"
           "  b.sql:3: error: column \"a\" does not exist (b.sql rolled back) [42703]\n")
    summary, errors = build_output(out)
    assert summary.startswith("replay: 2 files") and errors == ['b.sql:3: error: column "a" does not exist '
                                                                '(b.sql rolled back) [42703]']
    (tmp_path / "001_a.sql").write_text("CREATE TABLE a (id int);\nDO $$ BEGIN NULL; END $$;\n")
    (tmp_path / "002_b.sql").write_text("CREATE TABLE b (id int;\nSELECT 1;\n")  # a syntax error: counted at ;
    (tmp_path / "003_c.sql.skip").write_text("SELECT 1;")
    assert count_statements(tmp_path) == (2, 4)


def test_sizes_are_checked():
    assert parse_args(["--sizes", "100,tables50,legacy"]).sizes == ["100", "tables50", "legacy"]
    with pytest.raises(SystemExit):
        parse_args(["--sizes", "huge"])
