"""A throwaway PostgreSQL server: initdb in a private temp dir, Unix socket only, removed afterwards.

    with Cluster.start() as pg:
        pg.create_database("legacy")
        pg.psql_file("legacy", path)
        psycopg.connect(pg.dsn("legacy"))

When the tool runs as root the server runs as the ``postgres`` user (PostgreSQL refuses to run
as root); the temp dir is handed over to that user. Clients (psql, psycopg) keep running as the
caller and connect as the superuser ``postgres`` over the socket with ``trust`` auth.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from consolidator.errors import ConsolidatorError

SUPERUSER = "postgres"
_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")


class ServerBinariesNotFound(ConsolidatorError):
    """No PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) could be found."""


class ServerStartError(ConsolidatorError):
    """initdb or the server start failed."""


class ClusterError(ConsolidatorError):
    """A command against the throwaway server failed where it must not (creating a database, ...)."""


# -- finding the binaries ---------------------------------------------------------------------


def _has_binaries(bindir: Path) -> bool:
    return all((bindir / b).is_file() and os.access(bindir / b, os.X_OK) for b in (*_SERVER_BINARIES, "psql"))


def _version_key(path: str) -> tuple:
    m = re.search(r"/postgresql/(\d+)(?:\.(\d+))?/", path + "/")
    return (int(m.group(1)), int(m.group(2) or 0)) if m else (0, 0)


def find_bindir(
    *,
    override: str | None = None,
    path_env: str | None = None,
    use_pg_config: bool = True,
    roots: tuple[str, ...] = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/opt/postgresql@*/bin"),
) -> Path:
    """The directory holding initdb, pg_ctl, postgres and psql.

    Searched in order: ``override`` (``$CONSOLIDATOR_PG_BINDIR``), ``pg_config --bindir``, each
    ``PATH`` entry, then the usual install roots (highest version first). ``psql`` on Debian's PATH is
    a wrapper script, so PATH only counts when initdb sits next to it.
    """
    if override is None:
        override = os.environ.get("CONSOLIDATOR_PG_BINDIR") or None
    if override is not None:
        if _has_binaries(Path(override)):
            return Path(override)
        raise ServerBinariesNotFound(
            f"PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) not found in {override}"
        )

    candidates: list[str] = []
    if use_pg_config:
        pg_config = shutil.which("pg_config", path=path_env)
        if pg_config:
            try:
                out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
                if out.returncode == 0 and out.stdout.strip():
                    candidates.append(out.stdout.strip())
            except (OSError, subprocess.SubprocessError):
                pass
    path_value = os.environ.get("PATH", "") if path_env is None else path_env
    candidates.extend(p for p in path_value.split(os.pathsep) if p)
    for pattern in roots:
        candidates.extend(sorted(glob.glob(pattern), key=_version_key, reverse=True))

    for c in candidates:
        if _has_binaries(Path(c)):
            return Path(c)
    raise ServerBinariesNotFound(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) not found: "
        "install PostgreSQL (e.g. apt-get install postgresql-15) or set CONSOLIDATOR_PG_BINDIR"
    )


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PsqlResult:
    returncode: int
    stdout: str
    stderr: str


def _free_port() -> int:
    # The socket lives in a private dir so any port works; a free TCP port just keeps the
    # socket file name (.s.PGSQL.<port>) and the shared memory key away from other servers.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return "; ".join(lines[:2]) if lines else "no output"


def client_env() -> dict[str, str]:
    """Environment for psql against the throwaway server: no PG* variables leak in from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCLIENTENCODING"] = "UTF8"
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    return env


