"""The throwaway server: found, started, reachable, stopped and removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import psycopg
import pytest

from consolidator.verify.cluster import Cluster, ServerBinariesNotFound, find_bindir


def test_session_server_answers(pg_server):
    with psycopg.connect(pg_server.dsn("postgres")) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        listen = conn.execute("SHOW listen_addresses").fetchone()[0]
    assert int(version) >= 150000
    assert listen == ""  # Unix socket only


def test_database_per_test_is_empty(pg_database):
    with psycopg.connect(pg_database.dsn) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert tables == 0


@pytest.mark.pg
def test_context_manager_stops_the_server_and_removes_its_directory():
    with Cluster.start() as pg:
        root = pg.root
        pg.create_database("scratch")
        pg.execute("scratch", "CREATE TABLE t (id int)")
        assert os.path.isdir(root)
    assert not os.path.exists(root)


@pytest.mark.pg
def test_server_is_removed_when_the_body_raises():
    with pytest.raises(RuntimeError):
        with Cluster.start() as pg:
            root = pg.root
            raise RuntimeError("boom")
    assert not os.path.exists(root)


def test_missing_binaries_is_one_clear_error(tmp_path):
    with pytest.raises(ServerBinariesNotFound) as e:
        find_bindir(path_env=str(tmp_path), use_pg_config=False, roots=(str(tmp_path / "*" / "bin"),))
    assert "PostgreSQL server binaries" in str(e.value)
    assert "\n" not in str(e.value)


def test_override_without_binaries_is_refused(tmp_path):
    with pytest.raises(ServerBinariesNotFound, match=str(tmp_path)):
        find_bindir(override=str(tmp_path))


def test_binaries_are_found_on_this_machine():
    assert (find_bindir() / "initdb").is_file()


@pytest.mark.pg
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_server_and_removes_its_directory(sig):
    script = (
        "import sys, time\n"
        "from consolidator.verify.cluster import throwaway_servers\n"
        "with throwaway_servers(2) as servers:\n"
        "    print(' '.join(str(s.root) for s in servers), flush=True)\n"
        "    time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, restore_signals=True)
    roots = child.stdout.readline().split()
    assert len(roots) == 2 and all(os.path.isdir(r) for r in roots)
    child.send_signal(sig)
    child.communicate(timeout=60)
    assert child.returncode != 0
    assert not any(os.path.exists(r) for r in roots)
