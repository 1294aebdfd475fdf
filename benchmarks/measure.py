"""Timing a command as a whole process: wall time with ``time.perf_counter``, peak memory of that process alone.

Each run is its own process. Its peak resident set comes from GNU time (``/usr/bin/time -f %M``), which forks it
from a small process: on Linux a child's ``ru_maxrss`` starts at the resident set of the process it was forked
from (the kernel keeps the high-water mark across exec), so measured straight from this runner (tens of MB, more
after generating a large history) every small build would show the runner's size. Without GNU time the figure
falls back to ``os.wait4``'s ``ru_maxrss`` and is only an upper bound (``Run.rss_exact`` is then False).
A run that exceeds its timeout is killed (the command first, so that its peak is still reported, then its whole
process group) and reported as not finished. Output goes to files, never to a pipe nobody reads.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else shutil.which("time")


@dataclass(frozen=True)
class Run:
    wall: float               # seconds, process start to reaped
    maxrss_kb: int            # peak resident set (KiB)
    returncode: int | None    # None when killed for the timeout
    timed_out: bool
    stdout: str = ""
    stderr: str = ""
    rss_exact: bool = True    # False: an upper bound (no GNU time: the runner's own size is in it)

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode == 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def _peak_from_time(path: Path) -> int | None:
    try:
        lines = [ln.strip() for ln in path.read_text("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return None
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def run_process(argv: list[str], *, timeout: float, cwd: str | Path | None = None,
                env: dict[str, str] | None = None, log_dir: str | Path | None = None) -> Run:
    """Run ``argv`` once; kill it (and its process group) after ``timeout`` seconds."""
    log_dir = Path(log_dir) if log_dir is not None else Path(cwd or ".")
    out_path, err_path, rss_path = log_dir / "run.stdout", log_dir / "run.stderr", log_dir / "run.maxrss"
    rss_path.unlink(missing_ok=True)
    full = [GNU_TIME, "-f", "%M", "-o", str(rss_path), "--", *argv] if GNU_TIME else list(argv)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(full, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True)
        killed = threading.Event()

        def kill_group() -> None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        def kill() -> None:
            killed.set()
            commands = _children(process.pid) if GNU_TIME else []
            for child in commands:  # the command only: time reaps it, reports its peak and exits
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if commands:
                later = threading.Timer(5, kill_group)  # in case time does not exit by itself
                later.daemon = True
                later.start()
            else:
                kill_group()

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM turned into SystemExit): no orphan keeps running
            kill_group()
            os.wait4(process.pid, 0)
            process.returncode = -signal.SIGKILL
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    timed_out = killed.is_set()
    if timed_out:  # whatever the command left in its group (psql under the server route)
        kill_group()
    peak = _peak_from_time(rss_path) if GNU_TIME else None
    return Run(
        wall=wall,
        maxrss_kb=peak if peak is not None else usage.ru_maxrss,
        returncode=None if timed_out else process.returncode,
        timed_out=timed_out,
        stdout=out_path.read_text("utf-8", "replace"),
        stderr=err_path.read_text("utf-8", "replace"),
        rss_exact=peak is not None,
    )


@dataclass
class Measurement:
    """Counted runs of one command on one history (warm-up runs are not in ``runs``)."""

    runs: list[Run] = field(default_factory=list)
    warmups: int = 0
    timeout: float = 0.0
    error: str | None = None          # the command failed (not a timeout): its message

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    @property
    def finished(self) -> list[Run]:
        return [r for r in self.runs if not r.timed_out]

    @property
    def median(self) -> float | None:
        if self.timed_out or self.error or not self.runs:
            return None
        return statistics.median(r.wall for r in self.runs)

    @property
    def minimum(self) -> float | None:
        return min(r.wall for r in self.runs) if self.median is not None else None

    @property
    def maximum(self) -> float | None:
        return max(r.wall for r in self.runs) if self.median is not None else None

    @property
    def peak_mb(self) -> float | None:
        finished = self.finished
        return max(r.maxrss_kb for r in finished) / 1024 if finished else None


def measure(make_argv: Callable[[int], list[str]], *, warmups: int, runs: int, timeout: float,
            budget: float | None = None, setup: Callable[[int], dict] | None = None,
            after: Callable[[int, Run], None] | None = None, ok_codes: tuple[int, ...] = (0,)) -> Measurement:
    """``warmups`` uncounted runs, then up to ``runs`` counted ones.

    ``make_argv(i)`` gives the command of run ``i`` (warm-ups first, 0-based over all runs); ``setup(i)`` the
    keyword arguments of ``run_process`` (cwd, env, log_dir); ``after(i, run)`` cleans up. Stops at the first run
    that times out or fails (a warm-up included: it is then counted, so that the report says so). Once at least one
    run is counted, no further run starts when the counted runs took more than ``budget`` seconds together.
    """
    m = Measurement(warmups=warmups, timeout=timeout)
    for i in range(warmups + runs):
        kwargs = setup(i) if setup else {}
        run = run_process(make_argv(i), timeout=timeout, **kwargs)
        if after:
            after(i, run)
        counted = i >= warmups
        if run.timed_out or run.returncode not in ok_codes:
            m.runs.append(run)
            if not run.timed_out:
                m.error = _failure(run)
            return m
        if counted:
            m.runs.append(run)
            if budget is not None and sum(r.wall for r in m.runs) > budget:
                break
    return m


def _failure(run: Run) -> str:
    lines = [ln for ln in (run.stderr.strip() or run.stdout.strip()).splitlines() if ln.strip()]
    return f"exit {run.returncode}: " + (lines[-1][:300] if lines else "no output")
