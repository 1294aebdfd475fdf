"""Runners as separate processes: two started together apply each migration once (the advisory lock), and one
killed with SIGKILL mid-migration leaves the database as it was before that migration."""

from __future__ import annotations

import os
import signal
import time

from consolidator.runner.apply import migrate
from consolidator.verify.introspect import snapshot
from tests.runner.conftest import cli, database, popen, query


def _wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_two_runners_started_together_apply_each_migration_once(pg_database, workspace):
    workspace.write("001_counter.sql", "-- migrate:up\nCREATE TABLE counter (n int);\nINSERT INTO counter VALUES (1);\n"
                                       "SELECT pg_sleep(1);\n-- migrate:down\nDROP TABLE counter;\n")
    workspace.write("002_more.sql", "-- migrate:up\nINSERT INTO counter VALUES (2);\n"
                                    "-- migrate:down\nDELETE FROM counter WHERE n = 2;\n")
    env = {"DATABASE_URL": pg_database.dsn}
    runners = [popen("migrate", cwd=workspace.root, env=env) for _ in range(2)]
    outputs = [r.communicate(timeout=120) for r in runners]
    assert [r.returncode for r in runners] == [0, 0], outputs
    stdout = [out for out, _ in outputs]
    assert sorted("applied 2 migrations" in out for out in stdout) == [False, True], stdout
    assert any("nothing to do: 2 applied" in out for out in stdout), stdout
    assert query(pg_database.dsn, "SELECT n FROM counter ORDER BY n") == [(1,), (2,)]
    assert query(pg_database.dsn, "SELECT version FROM schema_migrations ORDER BY 1") == [("001_counter",), ("002_more",)]


def test_a_runner_killed_mid_migration_leaves_the_database_as_before(pg_database, workspace, said):
    workspace.write("001_first.sql", "-- migrate:up\nCREATE TABLE first (id int);\n-- migrate:down\nDROP TABLE first;\n")
    assert migrate(workspace.project(), database(pg_database), say=said) == 0
    before = snapshot(pg_database.dsn, exclude_tables=frozenset())
    slow = ("-- migrate:up\nCREATE TABLE second (id int);\nINSERT INTO first VALUES (1);\nSELECT pg_sleep({});\n"
            "-- migrate:down\nDROP TABLE second;\n")
    workspace.write("002_slow.sql", slow.format(60))
    runner = popen("migrate", cwd=workspace.root, env={"DATABASE_URL": pg_database.dsn})
    sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(60)%%'"
    try:
        assert _wait_for(lambda: query(pg_database.dsn, sleeping) == [(1,)]), "the runner never reached the sleep"
    finally:
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait(timeout=30)
    assert runner.returncode == -signal.SIGKILL
    assert snapshot(pg_database.dsn, exclude_tables=frozenset()) == before

    # The killed runner's session ends within seconds (client_connection_check_interval), releasing its lock.
    assert _wait_for(lambda: query(pg_database.dsn, sleeping) == [(0,)], timeout=15), "the backend outlived its runner"
    assert snapshot(pg_database.dsn, exclude_tables=frozenset()) == before
    workspace.write("002_slow.sql", slow.format(0))
    done = cli("migrate", cwd=workspace.root, env={"DATABASE_URL": pg_database.dsn}, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert query(pg_database.dsn, "SELECT count(*) FROM first") == [(1,)]
