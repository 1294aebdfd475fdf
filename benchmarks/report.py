"""The benchmark's table (terminal and Markdown) and the description of the machine it ran on."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import Measurement

COLUMNS = ["history", "files", "statements", "build s (median)", "server s", "server / build",
           "build peak MB", "µs / statement (build)"]


@dataclass
class Row:
    history: str
    files: int
    statements: int
    build: Measurement
    server: Measurement | None = None       # None: not measured for this row (a rebuild)
    build_failed: list[str] = field(default_factory=list)   # files the model rejected (from the build's output)
    build_summary: str = ""                                 # the build's "replay: ..." line
    server_failed: list[dict] = field(default_factory=list)  # files PostgreSQL rejected
    note: str = ""


def seconds(m: Measurement | None) -> str:
    if m is None:
        return "—"
    if m.error:
        return f"failed ({m.error})"
    if m.timed_out:
        return f"did not finish in {m.timeout:g} s"
    if m.median is None:
        return "—"
    return f"{m.median:.3f}" if m.median < 10 else f"{m.median:.1f}"


def ratio(row: Row) -> str:
    b, s = row.build, row.server
    if s is None or s.median is None:
        return "—"
    if b.median is not None:
        return f"{s.median / b.median:.2f}"
    if b.timed_out:
        return f"< {s.median / b.timeout:.2f}"
    return "—"


def peak(m: Measurement) -> str:
    bound = "" if all(r.rss_exact for r in m.runs) else "≤ "  # no GNU time: the runner's size is in the figure
    if m.peak_mb is not None:
        return f"{bound}{m.peak_mb:.0f}"
    killed = [r for r in m.runs if r.timed_out]
    if killed:
        return f"≥ {max(r.maxrss_kb for r in killed) / 1024:.0f} (killed)"
    return "—"


def per_statement(row: Row) -> str:
    if not row.statements:
        return "—"
    if row.build.median is not None:
        return f"{row.build.median / row.statements * 1e6:.0f}"
    if row.build.timed_out:
        return f"> {row.build.timeout / row.statements * 1e6:.0f}"
    return "—"


def cells(row: Row) -> list[str]:
    return [row.history, f"{row.files:,}", f"{row.statements:,}", seconds(row.build), seconds(row.server),
            ratio(row), peak(row.build), per_statement(row)]


def format_table(rows: list[Row]) -> str:
    """Plain text, aligned, for the terminal."""
    table = [COLUMNS] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    out = []
    for n, line in enumerate(table):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def runs_detail(m: Measurement | None) -> str:
    if m is None:
        return "—"
    walls = ", ".join(f"{r.wall:.2f}" + (" (killed)" if r.timed_out else "") for r in m.runs)
    spread = f"; min {m.minimum:.3f}, max {m.maximum:.3f}" if m.median is not None and len(m.runs) > 1 else ""
    return f"{m.warmups} warm-up + {len(m.runs)} counted: {walls}{spread}"


def detail_table(rows: list[Row]) -> str:
    lines = ["| history | build runs (s) | server runs (s) | build's replay summary |", "|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.history} | {runs_detail(r.build)} | {runs_detail(r.server)} | {r.build_summary or '—'} |")
    return "\n".join(lines)


# ---- the machine ---------------------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def machine(bindir: Path | None) -> dict[str, str]:
    cpuinfo = _read("/proc/cpuinfo")
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    pg = "unknown"
    if bindir is not None:
        try:
            pg = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True, text=True,
                                check=False).stdout.strip() or pg
        except OSError:
            pass
    return {
        "CPU": f"{models[0].strip() if models else platform.processor() or 'unknown'} × "
               f"{len(models) or os.cpu_count()} ({os.cpu_count()} usable)",
        "RAM": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": pg,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at the start (1, 5, 15 min)": load_average(),
    }


def load_average() -> str:
    """Other work on the machine slows every figure: the load says how busy it was."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def git_commit(repo: Path) -> str:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                                  check=False).stdout.strip()
        except OSError:
            return ""
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "src", "pyproject.toml"):
        commit += " (with uncommitted changes in src/ or pyproject.toml)"
    return commit


# ---- the document --------------------------------------------------------------------------------------------


