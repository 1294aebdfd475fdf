"""The committed data is what tools/gen_pg15.py generates from this server, byte for byte.

The committed files come from an earlier run on another throwaway server, so their equality also
shows that the generator is deterministic."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "consolidator" / "pg15" / "data"


def _generated_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".pyc")}


@pytest.fixture(scope="module")
def generator():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import pg15gen
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return pg15gen


def test_committed_data_is_current(pg_server, generator, tmp_path):
    written = generator.generate(pg_server, str(tmp_path), log=lambda _msg: None)
    fresh, committed = _generated_files(tmp_path), _generated_files(DATA)
    assert sorted(fresh) == sorted(written)
    assert sorted(fresh) == sorted(committed), "run tools/gen_pg15.py: the set of data files changed"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"run tools/gen_pg15.py: {stale} are not current"


def test_generator_refuses_disagreeing_view_scripts(generator):
    rels = [["pg_catalog", "pg_tables", "v"], ["pg_catalog", "pg_views", "v"]]
    with pytest.raises(SystemExit, match="pg_views"):
        generator._check_views(rels, {("pg_catalog", "pg_tables"): "v"})


def test_data_files_are_json_lines_without_trailing_spaces():
    for name, content in _generated_files(DATA).items():
        text = content.decode("utf-8")
        assert text.endswith("\n"), name
        assert not any(line != line.rstrip() for line in text.splitlines()), name
    assert os.path.getsize(DATA / "functions.jsonl") < 400_000
