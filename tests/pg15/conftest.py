"""Fixtures of the pg15 tests: a psycopg connection to a fresh database of the session's server."""

from __future__ import annotations

import psycopg
import pytest


@pytest.fixture(scope="session")
def catalog(pg_server):
    """An autocommit connection to a fresh database that the tests only read (shared by the session)."""
    pg_server.drop_database("pg15_catalog")
    with psycopg.connect(pg_server.create_database("pg15_catalog"), autocommit=True) as c:
        yield c
    pg_server.drop_database("pg15_catalog")


@pytest.fixture
def conn(pg_database):
    """An autocommit connection to a fresh database (dropped after the test)."""
    with psycopg.connect(pg_database.dsn, autocommit=True) as c:
        yield c


def server_probe(conn: psycopg.Connection) -> None:
    """Create pg15_try(sql) in the database: runs sql and undoes it; NULL if it worked, else the SQLSTATE."""
    conn.execute("""
        CREATE FUNCTION pg15_try(sql text) RETURNS text LANGUAGE plpgsql AS $f$
        BEGIN
          EXECUTE sql;
          RAISE SQLSTATE 'PX999';  -- undo what worked too
        EXCEPTION WHEN SQLSTATE 'PX999' THEN
          RETURN NULL;
        WHEN others THEN
          RETURN SQLSTATE;
        END $f$""")


def try_all(conn: psycopg.Connection, statements: list[str]) -> list[str | None]:
    """Run each statement in a subtransaction of its own, always rolled back; return the SQLSTATE of
    each failure, None for each success."""
    rows = conn.execute(
        "SELECT pg15_try(s) FROM unnest(%s::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n", (statements,)).fetchall()
    return [r[0] for r in rows]
