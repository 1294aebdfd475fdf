"""The baseline's rollback_sql (in its schema_migrations row) undoes it on a real PostgreSQL, and the baseline
applies again afterwards."""

from __future__ import annotations

from pathlib import Path

import psycopg

from consolidator.build import build

LEGACY = Path(__file__).resolve().parent.parent / "legacy_migrations"

_USER_OBJECTS = """
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relname NOT LIKE 'schema_migrations%'
"""


def test_rollback_sql_drops_everything_the_baseline_built(pg_database, tmp_path):
    baseline = tmp_path / "000_consolidated_baseline.sql"
    baseline.write_text(build(LEGACY).sql, encoding="utf-8")
    assert pg_database.psql_file(baseline).returncode == 0
    with psycopg.connect(pg_database.dsn, autocommit=True) as conn:
        assert conn.execute(_USER_OBJECTS).fetchone()[0] > 50
        (rollback_sql,) = conn.execute(
            "SELECT rollback_sql FROM schema_migrations WHERE version = '000_consolidated_baseline'"
        ).fetchone()
        with conn.transaction():
            conn.execute(rollback_sql)
            conn.execute("DELETE FROM schema_migrations WHERE version = '000_consolidated_baseline'")
        assert conn.execute(_USER_OBJECTS).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                            "WHERE n.nspname = 'public' AND t.typtype = 'e'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM pg_extension WHERE extname = 'uuid-ossp'").fetchone()[0] == 0
    assert pg_database.psql_file(baseline).returncode == 0, "the baseline applies again after its rollback"
