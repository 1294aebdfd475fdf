"""migrate and status on a real PostgreSQL: each migration in its own transaction with its row; a failure leaves
no trace; a changed file is detected and blocks migrate until repaired."""

from __future__ import annotations

import hashlib

from consolidator.runner.apply import migrate
from consolidator.runner.repair import repair
from consolidator.runner.status import read
from consolidator.verify.introspect import snapshot
from tests.runner.conftest import database, query

WIDGETS = ("-- migrate:up\nCREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);\n"
           "-- migrate:down\nDROP TABLE widgets;\n"
           "-- migrate:verify\nSELECT 1 FROM information_schema.tables WHERE table_name = 'widgets';\n")
COLORS = ("-- requires: 001_add_widgets\n-- migrate:up\nALTER TABLE widgets ADD COLUMN color text;\n"
          "-- migrate:down\nALTER TABLE widgets DROP COLUMN color;\n")


def _everything(dsn: str):
    """The whole catalog and every row, the tracking table's included."""
    return snapshot(dsn, exclude_tables=frozenset())


def test_migrate_applies_in_order_with_rows_and_status_shows_them(pg_database, workspace, said):
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_add_colors.sql", COLORS)
    db = database(pg_database)
    assert migrate(workspace.project(), db, dry_run=True, say=said) == 0
    assert said == ["would apply 001_add_widgets (%s/001_add_widgets.sql)" % workspace.migrations,
                    "would apply 002_add_colors (%s/002_add_colors.sql)" % workspace.migrations]
    assert query(pg_database.dsn, "SELECT to_regclass('public.schema_migrations')") == [(None,)], "dry run wrote nothing"

    assert migrate(workspace.project(), db, say=said) == 0
    rows = query(pg_database.dsn, "SELECT version, checksum, success, rollback_sql FROM schema_migrations ORDER BY 1")
    file = (workspace.migrations / "001_add_widgets.sql").read_bytes()
    assert rows[0] == ("001_add_widgets", hashlib.sha256(file).hexdigest(), True, "DROP TABLE widgets;\n")
    assert [r[0] for r in rows] == ["001_add_widgets", "002_add_colors"]
    assert query(pg_database.dsn, "SELECT column_name FROM information_schema.columns WHERE table_name = 'widgets' "
                                  "ORDER BY ordinal_position") == [("id",), ("name",), ("color",)]
    status, heading = read(workspace.project(), db)
    assert "tracking table public.schema_migrations" in heading
    assert [(e.version, e.state) for e in status.entries] == [("001_add_widgets", "applied"), ("002_add_colors", "applied")]
    assert status.ok

    said.clear()
    assert migrate(workspace.project(), db, say=said) == 0
    assert said == ["nothing to do: 2 applied, none pending"]


def test_a_tampered_file_is_changed_blocks_migrate_and_repair_records_it(pg_database, workspace, said):
    path = workspace.write("001_add_widgets.sql", WIDGETS)
    db = database(pg_database)
    assert migrate(workspace.project(), db, say=said) == 0
    path.write_text(WIDGETS.replace("name text", "name varchar(10)"))
    workspace.write("002_add_colors.sql", COLORS)

    status, _ = read(workspace.project(), db)
    assert [(e.version, e.state) for e in status.entries] == [("001_add_widgets", "changed"), ("002_add_colors", "pending")]
    assert not status.ok
    said.clear()
    assert migrate(workspace.project(), db, say=said) == 1
    assert said[0].startswith("migrate refuses: 001_add_widgets changed since it was applied")
    assert query(pg_database.dsn, "SELECT count(*) FROM schema_migrations") == [(1,)]

    assert repair(workspace.project(), db, say=said) == 1, "without --yes it only says what it would do"
    assert repair(workspace.project(), db, yes=True, say=said) == 0
    assert read(workspace.project(), db)[0].ok
    assert migrate(workspace.project(), db, say=said) == 0


def test_an_applied_migration_missing_from_disk_fails_status(pg_database, workspace, said):
    path = workspace.write("001_add_widgets.sql", WIDGETS)
    db = database(pg_database)
    migrate(workspace.project(), db, say=said)
    path.unlink()
    status, _ = read(workspace.project(), db)
    assert [(e.version, e.state) for e in status.entries] == [("001_add_widgets", "missing")] and not status.ok


