"""The baseline is a fixed point: compiled again as a one-file history, it gives back the same statements
(comments and provenance aside). The tool's tracking table in it is recognised as the tool's own."""

from __future__ import annotations

from pathlib import Path

from consolidator.build import build
from tests.emit.test_golden import statements

LEGACY = Path(__file__).resolve().parents[2] / "legacy_migrations"


def test_the_corpus_baseline_compiles_back_to_itself(tmp_path):
    first = build(LEGACY)
    (tmp_path / "000_consolidated_baseline.sql").write_text(first.sql, encoding="utf-8")
    second = build(tmp_path)
    assert not second.failed_files
    assert [d for d in second.diagnostics if d.code == "not-modelled"] == []
    assert statements(second.sql) == statements(first.sql)
    assert set(second.catalog.tables) == set(first.catalog.tables)  # schema_migrations is not a user table


def test_a_baseline_of_another_tool_keeps_its_tables(tmp_path):
    """Only a file this tool generated has its tracking table recognised: a hand-written schema_migrations stays."""
    (tmp_path / "001.sql").write_text("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY);\n")
    result = build(tmp_path)
    assert "public.schema_migrations" in result.catalog.tables
    assert "CREATE TABLE IF NOT EXISTS consolidator_migrations" in result.sql
