"""Shared fixtures: one throwaway PostgreSQL server per test session, a fresh database per test.

    def test_something(pg_database):
        pg_database.execute("CREATE TABLE t (id int)")
        psycopg.connect(pg_database.dsn)

Tests that use ``pg_server`` (directly or through ``pg_database``) are marked ``pg`` automatically,
so ``pytest -m "not pg"`` runs the rest without a server.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest

from consolidator.errors import ConsolidatorError
from consolidator.verify.cluster import Cluster


@dataclass(frozen=True)
class PgDatabase:
    """A database of its own on the session's server."""

    name: str
    dsn: str
    server: Cluster

    def execute(self, sql: str) -> None:
        """Run SQL that must succeed (psql, ON_ERROR_STOP); raise with the server's message otherwise."""
        self.server.execute(self.name, sql)

    def psql_file(self, path, **kwargs):
        return self.server.psql_file(self.name, path, **kwargs)


@pytest.fixture(scope="session")
def pg_server():
    """The session's throwaway PostgreSQL server (stopped and removed at the end of the session)."""
    try:
        cluster = Cluster.start()
    except ConsolidatorError as e:
        pytest.fail(f"cannot start the throwaway PostgreSQL server: {e}", pytrace=False)
    with cluster:
        yield cluster


_counter = itertools.count(1)


@pytest.fixture
def pg_database(pg_server: Cluster, request) -> PgDatabase:
    """A fresh, empty database (from template0) for one test; dropped afterwards."""
    name = f"t{next(_counter)}_{request.node.name.lower()}"
    name = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)[:60]
    dsn = pg_server.create_database(name)
    yield PgDatabase(name=name, dsn=dsn, server=pg_server)
    pg_server.drop_database(name)


@pytest.fixture(scope="session", autouse=True)
def server_messages_only():
    """Every error the replay raises in the whole session carries a message PostgreSQL 15 itself has (a msgid
    template of the server's message catalogs), except the history's own (RAISE, ASSERT) and psql's (PsqlError)."""
    from consolidator.errors import PgError
    from consolidator.pg15.messages import is_server_message

    made_up: set[tuple[str, str]] = set()
    original = PgError.__init__

    def record(self, sqlstate, message, from_user=False):
        original(self, sqlstate, message, from_user)
        base = re.sub(r" \(DO block, line \d+\)$", "", message)
        if not from_user and not getattr(self, "from_psql", False) and not is_server_message(base):
            made_up.add((sqlstate, base))

    PgError.__init__ = record
    yield
    PgError.__init__ = original
    assert not made_up, f"messages PostgreSQL 15 does not have: {sorted(made_up)}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.pg)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected part of tests/emit/cases/*.sql from what the code emits now")