def test_a_failing_migration_leaves_no_trace_and_names_file_line_and_error(pg_database, workspace, said):
    workspace.write("001_add_widgets.sql", WIDGETS)
    db = database(pg_database)
    migrate(workspace.project(), db, say=said)
    before = _everything(pg_database.dsn)
    workspace.write("002_broken.sql", "-- migrate:up\nCREATE TABLE gadgets (id int);\nINSERT INTO widgets (id, name)\n"
                                      "VALUES (7, 'w');\nALTER TABLE widgets ADD COLUMN name text;\n"
                                      "-- migrate:down\nDROP TABLE gadgets;\n")
    said.clear()
    assert migrate(workspace.project(), db, say=said) == 1
    assert f"{workspace.migrations}/002_broken.sql:5: 42701: column \"name\" of relation \"widgets\" already exists" in said
    assert said[-1] == "002_broken failed and was rolled back: nothing of it is applied or recorded"
    assert _everything(pg_database.dsn) == before


def test_a_verify_query_that_does_not_hold_rolls_the_migration_back(pg_database, workspace, said):
    workspace.write("001_v.sql", "-- migrate:up\nCREATE TABLE v (id int);\n-- migrate:down\nDROP TABLE v;\n"
                                 "-- migrate:verify\nSELECT 1 FROM v;\n")
    db = database(pg_database)
    assert migrate(workspace.project(), db, say=said) == 1
    assert f"{workspace.migrations}/001_v.sql:6: verify: the query returned no rows" in said
    assert query(pg_database.dsn, "SELECT to_regclass('public.v')") == [(None,)]
    workspace.write("001_v.sql", "-- migrate:up\nCREATE TABLE v (id int);\n-- migrate:down\nDROP TABLE v;\n"
                                 "-- migrate:verify\nSELECT count(*) = 1 FROM v;\n")
    assert migrate(workspace.project(), db, say=said) == 1
    assert said[-2].endswith("001_v.sql:6: verify: the query returned false")


def test_transaction_false_runs_create_index_concurrently(pg_database, workspace, said):
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_index.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY widgets_name ON "
                                     "widgets (name);\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY "
                                     "widgets_name;\n")
    db = database(pg_database)
    assert migrate(workspace.project(), db, say=said) == 0, said
    assert query(pg_database.dsn, "SELECT indexname FROM pg_indexes WHERE tablename = 'widgets' ORDER BY 1") == [
        ("widgets_name",), ("widgets_pkey",)]


def test_a_migration_outside_a_transaction_that_stops_half_way_is_recorded_failed(pg_database, workspace, said):
    workspace.write("001_half.sql", "-- migrate:up transaction:false\nCREATE TABLE half (id int);\n"
                                    "CREATE INDEX CONCURRENTLY half_x ON half (x);\n-- migrate:down\nDROP TABLE half;\n")
    db = database(pg_database)
    assert migrate(workspace.project(), db, say=said) == 1
    assert "what ran before the error stays" in said[-1]
    status, _ = read(workspace.project(), db)
    assert [(e.version, e.state) for e in status.entries] == [("001_half", "failed")] and not status.ok
    assert migrate(workspace.project(), db, say=said) == 1, "a failed migration blocks migrate"
    query(pg_database.dsn, "DROP TABLE half")
    workspace.write("001_half.sql", "-- migrate:up transaction:false\nCREATE TABLE half (id int, x int);\n"
                                    "CREATE INDEX CONCURRENTLY half_x ON half (x);\n-- migrate:down\nDROP TABLE half;\n")
    assert repair(workspace.project(), db, yes=True, say=said) == 0
    assert migrate(workspace.project(), db, say=said) == 0


def test_migrate_to_stops_at_the_version_and_a_migration_s_set_does_not_leak(pg_database, workspace, said):
    workspace.write("001_add_widgets.sql", WIDGETS.replace("-- migrate:up\n", "-- migrate:up\nSET search_path = nowhere, public;\n"))
    workspace.write("002_add_colors.sql", COLORS)
    workspace.write("003_more.sql", "-- migrate:up\nCREATE TABLE more (id int);\n-- migrate:down\nDROP TABLE more;\n")
    db = database(pg_database)
    assert migrate(workspace.project(), db, to="2", say=said) == 0
    assert [r[0] for r in query(pg_database.dsn, "SELECT version FROM schema_migrations ORDER BY 1")] == [
        "001_add_widgets", "002_add_colors"]
    assert migrate(workspace.project(), db, say=said) == 0
    assert query(pg_database.dsn, "SELECT schemaname FROM pg_tables WHERE tablename = 'more'") == [("public",)]
