"""Replay SQL snippets through `discover` + `replay`, as the real pipeline reads a legacy folder; and check a
history against PostgreSQL 15 (`as_on_postgres`).

    def test_x(replay_sql):
        result = replay_sql({"001_a.sql": "CREATE TABLE t (id int);"})
        assert "public.t" in result.catalog.tables
"""

from __future__ import annotations

import pytest

from consolidator.replay.engine import OnError, ReplayResult, replay
from consolidator.source.discover import Order, discover
from consolidator.verify.run import VerifyOptions, verify


@pytest.fixture
def replay_sql(tmp_path):
    """`replay_sql(files, on_error=OnError.FILE, order=Order.NAME) -> ReplayResult`.

    `files` maps file names to SQL (str) or raw content (bytes); each call uses a fresh folder.
    """
    counter = iter(range(1_000_000))

    def run(files: dict[str, str | bytes], on_error: OnError = OnError.FILE, order: Order = Order.NAME) -> ReplayResult:
        folder = tmp_path / f"legacy{next(counter)}"
        folder.mkdir()
        for name, content in files.items():
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return replay(discover(folder, order=order), on_error=on_error)

    return run


@pytest.fixture
def as_on_postgres(tmp_path, pg_server, replay_sql):
    """`as_on_postgres(files, fails, gaps_allowed=False) -> ReplayResult`: the model rejects exactly the files of
    `fails` (name -> SQLSTATE), models every other statement, and `verify` on PostgreSQL 15 finds the baseline
    equivalent to replaying `files`, with nothing left uncompared (unless `gaps_allowed`)."""
    counter = iter(range(1_000_000))

    def check(files: dict[str, str], fails: dict[str, str], gaps_allowed: bool = False) -> ReplayResult:
        model = replay_sql(files)
        assert {n: d.sqlstate for n, d in model.failed_files.items()} == fails
        assert not [d for d in model.diagnostics if d.code == "not-modelled"], model.diagnostics
        folder = tmp_path / f"verify{next(counter)}"
        folder.mkdir()
        for name, body in files.items():
            (folder / name).write_text(body, encoding="utf-8")
        report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
        assert report.equivalent and (gaps_allowed or not report.gaps), report.to_text()
        return model

    return check
