"""``python -m benchmarks``: generate the histories, time the build and the server route on each, print the table.

    python -m benchmarks [--sizes legacy,100,1000,10000,tables5000] [--runs N] [--server-runs N]
                         [--timeout SECONDS] [--output docs/benchmarks.md] [--label TEXT]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pglast

from benchmarks import report
from benchmarks.measure import Measurement, Run, measure, run_process
from benchmarks.server_route import REJECTED, stop_server
from benchmarks.synthetic import generate_history, generate_tables_file

REPO = Path(__file__).resolve().parents[1]
LEGACY = REPO / "legacy_migrations"
ROUTE = Path(__file__).resolve().with_name("server_route.py")  # run as a script: nothing else is imported
BIG_FILES = 5000      # histories at least this large (or the tables file) run once, without a per-row warm-up
BUDGET = 150.0        # seconds of counted runs per row and route, after which no further run starts
ALL_SIZES = ["legacy", "100", "1000", "10000", "tables5000"]


@dataclass
class History:
    key: str        # as given to --sizes
    label: str      # in the table
    folder: Path
    files: int
    statements: int
    big: bool
    description: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def count_statements(folder: Path) -> tuple[int, int]:
    """(files, statements) of the migrations in ``folder``, as the build discovers them; pglast splits each file
    (a file that does not parse is counted at its top-level semicolons)."""
    files = statements = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix != ".sql" or path.name.startswith("."):
            continue
        files += 1
        text = path.read_text("utf-8", "replace")
        try:
            statements += len(pglast.split(text))
        except Exception:  # noqa: BLE001  (a syntax error or an odd byte: the statement count is only a count)
            statements += max(1, text.count(";"))
    return files, statements


def prepare(key: str, root: Path) -> History:
    if key == "legacy":
        folder = root / "histories" / "legacy_migrations"
        shutil.copytree(LEGACY, folder)
        files, statements = count_statements(folder)
        return History(key, "`legacy_migrations/`", folder, files, statements, False,
                       f"- `legacy_migrations/`: the project's fixture ({files} files), copied to the temp dir.")
    if key.startswith("tables"):
        tables = int(key[len("tables"):])
        folder = root / "histories" / key
        generate_tables_file(folder, tables)
        files, statements = count_statements(folder)
        return History(key, f"{tables:,} tables in one file", folder, files, statements, True,
                       f"- {tables:,} tables in one file: each with a serial key, a foreign key to an earlier table "
                       f"(`ON DELETE CASCADE`), a check, defaults, and an index on the foreign key "
                       f"({statements:,} statements, one transaction).")
    n = int(key)
    folder = root / "histories" / f"synthetic_{n}"
    stats = generate_history(folder, n)
    files, statements = count_statements(folder)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(stats.kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    description = (f"- {n:,} files ({statements:,} statements): {stats.on_old_tables / max(1, stats.statements):.0%} "
                   f"of the statements touch a table created at least 50 files earlier; {stats.messy_files} messy "
                   f"files. Statements by kind: {kinds}.")
    return History(key, f"synthetic, {n:,} files", folder, files, statements, n >= BIG_FILES, description)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bench:
    def __init__(self, args: argparse.Namespace, root: Path, bindir: Path) -> None:
        self.args = args
        self.root = root
        self.bindir = bindir
        self.consolidator = str(Path(sys.executable).with_name("consolidator"))
        self.serial = 0

    def run_dir(self) -> Path:
        self.serial += 1
        d = self.root / "runs" / f"{self.serial:04d}"
        (d / "cache").mkdir(parents=True)
        return d

    def env(self, cache: Path) -> dict[str, str]:
        # PYTHONDONTWRITEBYTECODE (set in some CI and agent shells) would make every run compile the tool's modules
        # again, half a second that no installed consolidator spends
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["XDG_CACHE_HOME"] = str(cache)
        return env

    # -- the build -------------------------------------------------------------------------------------------

    def build(self, folder: Path, *, warmups: int, runs: int) -> Measurement:
        dirs: dict[int, Path] = {}

        def setup(i: int) -> dict:
            dirs[i] = self.run_dir()
            return {"cwd": dirs[i], "env": self.env(dirs[i] / "cache"), "log_dir": dirs[i]}

        def argv(i: int) -> list[str]:
            return [self.consolidator, "build", str(folder), "-o", str(dirs[i] / "out.sql")]

        def after(i: int, run: Run) -> None:
            self.last_build_output = run.stdout + run.stderr  # the build reports on stderr
            shutil.rmtree(dirs.pop(i), ignore_errors=True)

        return measure(argv, warmups=warmups, runs=runs, timeout=self.args.timeout, budget=BUDGET, setup=setup,
                       after=after)

    def rebuild(self, folder: Path, *, edit: bool, check: bool = False) -> Measurement:
        """Build once (untimed), then time the following builds (`build --check` with `check`) in the same directory
        and environment."""
        d = self.run_dir()
        kwargs = {"cwd": d, "env": self.env(d / "cache"), "log_dir": d}
        argv = [self.consolidator, "build", str(folder), "-o", str(d / "out.sql")] + (["--check"] if check else [])
        if check:
            run_process(argv[:-1], timeout=self.args.timeout, **kwargs)
        last = sorted(p for p in folder.iterdir() if p.suffix == ".sql")[-1]

        def setup(i: int) -> dict:
            if edit and i >= 1:
                with open(last, "a", encoding="utf-8") as f:
                    f.write(f"\n-- edited before rebuild {i}\n")
            return kwargs

        m = measure(lambda i: argv, warmups=1, runs=self.args.runs, timeout=self.args.timeout, budget=BUDGET,
                    setup=setup)
        shutil.rmtree(d, ignore_errors=True)
        return m

    # -- the server route ------------------------------------------------------------------------------------

    def server(self, folder: Path, *, warmups: int, runs: int) -> tuple[Measurement, list[dict]]:
        dirs: dict[int, Path] = {}
        failed: list[dict] = []

        def setup(i: int) -> dict:
            dirs[i] = self.run_dir()
            return {"cwd": dirs[i], "log_dir": dirs[i]}

        def argv(i: int) -> list[str]:
            return [sys.executable, str(ROUTE), str(folder), "--bindir", str(self.bindir),
                    "--root", str(dirs[i] / "pg"), "--dump", str(dirs[i] / "dump.sql"), "--port", str(free_port())]

        def after(i: int, run: Run) -> None:
            d = dirs.pop(i)
            if (d / "pg" / "data" / "postmaster.pid").exists():  # killed mid-run: its server is still up
                stop_server(self.bindir, d / "pg", mode="immediate")
            lines = run.stdout.strip().splitlines()
            if lines and lines[-1].startswith("{"):
                failed[:] = json.loads(lines[-1])["failed"]
            shutil.rmtree(d, ignore_errors=True)

        try:
            m = measure(argv, warmups=warmups, runs=runs, timeout=self.args.timeout, budget=BUDGET, setup=setup,
                        after=after, ok_codes=(0, REJECTED))
        finally:  # interrupted: stop the server the route left running
            for d in dirs.values():
                if (d / "pg" / "data" / "postmaster.pid").exists():
                    stop_server(self.bindir, d / "pg", mode="immediate")
        return m, failed


def build_output(stdout: str) -> tuple[str, list[str]]:
    """The build's replay summary line and its error lines."""
    summary = next((ln.strip() for ln in stdout.splitlines() if ln.startswith("replay:")), "")
    errors = [ln.strip() for ln in stdout.splitlines() if ": error:" in ln]
    return summary, errors


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(ALL_SIZES),
                   help="comma-separated: legacy (the project's fixture, with its two rebuild rows), a number of "
                        "files, or tablesN (one file of N tables); default %(default)s")
    p.add_argument("--runs", type=int, default=5, help="counted builds per small history (default %(default)s)")
    p.add_argument("--server-runs", type=int, default=3,
                   help="counted server routes per small history (default %(default)s)")
    p.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed (default %(default)s)")
    p.add_argument("--output", type=Path, help="write the Markdown report there (e.g. docs/benchmarks.md)")
    p.add_argument("--label", default="Results", help="the report's section title")
    args = p.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for s in args.sizes:
        if not (s == "legacy" or s.isdigit() or (s.startswith("tables") and s[6:].isdigit())):
            p.error(f"unknown size {s!r}: use legacy, a number of files, or tablesN")
    if args.runs < 1 or args.server_runs < 1:
        p.error("--runs and --server-runs must be at least 1")
    return args


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # so that the finally blocks stop servers and remove the temp dir


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    python = Path(sys.executable)
    python_shown = str(python.relative_to(REPO)) if python.is_relative_to(REPO) else "python"
    command = f"{python_shown} -m benchmarks " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    from consolidator.verify.cluster import find_bindir  # only to find the server binaries, as verify does

    bindir = find_bindir()
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="consolidator-bench-"))
    os.chmod(root, 0o755)  # the server runs as postgres when we are root: it must reach its directory
    rows: list[report.Row] = []
    failures: list[str] = []
    histories: list[History] = []
    machine_info = report.machine(bindir)
    commit = report.git_commit(REPO)

    def write(in_progress: str = "") -> None:
        text = report.render_markdown(label=args.label, commit=commit, command=command, machine_info=machine_info,
                                      rows=rows, total_seconds=time.perf_counter() - started,
                                      histories=[h.description for h in histories], failures=failures,
                                      in_progress=in_progress)
        args.output.write_text(text, encoding="utf-8")

    try:
        bench = Bench(args, root, bindir)
        for key in args.sizes:
            t0 = time.perf_counter()
            h = prepare(key, root)
            histories.append(h)
            log(f"{h.label}: {h.files:,} files, {h.statements:,} statements (prepared in {time.perf_counter() - t0:.1f} s)")

        log("warm-up: one build and one server route on legacy_migrations/ (not counted)")
        bench.build(LEGACY, warmups=1, runs=0)
        bench.server(LEGACY, warmups=1, runs=0)

        for h in histories:
            small = not h.big
            log(f"{h.label}: build ...")
            b = bench.build(h.folder, warmups=1 if small else 0, runs=args.runs if small else 1)
            summary, errors = build_output(getattr(bench, "last_build_output", ""))
            log(f"  build: {report.seconds(b)} s  {summary}")
            log(f"{h.label}: server route ...")
            s, server_failed = bench.server(h.folder, warmups=0, runs=args.server_runs if small else 1)
            log(f"  server: {report.seconds(s)} s, {len(server_failed)} files rejected")
            rows.append(report.Row(h.label, h.files, h.statements, b, s, errors, summary, server_failed))
            if h.key != "legacy":
                failures += [f"{h.label}: the model rejected {e}" for e in errors]
                failures += [f"{h.label}: PostgreSQL rejected {f['file']}: {f['error']}" for f in server_failed]
            if h.key == "legacy":
                for edit, check, what in ((False, False, "unchanged"), (True, False, "one file edited"),
                                          (False, True, "`--check`, unchanged")):
                    log(f"{h.label}: rebuild, {what} ...")
                    r = bench.rebuild(h.folder, edit=edit, check=check)
                    log(f"  rebuild: {report.seconds(r)} s")
                    rows.append(report.Row(f"`legacy_migrations/`, rebuild, {what}", h.files, h.statements, r))
            if args.output and h is not histories[-1]:  # what is measured so far survives an interruption
                write(in_progress=f"{histories.index(h) + 1} of {len(histories)} histories measured so far")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    total = time.perf_counter() - started
    print(report.format_table(rows))
    print(f"\nwhole benchmark: {total / 60:.1f} min")
    for f in failures:
        print(f"  {f}")
    if args.output:
        machine_info["load average at the end (1, 5, 15 min)"] = report.load_average()
        write()
        log(f"wrote {args.output}")
    return 0
