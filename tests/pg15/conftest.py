"""Fixtures of the pg15 tests: a psycopg connection to a fresh database of the session's server."""

from __future__ import annotations

import psycopg
import pytest


@pytest.fixture
def conn(pg_database):
    """An autocommit connection to a fresh database (dropped after the test)."""
    with psycopg.connect(pg_database.dsn, autocommit=True) as c:
        yield c


def server_probe(conn: psycopg.Connection) -> None:
    """Create pg15_try(sql) in the database: runs sql, returns NULL if it worked, else the SQLSTATE."""
    conn.execute("""
        CREATE FUNCTION pg15_try(sql text) RETURNS text LANGUAGE plpgsql AS $f$
        BEGIN
          EXECUTE sql;
          RETURN NULL;
        EXCEPTION WHEN others THEN
          RETURN SQLSTATE;
        END $f$""")


def try_all(conn: psycopg.Connection, statements: list[str]) -> list[str | None]:
    """Run each statement in a subtransaction of its own (rolled back or not, nothing is kept that
    failed); return the SQLSTATE of each failure, None for each success."""
    rows = conn.execute(
        "SELECT pg15_try(s) FROM unnest(%s::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n", (statements,)).fetchall()
    return [r[0] for r in rows]
