"""How fast the in-memory replay is, next to what it replaces: replaying on a real server and running pg_dump.

`make test` runs each of these once (benchmarks disabled) as a smoke test; `make bench` measures them:
the in-memory build must stay far ahead of the server replay of the same history.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from consolidator.build import build
from consolidator.verify.legacy import replay_folder
from tests.benchmarks.synthetic import write_history

LEGACY = Path(__file__).resolve().parents[2] / "legacy_migrations"


@pytest.fixture(scope="module")
def big_history(tmp_path_factory) -> Path:
    return write_history(tmp_path_factory.mktemp("history"), files=400)


def test_build_corpus_in_memory(benchmark):
    result = benchmark(build, LEGACY)
    assert result.catalog.tables


def test_build_400_file_history_in_memory(benchmark, big_history):
    result = benchmark(build, big_history)
    assert not result.failed_files
    assert len(result.sources.migrations) == 400


def _server_replay_and_dump(server, folder: Path, counter=[0]) -> str:
    counter[0] += 1
    name = f"bench_{counter[0]}"
    server.create_database(name)
    try:
        replay_folder(server, name, folder)
        return subprocess.run([str(server.bindir / "pg_dump"), "--schema-only", "-d", server.dsn(name)],
                              capture_output=True, text=True, check=True).stdout
    finally:
        server.drop_database(name)


def test_replay_corpus_on_server_and_pg_dump(benchmark, pg_server):
    dump = benchmark.pedantic(_server_replay_and_dump, args=(pg_server, LEGACY), rounds=3, iterations=1)
    assert "CREATE TABLE" in dump


def test_replay_400_file_history_on_server_and_pg_dump(benchmark, pg_server, big_history):
    dump = benchmark.pedantic(_server_replay_and_dump, args=(pg_server, big_history), rounds=1, iterations=1)
    assert "CREATE TABLE" in dump
