"""The route users have today, as one process: a fresh PostgreSQL, the legacy files replayed with psql, pg_dump.

    python benchmarks/server_route.py LEGACY_DIR --bindir /usr/lib/postgresql/15/bin --root DIR --dump FILE

initdb into ROOT/data, start the server on a Unix socket in ROOT, run each ``*.sql`` file of LEGACY_DIR in name
order with ``psql -X -q -1 -v ON_ERROR_STOP=1 -f FILE`` (each file one transaction; a failed file is rolled back
and the replay goes on, as ``consolidator verify`` and most runners do), ``pg_dump --schema-only`` into FILE, stop
the server. The benchmark times this whole process from outside. Only the standard library and the server's own
binaries: nothing of consolidator is imported, so no part of the tool is in the server's figure.

ROOT must not exist yet; the caller removes it afterwards (and stops a server left running there if this process
was killed). The last line on stdout is a JSON summary: files, failed files (name and psql's first error line).
As root, the server binaries run as the ``postgres`` user (PostgreSQL refuses root); psql and pg_dump connect as
the superuser ``postgres`` over the socket with trust authentication.

The server is set up for throwaway use (fsync, synchronous_commit and full_page_writes off, like the project's own
verify servers), which is the fastest honest setting for it: a default-configured server is slower.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import signal
import subprocess
import sys
from pathlib import Path

SUPERUSER = "postgres"
REJECTED = 4  # exit status when PostgreSQL rejected some file (the replay went on); 2: a step could not run
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "shared_buffers": "128MB",
    "max_connections": "20",
    # one file holding thousands of CREATE TABLEs holds a lock on each new relation until it commits
    "max_locks_per_transaction": "4096",
    "logging_collector": "off",
    "lc_messages": "'C'",
    "timezone": "'UTC'",
}


def server_user_kwargs() -> dict:
    """subprocess arguments that run a server binary as ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return {}
    pw = pwd.getpwnam(SUPERUSER)
    return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}


def server_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C", HOME=str(root))
    return env


def stop_server(bindir: Path, root: Path, mode: str = "fast") -> subprocess.CompletedProcess:
    return subprocess.run([str(bindir / "pg_ctl"), "-D", str(root / "data"), "-m", mode, "-w", "stop"],
                          cwd=root, env=server_env(root), capture_output=True, text=True, check=False,
                          **server_user_kwargs())


def run(folder: Path, bindir: Path, root: Path, dump: Path, port: int) -> dict:
    root.mkdir(mode=0o700)
    if os.geteuid() == 0:
        pw = pwd.getpwnam(SUPERUSER)
        os.chown(root, pw.pw_uid, pw.pw_gid)
    env = server_env(root)
    as_server = server_user_kwargs()
    data = root / "data"
    subprocess.run([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync", "--no-instructions"],
                   cwd=root, env=env, capture_output=True, check=True, **as_server)
    settings = dict(SETTINGS, unix_socket_directories=f"'{root}'", port=str(port))
    with open(data / "postgresql.conf", "a", encoding="utf-8") as f:
        f.write("".join(f"{k} = {v}\n" for k, v in settings.items()))
    subprocess.run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t", "120",
                    "start"], cwd=root, env=env, capture_output=True, check=True, **as_server)
    failed: list[dict] = []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".sql" and not p.name.startswith("."))
    try:
        client_env = dict(env, PGCLIENTENCODING="UTF8")
        client_env.pop("HOME", None)
        connect = ["-h", str(root), "-p", str(port), "-U", SUPERUSER]
        psql = [str(bindir / "psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", *connect, "-d", "postgres"]
        for path in files:
            done = subprocess.run([*psql, "-f", str(path)], cwd=folder, env=client_env, capture_output=True,
                                  stdin=subprocess.DEVNULL, check=False)
            if done.returncode != 0:
                errors = [ln for ln in done.stderr.decode("utf-8", "replace").splitlines() if "ERROR" in ln]
                failed.append({"file": path.name, "exit": done.returncode,
                               "error": (errors or [done.stderr.decode("utf-8", "replace").strip()])[0][:500]})
                if done.returncode in (1, 2):  # psql itself failed or lost the server: the replay is meaningless
                    break
        with open(dump, "wb") as out:
            subprocess.run([str(bindir / "pg_dump"), "--schema-only", *connect, "-d", "postgres"],
                           env=client_env, stdout=out, stderr=subprocess.PIPE, check=True)
    finally:
        stop_server(bindir, root)
    return {"files": len(files), "failed": failed}


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # SIGTERM unwinds, so that the finally block stops the server


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    parser = argparse.ArgumentParser(prog="server_route.py", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--bindir", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True, help="a directory to create for the server")
    parser.add_argument("--dump", type=Path, required=True)
    parser.add_argument("--port", type=int, default=5499)
    args = parser.parse_args(argv)
    try:
        summary = run(args.folder.resolve(), args.bindir, args.root.resolve(), args.dump, args.port)
    except subprocess.CalledProcessError as e:
        stderr = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        print(f"{Path(e.cmd[0]).name} failed (exit {e.returncode}): {stderr.strip()[:500]}", file=sys.stderr)
        return 2
    print(json.dumps(summary))
    return REJECTED if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
