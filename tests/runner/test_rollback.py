"""rollback on a real PostgreSQL: the stored rollback_sql undoes its migration (the catalog, compared with verify's
snapshot, is what it was before), newest first; it refuses without a down section and never undoes the baseline."""

from __future__ import annotations

import pytest

from consolidator.errors import InputError
from consolidator.runner.apply import migrate
from consolidator.runner.rollback import rollback
from consolidator.verify.introspect import snapshot
from tests.runner.conftest import database, query
from tests.runner.test_migrate import COLORS, WIDGETS

INDEXES = ("-- requires: 002_add_colors\n-- migrate:up\nCREATE UNIQUE INDEX widgets_color ON widgets (color);\n"
           "ALTER TABLE widgets ADD CONSTRAINT widgets_name_check CHECK (name <> '');\n"
           "-- migrate:down\nALTER TABLE widgets DROP CONSTRAINT widgets_name_check;\nDROP INDEX widgets_color;\n")


def _everything(dsn: str):
    return snapshot(dsn, exclude_tables=frozenset())


def test_rollback_restores_the_catalog_as_it_was_before(pg_database, workspace, said):
    db = database(pg_database)
    workspace.write("001_add_widgets.sql", WIDGETS)
    assert migrate(workspace.project(), db, say=said) == 0
    after_first = _everything(pg_database.dsn)
    workspace.write("002_add_colors.sql", COLORS)
    workspace.write("003_indexes.sql", INDEXES)
    assert migrate(workspace.project(), db, say=said) == 0
    after_all = _everything(pg_database.dsn)

    said.clear()
    assert rollback(workspace.project(), db, steps=2, say=said) == 0
    assert said == ["rolling back 003_indexes", "rolling back 002_add_colors",
                    "rolled back 2 migrations; latest applied: 001_add_widgets"]
    assert _everything(pg_database.dsn) == after_first

    assert migrate(workspace.project(), db, say=said) == 0
    assert _everything(pg_database.dsn).objects == after_all.objects, "the catalog again; only executed_at differs"


def test_rollback_to_a_version_undoes_everything_after_it(pg_database, workspace, said):
    db = database(pg_database)
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_add_colors.sql", COLORS)
    workspace.write("003_indexes.sql", INDEXES)
    migrate(workspace.project(), db, say=said)
    assert rollback(workspace.project(), db, to="001_add_widgets", say=said) == 0
    assert query(pg_database.dsn, "SELECT version FROM schema_migrations") == [("001_add_widgets",)]
    said.clear()
    assert rollback(workspace.project(), db, to="1", say=said) == 0
    assert said == ["nothing to roll back: 1 is the latest applied"]


def test_rollback_refuses_a_migration_without_down_and_runs_nothing(pg_database, workspace, said):
    db = database(pg_database)
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_no_down.sql", "-- migrate:up\nCREATE TABLE kept (id int);\n")
    migrate(workspace.project(), db, say=said)
    before = _everything(pg_database.dsn)
    said.clear()
    assert rollback(workspace.project(), db, steps=2, say=said) == 1
    assert said == ["rollback refuses: 002_no_down has no down section (rollback_sql is empty): nothing was rolled back"]
    assert _everything(pg_database.dsn) == before


def test_a_failing_rollback_is_undone_and_the_migration_stays_applied(pg_database, workspace, said):
    db = database(pg_database)
    workspace.write("001_add_widgets.sql", WIDGETS)
    workspace.write("002_bad_down.sql", "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n"
                                        "DROP TABLE nope;\n")
    migrate(workspace.project(), db, say=said)
    before = _everything(pg_database.dsn)
    said.clear()
    assert rollback(workspace.project(), db, say=said) == 1
    assert said[1] == '002_bad_down rollback_sql:2: 42P01: table "nope" does not exist'
    assert said[2] == "rollback of 002_bad_down failed and was undone: it stays applied"
    assert _everything(pg_database.dsn) == before


def test_rollback_never_undoes_the_baseline(pg_database, workspace, said):
    baseline = workspace.build_baseline(workspace.legacy())
    assert pg_database.psql_file(baseline).returncode == 0
    db = database(pg_database)
    workspace.write("001_add_widgets.sql", WIDGETS)
    assert migrate(workspace.project(), db, say=said) == 0
    with pytest.raises(InputError, match="only 1 migration is applied after the baseline, and rollback never undoes"):
        rollback(workspace.project(), db, steps=2, say=said)
    with pytest.raises(InputError, match="give --steps N or --to VERSION, not both"):
        rollback(workspace.project(), db, steps=1, to="1", say=said)
    assert rollback(workspace.project(), db, to="000_consolidated_baseline", say=said) == 0
    assert query(pg_database.dsn, "SELECT version FROM schema_migrations") == [("000_consolidated_baseline",)]
    assert query(pg_database.dsn, "SELECT count(*) FROM users") == [(0,)], "the baseline's tables stay"
