"""On PostgreSQL 15: the baseline built from a folder in a tool's layout builds the database that replaying the
up files in that tool's order builds. The reference side is written independently of the reader: the up texts,
one flat file each, in the tool's order (tests/source/layout_folders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidator.build import build
from consolidator.model import tracking
from consolidator.verify.legacy import replay_folder
from tests.source import layout_folders as lf
from tests.test_equivalence import dump_entries


def _assert_equivalent(pg_server, tmp_path, name: str, folder: dict[str, str], up_texts: list[str]) -> None:
    built = build(lf.write(tmp_path / "layout", folder))
    assert not built.failed_files, built.failed_files
    reference = lf.write(tmp_path / "reference", {f"{i:03d}.sql": text for i, text in enumerate(up_texts, 1)})
    baseline = tmp_path / "baseline.sql"
    baseline.write_text(built.sql, encoding="utf-8")
    pg_server.create_database(f"{name}_tool")
    pg_server.create_database(f"{name}_baseline")
    try:
        replayed = replay_folder(pg_server, f"{name}_tool", reference)
        assert [f.status for f in replayed.files] == ["ok"] * len(up_texts), replayed.files
        applied = pg_server.psql_file(f"{name}_baseline", baseline)
        assert applied.returncode == 0, applied.stderr
        tool = dump_entries(pg_server, f"{name}_tool")
        own = tracking.of_baseline(built.sql)  # the baseline's own tracking table: not the history's
        assert tool == {k: v for k, v in dump_entries(pg_server, f"{name}_baseline").items()
                        if f"public.{own}" not in k.split()}
        assert {"VIEW public.vt", "TABLE public.t"} <= set(tool)
    finally:
        pg_server.drop_database(f"{name}_tool")
        pg_server.drop_database(f"{name}_baseline")


def test_flyway(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "flyway", lf.FLYWAY, [lf.FLYWAY[n] for n in lf.FLYWAY_ORDER])


def test_golang_migrate(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "golang_migrate", lf.GOLANG_MIGRATE,
                       [lf.GOLANG_MIGRATE[n] for n in lf.GOLANG_MIGRATE_ORDER])


def test_dbmate(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "dbmate", lf.DBMATE, lf.DBMATE_UP)


def test_goose(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "goose", lf.GOOSE, lf.GOOSE_UP)


def test_verify_reads_the_layout_it_detects(pg_server, tmp_path):
    from consolidator.verify.run import VerifyOptions, verify

    report = verify(VerifyOptions(legacy_dir=lf.write(tmp_path, lf.GOOSE)), cluster=pg_server)
    assert report.exit_code == 0, report.to_text()
    assert [f.name for f in report.files] == lf.GOOSE_ORDER
    assert all(f.status == "ok" for f in report.files)


def test_diesel(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "diesel", lf.DIESEL, lf.DIESEL_UP)


def test_prisma(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "prisma", lf.PRISMA, lf.PRISMA_UP)


def test_sqitch(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "sqitch", lf.SQITCH, lf.SQITCH_UP)


# Sqitch runs a script as `psql -v ON_ERROR_STOP=1 -f` (no -1): its BEGIN/COMMIT are its own transaction, so what
# a script commits before it fails stays, and the BEGIN block it fails in is rolled back.
_STOPS_HALF_WAY = ("BEGIN;\nCREATE TABLE kept (id int);\nCOMMIT;\n"
                   "BEGIN;\nCREATE TABLE lost (id int);\nALTER TABLE nope ADD COLUMN x int;\nCOMMIT;\n"
                   "CREATE TABLE never (id int);\n")


def test_sqitch_scripts_own_transactions_as_psql_runs_them(pg_server, tmp_path):
    from consolidator.source.discover import discover
    from consolidator.verify.legacy import replay_sources

    folder = lf.write(tmp_path / "sqitch", {
        "sqitch.plan": "%project=p\n\na 2024-01-01T00:00:00Z A <a@example.com>\n",
        "deploy/a.sql": _STOPS_HALF_WAY,
    })
    built = build(folder)
    failed = built.failed_files["deploy/a.sql"]
    assert (failed.span.line, failed.sqlstate) == (6, "42P01")
    assert "rolled back" in failed.message and "what it committed before stays" in failed.message
    modelled = {key.split(".")[-1] for key in built.catalog.tables}
    pg_server.create_database("sqitch_tx")
    try:
        replayed = replay_sources(pg_server, "sqitch_tx", discover(folder))
        assert [f.status for f in replayed.files] == ["failed"]
        on_server = pg_server.psql("sqitch_tx", "-At", "-c", "SELECT relname FROM pg_class WHERE relkind = 'r' "
                                                "AND relnamespace = 'public'::regnamespace")
    finally:
        pg_server.drop_database("sqitch_tx")
    assert modelled == {"kept"} == set(on_server.stdout.split())


def test_verify_runs_sqitch_scripts_without_single_transaction(pg_server, tmp_path):
    from consolidator.verify.run import VerifyOptions, verify

    report = verify(VerifyOptions(legacy_dir=lf.write(tmp_path, lf.SQITCH)), cluster=pg_server)
    assert report.exit_code == 0, report.to_text()
    assert [f.name for f in report.files] == lf.SQITCH_ORDER
    assert all(f.status == "ok" and not f.notices for f in report.files)  # no 'already a transaction' warning


def test_popx(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "popx", lf.POPX, lf.POPX_UP)


def test_liquibase(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "liquibase", lf.LIQUIBASE, lf.LIQUIBASE_UP)


def test_atlas(pg_server, tmp_path):
    _assert_equivalent(pg_server, tmp_path, "atlas", lf.ATLAS, lf.ATLAS_UP)


# The tools' tables as each tool creates them before its first migration (golang-migrate's postgres driver,
# Flyway's createMetaDataTable.sql for PostgreSQL), written here as the reference side.
_GOLANG_MIGRATE_TABLE = ('CREATE TABLE IF NOT EXISTS "schema_migrations" (version bigint not null primary key, '
                         "dirty boolean not null);\n")
_TRACKS_ITS_TOOL = "ALTER TABLE schema_migrations ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();\n"
_FLYWAY_VIEW = "CREATE VIEW applied AS SELECT version, description FROM flyway_schema_history WHERE success;\n"


def test_a_history_that_alters_golang_migrates_table_replays_as_it_did_under_golang_migrate(pg_server, tmp_path):
    folder = {**lf.GOLANG_MIGRATE, "13_track.up.sql": _TRACKS_ITS_TOOL, "13_track.down.sql": "SELECT 1;\n"}
    up = [_GOLANG_MIGRATE_TABLE] + [lf.GOLANG_MIGRATE[n] for n in lf.GOLANG_MIGRATE_ORDER] + [_TRACKS_ITS_TOOL]
    _assert_equivalent(pg_server, tmp_path, "gm_table", folder, up)
    built = build(tmp_path / "layout")
    assert built.sources.migrations[0].name == "(golang-migrate) schema_migrations.sql"
    assert "-- Tracking table: consolidator_migrations" in built.sql  # the history's table keeps its name
    assert "applied_at timestamptz DEFAULT now() NOT NULL,  -- 13_track.up.sql:1" in built.sql


def test_a_flyway_view_over_its_schema_history(pg_server, tmp_path):
    flyway_table = (Path(__file__).parent / "flyway_schema_history.sql").read_text()
    folder = {**lf.FLYWAY, "V3__applied.sql": _FLYWAY_VIEW}
    up = [flyway_table] + [lf.FLYWAY[n] for n in lf.FLYWAY_ORDER[:4]] + [_FLYWAY_VIEW] + \
         [lf.FLYWAY[n] for n in lf.FLYWAY_ORDER[4:]]
    _assert_equivalent(pg_server, tmp_path, "fw_table", folder, up)


def test_a_history_that_never_names_its_tools_table_gets_none(tmp_path):
    assert not any(m.name.startswith("(") for m in build(lf.write(tmp_path, lf.GOOSE)).sources.migrations)
    lf.write(tmp_path / "own", {**lf.GOLANG_MIGRATE, "0_own.up.sql": "CREATE TABLE schema_migrations (v int);\n"})
    assert build(tmp_path / "own").sources.migrations[0].name == "0_own.up.sql"  # it creates its own


def test_verify_replays_the_tools_table_first_on_psql_too(pg_server, tmp_path):
    from consolidator.verify.run import VerifyOptions, verify

    folder = lf.write(tmp_path, {**lf.GOLANG_MIGRATE, "13_track.up.sql": _TRACKS_ITS_TOOL})
    report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
    assert report.exit_code == 0, report.to_text()
    assert [f.name for f in report.files] == ["(golang-migrate) schema_migrations.sql", *lf.GOLANG_MIGRATE_ORDER,
                                              "13_track.up.sql"]


def _alter(table: str) -> str:
    return f"ALTER TABLE {table} ADD COLUMN note text;\n"


@pytest.mark.parametrize(("tool", "folder", "name", "wrap", "up"), [
    ("dbmate", lf.DBMATE, "20240106000000_track.sql", lambda t: lf.dbmate_file(t, ""), lf.DBMATE_UP),
    ("goose", lf.GOOSE, "15_track.sql", lambda t: lf.goose_file(t, ""), lf.GOOSE_UP),
    ("diesel", lf.DIESEL, "2024-01-06-000000_track/up.sql", lambda t: t, lf.DIESEL_UP),
    ("prisma", lf.PRISMA, "20240106000000_track/migration.sql", lambda t: t, lf.PRISMA_UP),
])
def test_each_tools_table_as_the_tool_creates_it(pg_server, tmp_path, tool, folder, name, wrap, up):
    from consolidator.source.layouts.bookkeeping import TABLES

    table, ddl = TABLES[tool]
    _assert_equivalent(pg_server, tmp_path, f"{tool}_table", {**folder, name: wrap(_alter(table))},
                       [ddl, *up, _alter(table)])


def test_atlas_revisions_table_in_its_own_schema(pg_server, tmp_path):
    from consolidator.source.layouts.bookkeeping import TABLES

    view = "CREATE VIEW applied AS SELECT version FROM atlas_schema_revisions.atlas_schema_revisions;\n"
    folder = lf.with_atlas_sum({**{n: t for n, t in lf.ATLAS.items() if n != "atlas.sum"},
                                "20240107000000_applied.sql": view})
    _assert_equivalent(pg_server, tmp_path, "atlas_table", folder, [TABLES["atlas"][1], *lf.ATLAS_UP, view])
