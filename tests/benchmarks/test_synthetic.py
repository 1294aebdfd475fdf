"""The benchmark's generator: deterministic, and every file it writes is accepted by PostgreSQL 15 and by the model.

These tests never time anything; `make bench` measures.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.synthetic import generate_history, generate_tables_file, tables_file_text
from consolidator.build import build
from consolidator.verify.legacy import replay_folder

REPO = Path(__file__).resolve().parents[2]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_bytes_on_every_run(tmp_path):
    generate_history(tmp_path / "a", 120)
    generate_history(tmp_path / "b", 120)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert len(digest(tmp_path / "a")) == 120
    assert tables_file_text(300) == tables_file_text(300)


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    """No set or hash order leaks into the output: two interpreters with different hash seeds agree."""
    for seed in ("1", "2"):
        code = ("import sys; from benchmarks.synthetic import generate_history, generate_tables_file; "
                "generate_history(sys.argv[1], 80); generate_tables_file(sys.argv[1] + '_t', 50)")
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        subprocess.run([sys.executable, "-c", code, str(tmp_path / f"h{seed}")], env=env, cwd=REPO, check=True)
    assert digest(tmp_path / "h1") == digest(tmp_path / "h2")
    assert digest(tmp_path / "h1_t") == digest(tmp_path / "h2_t")


def test_prefix_stable_and_seeded(tmp_path):
    generate_history(tmp_path / "short", 40)
    generate_history(tmp_path / "long", 90)
    generate_history(tmp_path / "other", 40, seed=99)
    long = digest(tmp_path / "long")
    assert digest(tmp_path / "short") == {name: long[name] for name in sorted(long)[:40]}
    assert digest(tmp_path / "other") != digest(tmp_path / "short")


def test_the_mix(tmp_path):
    stats = generate_history(tmp_path / "h", 1000)
    for kind in ("CREATE TABLE", "ALTER TABLE ADD COLUMN", "ALTER TABLE RENAME COLUMN", "ALTER COLUMN TYPE",
                 "ALTER TABLE DROP COLUMN", "CREATE INDEX", "DROP INDEX", "ALTER INDEX RENAME", "CREATE TYPE",
                 "ALTER TYPE ADD VALUE", "CREATE FUNCTION", "CREATE TRIGGER", "CREATE VIEW", "DO", "INSERT",
                 "UPDATE", "DELETE", "ALTER TABLE ADD CONSTRAINT"):
        assert stats.kinds.get(kind, 0) >= 5, kind
    assert 0.25 <= stats.on_old_tables / stats.statements <= 0.45  # "about a third" touch much older tables
    assert 50 <= stats.messy_files <= 150  # about 10% of the files
    text = "\n".join(p.read_text() for p in sorted((tmp_path / "h").iterdir()))
    assert "information_schema.columns" in text and "LANGUAGE plpgsql" in text


def test_a_generated_history_replays_on_postgresql_and_in_the_model(pg_server, tmp_path):
    """The server accepts every file, and so does the in-memory build: model and server agree on the history."""
    folder = tmp_path / "history"
    generate_history(folder, 30)
    pg_server.create_database("bench_synthetic_30")
    try:
        replay = replay_folder(pg_server, "bench_synthetic_30", folder)
    finally:
        pg_server.drop_database("bench_synthetic_30")
    assert {name: f.describe() for name, f in replay.failed.items()} == {}
    assert len(replay.applied) == 30
    result = build(folder)
    assert result.failed_files == {}


def test_the_tables_file_replays_on_postgresql_and_in_the_model(pg_server, tmp_path):
    folder = tmp_path / "tables"
    generate_tables_file(folder, 200)
    pg_server.create_database("bench_tables_200")
    try:
        replay = replay_folder(pg_server, "bench_tables_200", folder)
    finally:
        pg_server.drop_database("bench_tables_200")
    assert {name: f.describe() for name, f in replay.failed.items()} == {}
    result = build(folder)
    assert result.failed_files == {}
    assert len(result.catalog.tables) == 200