class Cluster:
    """One throwaway server. Use :meth:`start` as a context manager."""

    def __init__(self, bindir: Path, *, keep: bool = False) -> None:
        self.bindir = bindir
        self.keep = keep
        self.port = _free_port()
        self.root: Path | None = None
        self.running = False
        self._run_as: str | None = SUPERUSER if os.geteuid() == 0 else None
        self._previous_sigterm = None

    # -- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def start(cls, *, bindir: Path | None = None, keep: bool = False) -> "Cluster":
        cluster = cls(bindir or find_bindir(), keep=keep)
        cluster._install_sigterm_handler()
        try:
            cluster._init_and_start()
        except BaseException:
            cluster._restore_sigterm_handler()
            cluster.stop()
            raise
        return cluster

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._restore_sigterm_handler()
        if not self.keep or exc_type is not None:  # --keep is for inspecting a finished run, not a failed one
            self.stop()

    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def socket_dir(self) -> str:
        assert self.root is not None
        return str(self.root)

    def _init_and_start(self) -> None:
        base = "/tmp" if self._run_as and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="consolidator-pg-", dir=base))
        atexit.register(self._atexit)
        if self._run_as:
            try:
                pw = pwd.getpwnam(self._run_as)
            except KeyError:
                raise ServerStartError(
                    "running as root, but there is no 'postgres' user to run the server as"
                ) from None
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o700)

        init = self._run(
            [
                str(self.bindir / "initdb"),
                "-D", str(self.datadir),
                "-U", SUPERUSER,
                "-A", "trust",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            timeout=300,
        )
        if init.returncode != 0:
            raise ServerStartError(f"initdb failed: {_one_line(init.stderr or init.stdout)}")

        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "port": str(self.port),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "16MB",
            "max_connections": "40",
            "logging_collector": "off",
            "lc_messages": "'C'",
            "timezone": "'UTC'",
            "max_wal_senders": "0",
            "wal_level": "minimal",
        }
        conf = "\n".join(f"{k} = {v}" for k, v in settings.items()) + "\n"
        self._append_as_owner(self.datadir / "postgresql.conf", conf)

        self.running = True  # from here on stop() must try pg_ctl stop, even if start is interrupted
        start = self._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start"],
            timeout=90,
        )
        if start.returncode != 0:
            raise ServerStartError(f"PostgreSQL server did not start: {self._log_tail() or _one_line(start.stderr)}")

    def stop(self) -> None:
        """Stop the server (immediate) and remove its directory. Safe to call twice."""
        if self.root is None:
            return
        if self.running and self.datadir.exists():
            try:
                self._run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"], timeout=60)
            except (OSError, subprocess.SubprocessError):
                pass
        self.running = False
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _atexit(self) -> None:
        if not self.keep:
            self.stop()

    def _install_sigterm_handler(self) -> None:
        # SIGTERM would kill Python without unwinding `with` blocks; turn it into SystemExit so
        # __exit__ stops the server and removes the directory.
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return

        def _terminate(signum, frame):
            raise SystemExit(128 + signum)

        self._previous_sigterm = signal.signal(signal.SIGTERM, _terminate)

    def _restore_sigterm_handler(self) -> None:
        if self._previous_sigterm is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None

    # -- helpers ------------------------------------------------------------------------------

    def _run(self, argv: list[str], *, timeout: float) -> subprocess.CompletedProcess:
        """Run a server-side binary (as ``postgres`` when we are root) in its own process group.

        Its own group: Ctrl-C in the terminal reaches us, not the server, and an interrupted
        initdb is killed with its children (the bootstrap backends), so nothing writes into the
        directory after we remove it.
        """
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        kwargs: dict = {}
        if self._run_as:
            kwargs.update(user=self._run_as, group=pwd.getpwnam(self._run_as).pw_gid, extra_groups=[])
            env["HOME"] = str(self.root)
        try:
            process = subprocess.Popen(
                argv,
                cwd=str(self.root),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
                **kwargs,
            )
        except OSError as e:
            raise ServerStartError(f"cannot run {argv[0]}: {e.strerror or e}") from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException as e:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            if isinstance(e, subprocess.TimeoutExpired):
                raise ServerStartError(f"{Path(argv[0]).name} timed out after {timeout:.0f}s") from None
            raise
        return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)

    def _append_as_owner(self, path: Path, text: str) -> None:
        with open(path, "a", encoding="utf-8") as f:  # root may write; ownership is unchanged by appending
            f.write(text)

    def _log_tail(self) -> str:
        try:
            lines = (self.root / "server.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines if "FATAL" in ln or "ERROR" in ln or "PANIC" in ln]
        return (errors or lines or [""])[-1].strip()

    # -- client side --------------------------------------------------------------------------

    def dsn(self, dbname: str = "postgres") -> str:
        """libpq URI for a database of this server, over its Unix socket."""
        return f"postgresql://{SUPERUSER}@/{quote(dbname, safe='')}?host={quote(self.socket_dir, safe='')}&port={self.port}"

    def psql(self, dbname: str, *args: str, input: bytes | None = None, timeout: float = 600, cwd: str | None = None) -> PsqlResult:
        argv = [str(self.bindir / "psql"), "-X", "-d", self.dsn(dbname), *args]
        try:
            done = subprocess.run(
                argv,
                input=input,
                capture_output=True,
                env=client_env(),
                cwd=cwd,
                timeout=timeout,
                check=False,
                stdin=None if input is not None else subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise ClusterError(f"psql timed out after {timeout:.0f}s on database {dbname}") from None
        except OSError as e:
            raise ClusterError(f"cannot run psql: {e.strerror or e}") from None
        return PsqlResult(
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    def psql_file(
        self,
        dbname: str,
        path: str | Path,
        *,
        single_transaction: bool = True,
        on_error_stop: bool = True,
        verbose: bool = True,
        cwd: str | None = None,
    ) -> PsqlResult:
        """Run one SQL file the way users do: ``psql -X -q [-v ON_ERROR_STOP=1] [-1] -f FILE``."""
        args = ["-q"]
        if on_error_stop:
            args += ["-v", "ON_ERROR_STOP=1"]
        if verbose:
            args += ["-v", "VERBOSITY=verbose"]
        if single_transaction:
            args.append("-1")
        args += ["-f", str(path)]
        return self.psql(dbname, *args, cwd=cwd)

    def execute(self, dbname: str, sql: str) -> None:
        """Run SQL that must succeed (setup statements); raise ClusterError with the server's message otherwise."""
        result = self.psql(dbname, "-q", "-v", "ON_ERROR_STOP=1", "-f", "-", input=sql.encode())
        if result.returncode != 0:
            raise ClusterError(_one_line(result.stderr))

    def create_database(self, name: str, *, template: str = "template0") -> str:
        self.execute("postgres", f'CREATE DATABASE "{_ident(name)}" TEMPLATE {template}')
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        self.execute("postgres", f'DROP DATABASE IF EXISTS "{_ident(name)}" WITH (FORCE)')

    def stop_command(self) -> str:
        """Shell command that stops a kept server and removes its directory."""
        stop = f"{self.bindir / 'pg_ctl'} -D {self.datadir} -m immediate stop"
        if self._run_as:
            stop = f"runuser -u {self._run_as} -- {stop}"
        return f"{stop} && rm -rf {self.root}"


@contextlib.contextmanager
def throwaway_servers(count: int, *, keep: bool = False) -> Iterator[list[Cluster]]:
    """``count`` independent servers, started in parallel.

    Independent because roles, tablespaces and databases are cluster-wide: a history that runs
    ``CREATE ROLE`` can only be replayed once per server, so each replay gets a server of its own.
    """
    bindir = find_bindir()
    with _sigterm_raises_system_exit():
        pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="pg-start")
        futures = [pool.submit(Cluster.start, bindir=bindir, keep=keep) for _ in range(count)]
        try:
            clusters = [f.result() for f in futures]
            yield clusters
        except BaseException:
            pool.shutdown(wait=True)  # a start still running finishes before we stop everything
            for f in futures:
                if f.exception() is None:
                    f.result().stop()
            raise
        finally:
            pool.shutdown(wait=True)
        if not keep:
            for c in clusters:
                c.stop()


@contextlib.contextmanager
def _sigterm_raises_system_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit for the duration, so ``finally`` blocks stop servers and remove dirs."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ident(name: str) -> str:
    return name.replace('"', '""')
