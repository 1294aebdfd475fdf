"""mark-baseline on a real PostgreSQL: a database the legacy history built is recorded as baselined (verify's
comparison finds it the same); a drifted one is refused unless --force; the tool's tracking table keeps its own
name beside a legacy schema_migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidator.errors import InputError
from consolidator.runner.apply import migrate
from consolidator.runner.mark_baseline import mark_baseline
from consolidator.runner.status import read
from consolidator.runner.tracking import ForeignTrackingTable
from consolidator.verify.legacy import replay_folder
from tests.runner.conftest import database, query
from tests.runner.test_migrate import WIDGETS

LEGACY = Path(__file__).resolve().parents[2] / "legacy_migrations"
ROW = "SELECT version, checksum, success, rollback_sql FROM {} WHERE version = '000_consolidated_baseline'"


def test_a_database_built_from_the_legacy_history_is_marked_and_migrate_continues(pg_server, pg_database, workspace,
                                                                                   said):
    workspace.build_baseline(LEGACY)
    replay_folder(pg_server, pg_database.name, LEGACY)
    db = database(pg_database)
    project = workspace.project()
    assert mark_baseline(project, db, legacy_dir=LEGACY, say=said, cluster=pg_server) == 0, said.text
    assert "equivalent: the baseline builds the same schema and seed rows as the database" in said.text
    assert said[-1] == ("recorded 000_consolidated_baseline in public.schema_migrations without running it: "
                        "`consolidator migrate` continues from here")
    (row,) = query(pg_database.dsn, ROW.format("schema_migrations"))
    assert row == ("000_consolidated_baseline", project.baseline.checksum, True, project.baseline.rollback_sql)

    said.clear()
    assert mark_baseline(project, db, legacy_dir=LEGACY, say=said, cluster=pg_server) == 0
    assert said == ["000_consolidated_baseline is already recorded in public.schema_migrations: nothing to do"]
    workspace.write("001_add_widgets.sql", WIDGETS)
    assert migrate(project, db, say=said) == 0
    status, _ = read(project, db)
    assert [(e.version, e.state) for e in status.entries] == [("000_consolidated_baseline", "applied"),
                                                              ("001_add_widgets", "applied")]


def test_a_drifted_database_is_refused_unless_forced(pg_server, pg_database, workspace, said):
    legacy = workspace.legacy()
    workspace.build_baseline(legacy)
    replay_folder(pg_server, pg_database.name, legacy)
    pg_database.execute("ALTER TABLE users ALTER COLUMN phone TYPE varchar(50)")
    db = database(pg_database)
    assert mark_baseline(workspace.project(), db, legacy_dir=legacy, say=said, cluster=pg_server) == 1
    assert any(line.strip().startswith("column users.phone: type varchar(50) in database, varchar(20) in baseline")
               for line in said), said.text
    assert said[-1].startswith("not recorded: the database differs from the baseline (1 difference above)")
    assert query(pg_database.dsn, "SELECT to_regclass('public.schema_migrations')") == [(None,)]
    said.clear()
    assert migrate(workspace.project(), db, say=said) == 1, "migrate refuses a database whose baseline is not recorded"
    assert said[0].startswith("migrate refuses: the database has no 000_consolidated_baseline row in schema_migrations")

    said.clear()
    assert mark_baseline(workspace.project(), db, legacy_dir=legacy, force=True, say=said, cluster=pg_server) == 0
    assert "despite 1 differences (--force)" in said[-1]
    assert len(query(pg_database.dsn, ROW.format("schema_migrations"))) == 1


def test_a_baseline_not_built_from_the_legacy_folder_as_it_is_is_refused(pg_database, workspace, said):
    legacy = workspace.legacy()
    workspace.build_baseline(legacy)
    (legacy / "003_later.sql").write_text("CREATE TABLE later (id int);\n")
    with pytest.raises(InputError, match="was not built from .* as it is now"):
        mark_baseline(workspace.project(), database(pg_database), legacy_dir=legacy, say=said)


def test_a_database_created_from_the_baseline_carries_its_row(pg_database, workspace, said):
    baseline = workspace.build_baseline(workspace.legacy())
    assert pg_database.psql_file(baseline).returncode == 0
    db = database(pg_database)
    assert mark_baseline(workspace.project(), db, legacy_dir=workspace.root / "legacy_migrations", say=said) == 0
    assert said == ["000_consolidated_baseline is already recorded in public.schema_migrations: nothing to do"]


GOLANG_MIGRATE = {
    "001_users.sql": "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n",
    "002_schema_migrations.sql": "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);\n"
                                 "INSERT INTO schema_migrations VALUES (2, false);\n",
}


def test_the_tracking_table_keeps_its_own_name_beside_a_legacy_schema_migrations(pg_server, pg_database, workspace,
                                                                                said):
    legacy = workspace.legacy(GOLANG_MIGRATE)
    workspace.build_baseline(legacy)
    replay_folder(pg_server, pg_database.name, legacy)
    db = database(pg_database)
    project = workspace.project()
    assert project.tracking_table == "consolidator_migrations"
    assert mark_baseline(project, db, legacy_dir=legacy, say=said, cluster=pg_server) == 0, said.text
    workspace.write("001_add_widgets.sql", WIDGETS)
    assert migrate(project, db, say=said) == 0
    assert query(pg_database.dsn, "SELECT version FROM consolidator_migrations ORDER BY 1") == [
        ("000_consolidated_baseline",), ("001_add_widgets",)]
    assert query(pg_database.dsn, "SELECT * FROM schema_migrations") == [(2, False)], "the legacy table stays as it was"
    status, heading = read(project, db)
    assert "tracking table public.consolidator_migrations" in heading and status.ok

    elsewhere = type(workspace)(workspace.root / "elsewhere")  # no baseline file: the default name, taken
    with pytest.raises(ForeignTrackingTable, match="public.schema_migrations exists but is not consolidator's"):
        migrate(elsewhere.project(), db, say=said)