def render_markdown(*, label: str, commit: str, command: str, machine_info: dict[str, str], rows: list[Row],
                    total_seconds: float, histories: list[str], failures: list[str], in_progress: str = "") -> str:
    m = "\n".join(f"- {k}: {v}" for k, v in machine_info.items())
    parts = [
        "# Benchmarks",
        "",
        "`make bench` (`python -m benchmarks`) times `consolidator build` as a whole process against the route users "
        "have today on the same history: a fresh PostgreSQL (initdb, start), each legacy file replayed with "
        "`psql -X -q -1 -v ON_ERROR_STOP=1 -f`, `pg_dump --schema-only`, stop. This file is written by that command; "
        "how it measures is at the end.",
        "",
        f"## {label}",
        "",
        f"Measured on commit `{commit}`, with:",
        "",
        "```sh",
        command,
        "```",
        "",
        m,
        (f"- **incomplete**: {in_progress}, {total_seconds / 60:.1f} min so far" if in_progress
         else f"- whole benchmark: {total_seconds / 60:.1f} min"),
        "",
        markdown_table(rows),
        "",
        "*server / build*: how many times faster the build is than the server route (below 1: slower). "
        "*µs / statement*: the build's median over the statements of the history (counted with pglast, outside the "
        "timing). Where a build run did not finish, the ratio and µs / statement are bounds from the timeout.",
        "",
    ]
    if failures:
        parts += ["### Files rejected", "", *[f"- {f}" for f in failures], ""]
    parts += [
        "### Every run",
        "",
        detail_table(rows),
        "",
        "### The histories",
        "",
        *histories,
        "",
        "## Running it",
        "",
        "```sh",
        "make bench                                        # everything: about 20 minutes once the build is fast",
        "make bench BENCH_ARGS='--sizes legacy,100 --runs 3'  # a quick look",
        ".venv/bin/python -m benchmarks --sizes 1000 --timeout 120   # no report written without --output",
        "```",
        "",
        "Options: `--sizes` (comma-separated: `legacy` for the project's fixture and its three rebuild rows, a number "
        "of files, `tablesN` for one file of N tables; default `legacy,100,1000,10000,tables5000`), `--runs N` "
        "(counted builds per small history, default 5), `--server-runs N` (counted server routes per small history, "
        "default 3), `--timeout SECONDS` (per run, default 900), `--output FILE`, `--label TEXT` (this section's "
        "title). The report is rewritten after each history, so an interrupted run keeps what it measured.",
        "",
        "## How it measures",
        "",
        "- **Whole processes.** Each run is a new process: `.venv/bin/consolidator build DIR -o RUNDIR/out.sql` for the "
        "build, `python benchmarks/server_route.py` for the server (which imports nothing of consolidator: initdb, "
        "`pg_ctl start`, psql once per file, `pg_dump --schema-only`, `pg_ctl stop -m fast`). Wall time is "
        "`time.perf_counter` around start-to-reaped. Peak memory is that process's own peak resident set, from GNU "
        "time (`/usr/bin/time -f %M`, Debian's package `time`): measured straight from the runner with `os.wait4` it "
        "would start at the runner's own size, which Linux carries into a forked child across exec (without GNU "
        "time the figure is that upper bound, shown with ≤).",
        "- **Medians.** Small histories: one warm-up build, then several counted builds and server runs; the large ones "
        "(10,000 files, 5,000 tables) run once each, after the whole benchmark's warm-up on `legacy_migrations/`. "
        "No further run starts once a row's counted runs passed its time budget. A run that exceeds `--timeout` is "
        "killed with its process group and reported as *did not finish*.",
        "- **Cold and warm builds.** Every counted build runs in a fresh working directory with a fresh "
        "`XDG_CACHE_HOME` (where the build keeps its parse cache), so no cold row is warm. The three "
        "*rebuild* rows build a copy of `legacy_migrations/` once, untimed, then time the next builds in the same "
        "directory and environment, the cache warm: *unchanged* builds the same files again, *one file edited* "
        "appends a comment to the last file before each timed build, *`--check`, unchanged* runs `build --check` "
        "against the baseline the untimed build wrote.",
        "- **The server** is tuned for throwaway use (fsync, synchronous_commit and full_page_writes off, "
        "wal_level minimal; max_locks_per_transaction raised so that one file can create 5,000 tables in its "
        "transaction): the fastest honest setting for it, so the ratios favour the server rather than the build.",
        "- **The histories** are generated by `benchmarks/synthetic.py` (seeded, byte-identical on every run, "
        "prefix-stable: the 100-file history is the first 100 files of the 1,000-file one) into a temp dir per "
        "benchmark run, never into the repository. Each one is checked by the run itself: the server route lists "
        "any file PostgreSQL rejected, and the build's own output any file the model rejected (both should be none).",
        "- The machine is shared: quote medians and ratios, and look at the spread in *Every run*.",
        "",
    ]
    return "\n".join(parts)
