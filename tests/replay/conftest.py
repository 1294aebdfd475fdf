"""Replay SQL snippets through `discover` + `replay`, as the real pipeline reads a legacy folder.

    def test_x(replay_sql):
        result = replay_sql({"001_a.sql": "CREATE TABLE t (id int);"})
        assert "public.t" in result.catalog.tables
"""

from __future__ import annotations

import pytest

from consolidator.replay.engine import OnError, ReplayResult, replay
from consolidator.source.discover import Order, discover


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
