"""One runner at a time per database and tracking table: a session-level PostgreSQL advisory lock.

A second runner waits (and says for whom), then reads the tracking table afresh and finds nothing left to do.
The lock belongs to the connection: a runner that dies, however it dies, releases it with its session.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Callable, Iterator

import psycopg


def lock_key(qualified_table: str) -> int:
    """A signed 64-bit key from the tracking table's name: the same for every runner of that table."""
    digest = hashlib.sha256(f"consolidator migrations {qualified_table}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _holder(conn: psycopg.Connection, key: int) -> str:
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(
        "SELECT a.pid, coalesce(nullif(a.application_name, ''), 'unnamed'), a.client_addr::text "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database "
        "WHERE datname = current_database()) AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid "
        "AND l.objsubid = 1",
        (unsigned >> 32, unsigned & 0xFFFFFFFF),
    ).fetchone()
    if row is None:
        return "another runner"
    pid, app, addr = row
    return f"{app} (pid {pid}{', from ' + addr if addr else ''})"


@contextlib.contextmanager
def migration_lock(conn: psycopg.Connection, qualified_table: str, say: Callable[[str], None]) -> Iterator[None]:
    key = lock_key(qualified_table)
    (got,) = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
    if not got:
        say(f"waiting for the migration lock, held by {_holder(conn, key)}")
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
    try:
        yield
    finally:
        if not conn.closed and not conn.broken:
            with contextlib.suppress(psycopg.Error):
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
