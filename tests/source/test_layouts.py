"""Each layout's reader: the files its tool applies, in its order, and every other file left out with a reason."""

from __future__ import annotations

import re

import pytest

from consolidator.errors import InputError
from consolidator.source.discover import discover
from tests.source import layout_folders as lf


def _reasons(sources) -> dict[str, str]:
    return {s.name: s.reason for s in sources.skipped}


def test_flyway_versions_compare_part_by_part_repeatables_last_undo_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, lf.FLYWAY))
    assert sources.layout == "flyway"
    assert [m.name for m in sources.migrations] == lf.FLYWAY_ORDER
    reasons = _reasons(sources)
    assert "undo" in reasons["U1.10__rename.sql"] and "undo" in reasons["U2__add_c.sql"]
    assert set(reasons) == {"U1.10__rename.sql", "U2__add_c.sql", "V2.sql.bak", "README.md"}


def test_flyway_searches_sub_folders_and_reads_execute_in_transaction(tmp_path):
    sources = discover(lf.write(tmp_path, {
        "V1__a.sql": lf.CREATE,
        "later/V1.1__b.sql": lf.ADD_A,
        "later/V1.1__b.sql.conf": "executeInTransaction=false\n",
        "V1_0_2__c.sql": lf.ADD_C,  # '_' separates parts as '.' does: 1.0.2 < 1.1
    }))
    assert [(m.name, m.transaction) for m in sources.migrations] == [
        ("V1__a.sql", True), ("V1_0_2__c.sql", True), ("later/V1.1__b.sql", False)]
    assert "executeInTransaction" in _reasons(sources)["later/V1.1__b.sql.conf"]


def test_flyway_equal_versions_are_reported(tmp_path):
    sources = discover(lf.write(tmp_path, {"V1__a.sql": lf.CREATE, "V1.0__b.sql": lf.ADD_A}))
    assert sources.duplicate_versions == {"1": ["V1.0__b.sql", "V1__a.sql"]}


def test_a_flat_folder_with_a_flyway_looking_name_stays_flat(tmp_path):
    sources = discover(lf.write(tmp_path, {"V2__x.sql": "", "10_y.sql": ""}))
    assert sources.layout == "flat"
    assert [m.name for m in sources.migrations] == ["10_y.sql", "V2__x.sql"]


def test_layout_forced_by_name(tmp_path):
    lf.write(tmp_path, {"V2__x.sql": "", "10_y.sql": ""})
    sources = discover(tmp_path, layout="flyway")
    assert [m.name for m in sources.migrations] == ["V2__x.sql"]
    assert "not a Flyway migration name" in _reasons(sources)["10_y.sql"]
    with pytest.raises(InputError, match="unknown layout 'liquid'"):
        discover(tmp_path, layout="liquid")


def test_golang_migrate_integer_versions_down_files_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, {**lf.GOLANG_MIGRATE, "notes.txt": "x"}))
    assert sources.layout == "golang-migrate"
    assert [m.name for m in sources.migrations] == lf.GOLANG_MIGRATE_ORDER
    assert [m.version for m in sources.migrations] == ["1", "2", "10", "11", "12"]
    reasons = _reasons(sources)
    assert {n for n, r in reasons.items() if "down migration" in r} == {n for n in lf.GOLANG_MIGRATE if ".down." in n}
    assert "not a golang-migrate migration name" in reasons["notes.txt"]


def test_golang_migrate_equal_versions_are_reported(tmp_path):
    sources = discover(lf.write(tmp_path, {"1_a.up.sql": "", "01_b.up.sql": ""}))
    assert sources.duplicate_versions == {"1": ["01_b.up.sql", "1_a.up.sql"]}


def test_dbmate_up_section_only_with_its_line_numbers(tmp_path):
    sources = discover(lf.write(tmp_path, lf.DBMATE))
    assert sources.layout == "dbmate"
    assert [m.name for m in sources.migrations] == lf.DBMATE_ORDER
    first = sources.migrations[0].data.decode()
    assert first.splitlines() == ["", lf.CREATE.strip(), "", "", ""]  # down section blanked, lines kept
    assert [m.transaction for m in sources.migrations] == [True, True, True, False, True]
    assert "not a dbmate migration name" in _reasons(sources)["schema.sql.txt"]


def test_dbmate_files_dbmate_refuses_are_left_out_with_its_reason(tmp_path):
    sources = discover(lf.write(tmp_path, {
        "1_ok.sql": lf.dbmate_file(lf.CREATE, lf.UNDO),
        "2_no_up.sql": "CREATE TABLE x ();\n",
        "3_before.sql": "CREATE TABLE y ();\n" + lf.dbmate_file(lf.ADD_A, ""),
        "4_reversed.sql": f"-- migrate:down\n{lf.UNDO}-- migrate:up\n{lf.ADD_A}",
    }))
    assert [m.name for m in sources.migrations] == ["1_ok.sql"]
    reasons = _reasons(sources)
    assert "no '-- migrate:up' section" in reasons["2_no_up.sql"]
    assert "statements before" in reasons["3_before.sql"]
    assert "comes before" in reasons["4_reversed.sql"]


def test_a_failure_in_a_dbmate_up_section_is_reported_at_its_line(tmp_path):
    from consolidator.build import build
    lf.write(tmp_path, {"1_a.sql": "-- migrate:up\n\nCREATE TABLE t (id int);\nALTER TABLE nope ADD x int;\n"
                                   "-- migrate:down\nDROP TABLE t;\n"})
    failed = build(tmp_path).failed_files["1_a.sql"]
    assert (failed.span.line, failed.sqlstate) == (4, "42P01")


def test_goose_versions_as_integers_up_sections_only(tmp_path):
    sources = discover(lf.write(tmp_path, lf.GOOSE))
    assert sources.layout == "goose"
    assert [m.name for m in sources.migrations] == lf.GOOSE_ORDER
    assert [m.transaction for m in sources.migrations] == [True, True, True, False, True, True]
    assert "DROP" not in b"".join(m.data for m in sources.migrations).decode()
    assert "Go migration" in _reasons(sources)["14_seed.go"]
    function = sources.migrations[4].data.decode().splitlines()
    assert function[2] == "CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$"  # line 3, as in the file


def test_goose_annotations_are_case_insensitive_and_refused_files_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, {
        "1_a.sql": f"-- +goose up\n{lf.CREATE}-- +goose down\n{lf.UNDO}",
        "2_b.sql": lf.ADD_A,
        "3_env.sql": "-- +goose Up\n-- +goose ENVSUB ON\nCREATE ROLE ${ROLE};\n",
    }), layout="goose")
    assert [m.name for m in sources.migrations] == ["1_a.sql"]
    assert "DROP" not in sources.migrations[0].data.decode()
    reasons = _reasons(sources)
    assert "no '-- +goose Up'" in reasons["2_b.sql"]
    assert "ENVSUB" in reasons["3_env.sql"]


def test_two_layouts_matching_are_not_guessed_between(tmp_path):
    lf.write(tmp_path, {"1_a.sql": "-- +goose Up\nSELECT 1;\n", "2_b.sql": "-- migrate:up\nSELECT 1;\n"})
    with pytest.raises(InputError, match="looks like both dbmate and goose"):
        discover(tmp_path)
    assert discover(tmp_path, layout="dbmate").layout == "dbmate"


def test_diesel_up_sql_per_folder_initial_setup_first_down_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, lf.DIESEL))
    assert sources.layout == "diesel"
    assert [m.name for m in sources.migrations] == lf.DIESEL_ORDER
    assert sources.migrations[0].name == "00000000000000_diesel_initial_setup/up.sql"
    assert [m.transaction for m in sources.migrations] == [True, True, True, True, False, True]
    reasons = _reasons(sources)
    assert {n for n, r in reasons.items() if "down migration" in r} == {n for n in lf.DIESEL if n.endswith("down.sql")}
    assert "run_in_transaction" in reasons["2024-01-04-000000_add_c/metadata.toml"]


def test_prisma_migration_sql_per_folder_in_name_order(tmp_path):
    sources = discover(lf.write(tmp_path, lf.PRISMA))
    assert sources.layout == "prisma"
    assert [m.name for m in sources.migrations] == lf.PRISMA_ORDER
    reasons = _reasons(sources)
    assert "provider" in reasons["migration_lock.toml"]
    assert {n for n, r in reasons.items() if "never replayed" in r} == {n for n in lf.PRISMA if n.endswith("down.sql")}


def test_prisma_for_another_database_is_refused(tmp_path):
    lf.write(tmp_path, {**lf.PRISMA, "migration_lock.toml": 'provider = "mysql"\n'})
    with pytest.raises(InputError, match="for 'mysql': only PostgreSQL"):
        discover(tmp_path)


def test_natural_order_is_for_the_flat_layout_only(tmp_path):
    from consolidator.source.discover import Order
    lf.write(tmp_path, lf.GOLANG_MIGRATE)
    with pytest.raises(InputError, match="--order natural is for the flat layout: .* golang-migrate"):
        discover(tmp_path, Order.NATURAL)
    assert len(discover(tmp_path, Order.NATURAL, layout="flat").migrations) == len(lf.GOLANG_MIGRATE)


def test_sqitch_plan_order_reworked_change_from_its_tagged_file_revert_and_verify_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, lf.SQITCH))
    assert sources.layout == "sqitch"
    assert [m.name for m in sources.migrations] == lf.SQITCH_ORDER
    assert not any(m.transaction for m in sources.migrations)  # psql without -1: BEGIN/COMMIT are the script's own
    reasons = _reasons(sources)
    assert {n for n, r in reasons.items() if "revert script" in r} == {n for n in lf.SQITCH if n.startswith("revert/")}
    assert "verify script" in reasons["verify/create_t.sql"]
    assert "Sqitch never deploys it" in reasons["deploy/abandoned.sql"]
    assert reasons["sqitch.plan"].startswith("Sqitch plan (read:")
    assert "engine" in reasons["sqitch.conf"]


def _plan(*lines: str) -> str:
    return "%project=p\n\n" + "".join(f"{line} 2024-01-01T00:00:00Z A <a@example.com>\n" for line in lines)


def test_sqitch_rework_picks_the_first_rework_tag_whose_file_exists(tmp_path):
    # rework tags, latest first: v3 (on b), then x's own v1 and v2; deploy/x@v3.sql missing, so x@v1.sql
    lf.write(tmp_path, {"sqitch.plan": _plan("x", "@v1", "@v2", "b", "@v3", "x [x@v3]"),
                        "deploy/x.sql": "SELECT 3;\n", "deploy/x@v1.sql": "SELECT 1;\n", "deploy/x@v2.sql": "",
                        "deploy/b.sql": ""})
    assert [m.name for m in discover(tmp_path).migrations] == ["deploy/x@v1.sql", "deploy/b.sql", "deploy/x.sql"]


@pytest.mark.parametrize(("plan", "message"), [
    (_plan("a [b]", "b"), 'change "a" requires "b", which is not planned before it'),
    (_plan("a", "b [!a]"), 'conflicts with "a", deployed before it'),
    (_plan("a", "a"), 'duplicates earlier declaration on line 3'),
    (_plan("@t"), 'tag "t" declared without a preceding change'),
    (_plan("a", "-a"), "plans a revert"),
    ("%project=p\n\na\n", "missing timestamp and planner"),
    ("\na 2024-01-01T00:00:00Z A <a@example.com>\n", "missing %project pragma"),
    (_plan("a"), "the deploy script of a, deploy/a.sql, is missing"),
])
def test_sqitch_plans_sqitch_refuses_are_one_line_input_errors(tmp_path, plan, message):
    lf.write(tmp_path, {"sqitch.plan": plan, **({} if "deploy/a.sql" in message else {"deploy/a.sql": "",
                                                                                     "deploy/b.sql": ""})})
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        discover(tmp_path)
    assert "\n" not in str(raised.value)


def test_sqitch_other_engines_refused_other_projects_requirements_noted(tmp_path):
    lf.write(tmp_path, {"sqitch.plan": _plan("a [other:base]"), "deploy/a.sql": "",
                        "sqitch.conf": "[core]\n  engine = mysql\n"})
    with pytest.raises(InputError, match="engine is 'mysql'"):
        discover(tmp_path)
    (tmp_path / "sqitch.conf").write_text('[core]\n\tengine = pg\n\ttop_dir = db\n[engine "pg"]\n\ttop_dir = .\n')
    sources = discover(tmp_path)  # [engine "pg"] wins over [core]
    assert [m.name for m in sources.migrations] == ["deploy/a.sql"]
    assert "a requires other:base of another project: not checked" in _reasons(sources)["sqitch.plan"]


def test_sqitch_top_dir_from_the_configuration(tmp_path):
    lf.write(tmp_path, {"sqitch.conf": "[core]\n\tengine = pg\n\ttop_dir = db\n",
                        "db/sqitch.plan": _plan("a"), "db/deploy/a.sql": lf.CREATE})
    assert [m.name for m in discover(tmp_path).migrations] == ["db/deploy/a.sql"]
    (tmp_path / "sqitch.conf").write_text("[core]\n\ttop_dir = ../elsewhere\n")
    with pytest.raises(InputError, match="outside the legacy folder"):
        discover(tmp_path)


@pytest.mark.parametrize(("layout", "expected"), [
    ("golang-migrate", "not a golang-migrate migration name"), ("dbmate", "not a dbmate migration name"),
    ("goose", "not a goose migration name"),
])
def test_entries_that_are_not_migration_files_stay_left_out_with_their_reasons(tmp_path, layout, expected):
    import os
    lf.write(tmp_path, {"sub/1_x.up.sql": "", ".1_hidden.up.sql": "", "notes.txt": ""})
    os.mkfifo(tmp_path / "2_pipe.up.sql")  # not a regular file: never opened
    reasons = _reasons(discover(tmp_path, layout=layout))
    assert reasons == {"sub": "directory (not searched)", ".1_hidden.up.sql": "hidden file",
                       "notes.txt": reasons["notes.txt"], "2_pipe.up.sql": reasons["2_pipe.up.sql"]}
    assert reasons["notes.txt"].startswith(expected) and reasons["2_pipe.up.sql"].startswith(expected)


def test_popx_versions_as_text_postgres_file_wins_other_dialects_and_down_files_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, {**lf.POPX, "notes.md": "x"}))
    assert sources.layout == "popx"
    assert [m.name for m in sources.migrations] == lf.POPX_ORDER
    assert [m.transaction for m in sources.migrations] == [True, True, False, True, True]
    reasons = _reasons(sources)
    assert reasons["10_add_a.up.sql"] == "popx runs 10_add_a.postgres.up.sql for version 10 instead"
    assert reasons["10_add_a.mysql.up.sql"] == "mysql migration: popx runs it on mysql only"
    assert reasons["11_rename.sqlite3.up.sql"].startswith("sqlite3 migration")
    assert reasons["2_add_c.cockroach.up.sql"].startswith("cockroach migration")
    assert {n for n, r in reasons.items() if "down migration" in r} == {n for n in lf.POPX if ".down." in n}
    assert "not a popx migration name" in reasons["notes.md"]


def test_popx_searches_sub_folders_refuses_an_up_file_without_down_leaves_templates_out(tmp_path):
    lf.write(tmp_path, {"sql/1_a.postgres.up.sql": lf.CREATE, "sql/1_a.down.sql": "",
                        "2_b.up.sql": "{{ if .IsPostgreSQL }}SELECT 1;{{ end }}\n", "2_b.down.sql": "",
                        "3_c.oracle.up.sql": "", "3_c.down.sql": ""})
    sources = discover(tmp_path)
    assert (sources.layout, [m.name for m in sources.migrations]) == ("popx", ["sql/1_a.postgres.up.sql"])
    assert "Go template" in _reasons(sources)["2_b.up.sql"]
    assert "'oracle' is not one popx knows" in _reasons(sources)["3_c.oracle.up.sql"]
    (tmp_path / "sql/1_a.down.sql").unlink()
    with pytest.raises(InputError, match="1_a.postgres.up.sql has no down migration of version 1: popx refuses"):
        discover(tmp_path)


def test_a_golang_migrate_folder_is_not_read_as_popx(tmp_path):
    lf.write(tmp_path, {**lf.GOLANG_MIGRATE, "13_x.users.up.sql": ""})  # a dot in the name, not a dialect
    assert discover(tmp_path).layout == "golang-migrate"


def test_liquibase_master_changelog_order_rollbacks_and_other_dbms_blanked(tmp_path):
    sources = discover(lf.write(tmp_path, lf.LIQUIBASE))
    assert sources.layout == "liquibase"
    assert [m.name for m in sources.migrations] == lf.LIQUIBASE_ORDER
    assert [m.transaction for m in sources.migrations] == [True, False, True]
    first = sources.migrations[0].data.decode().splitlines()
    assert first[3] == lf.CREATE.strip() and "DROP" not in "".join(first) and "UNSIGNED" not in "".join(first)
    assert first[10] == lf.ADD_A.strip()  # line 11, as in the file
    views = sources.migrations[2].data.decode().splitlines()
    assert views[3:7] == ["CREATE OR REPLACE VIEW vb AS SELECT id, b, c FROM t", ";",
                          "CREATE OR REPLACE VIEW vt AS SELECT b FROM vb WHERE c <> ''", ";"]
    reasons = _reasons(sources)
    assert "never runs it" in reasons["orphan.sql"]
    assert "master changelog" in reasons["db.changelog-master.sql"]
    assert "changeLogFile" in reasons["liquibase.properties"]
    notes = {n.name: n.reason for n in sources.notes}
    assert "dbms:mysql: Liquibase does not run it on PostgreSQL" in notes["changes/2-create.sql:7"]
    assert "runOnChange" in notes["changes/10-alter.sql:3"]
    assert notes["changes/10-alter.sql:4"].startswith("--preconditions onFail:MARK_RAN: not modelled")


def test_liquibase_without_a_master_reads_every_changelog_in_path_order(tmp_path):
    lf.write(tmp_path, {"b.sql": "--liquibase formatted sql\n--changeset a:2\nSELECT 2;\n",
                        "a.sql": "--liquibase formatted sql\n--changeset a:1\nSELECT 1;\n--changeset a:9 ignore:true\n"
                                 "SELECT 9;\n", "raw.sql": "SELECT 0;\n"})
    sources = discover(tmp_path)
    assert [m.name for m in sources.migrations] == ["a.sql", "b.sql"]
    assert "SELECT 9" not in sources.migrations[0].data.decode()
    assert "not a Liquibase formatted SQL changelog" in _reasons(sources)["raw.sql"]


@pytest.mark.parametrize(("files", "message"), [
    ({"db.changelog-master.xml": "<databaseChangeLog/>", "a.sql": "--liquibase formatted sql\n"},
     "db.changelog-master.xml is a Liquibase XML changelog: not read"),
    ({"liquibase.properties": "changeLogFile: master.yaml\n"}, "master.yaml is a Liquibase YAML changelog: not read"),
    ({"a.sql": "--liquibase formatted sql\n--changeset a:1\nSELECT 1;\n--changeset a:1\nSELECT 2;\n"},
     "changeset a:1 is also at a.sql:2: Liquibase refuses duplicate identifiers"),
    ({"a.sql": "--liquibase formatted sql\n--changeset a:1 endDelimiter:GO\nSELECT 1 GO\n"},
     "endDelimiter 'GO' at the end of a statement is not read"),
    ({"a.sql": "--liquibase formatted sql\nSELECT 1;\n--changeset a:1\n"}, "a statement before the first --changeset"),
    ({"a.sql": "--liquibase formatted sql\n--include file:../x.sql\n"}, "outside the legacy folder"),
    ({"a.sql": "--liquibase formatted sql\n--changeset alice\nSELECT 1;\n"}, "is not '--changeset author:id'"),
    ({"a.sql": "--liquibase formatted sql\n--changeset a:1\n/* liquibase rollback\nSELECT 1;\n"}, "never closed"),
    ({"a.sql": "--liquibase formatted sql\n--include file:b.sql\n",
      "b.sql": "--liquibase formatted sql\n--include file:a.sql\n"}, "include each other in a circle"),
])
def test_liquibase_changelogs_that_are_not_read_are_one_line_input_errors(tmp_path, files, message):
    with pytest.raises(InputError, match=re.escape(message)):
        discover(lf.write(tmp_path, files))


def test_atlas_sum_is_computed_as_atlas_computes_it():
    from consolidator.source.layouts.atlas import hash_file, total

    # Two files `atlas migrate diff` wrote, and the atlas.sum Atlas wrote for them (a public project's history).
    files = [("20230413001814_create_users.sql",
              b'-- Create "users" table\nCREATE TABLE "users" ("id" serial NOT NULL, "name" character varying(255) '
              b'NOT NULL, "email" character varying(255) NOT NULL, "password" character varying(255) NOT NULL, '
              b'"created_at" timestamp NOT NULL DEFAULT now(), "updated_at" timestamp NOT NULL DEFAULT now(), '
              b'PRIMARY KEY ("id"));\n'),
             ("20230413001915.sql",
              b'-- Modify "users" table\nALTER TABLE "users" ADD COLUMN "address" character varying(255) NULL;\n')]
    entries = hash_file(files)
    assert entries == [("20230413001814_create_users.sql", "yguFPMcgOp1A+Q1X+gQR3MSG/Pjx2hjjjfJ7qrE714M="),
                       ("20230413001915.sql", "Zul8BI7/NfXfeEzLupQKFTxcS7JNXbG54iUCxzfjqCQ=")]
    assert total(entries) == "/DiFFd2RrNJCcPTnlgxUaxCDdDlDrKlIb+eQJRAv8eA="


def test_atlas_starts_at_the_last_checkpoint_reads_txmode_sub_folders_left_out(tmp_path):
    sources = discover(lf.write(tmp_path, lf.ATLAS))
    assert sources.layout == "atlas"
    assert [m.name for m in sources.migrations] == lf.ATLAS_ORDER
    assert [m.transaction for m in sources.migrations] == [True, False, True, True]
    reasons = _reasons(sources)
    assert "before the checkpoint 20240103000000_checkpoint.sql" in reasons["20240101000000_create.sql"]
    assert reasons["down"] == "directory (not searched)"
    assert "integrity file" in reasons["atlas.sum"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: (d / "20240105000000_add_c.sql").write_text(lf.ADD_C + "-- edited\n"),
     "20240105000000_add_c.sql differs from its hash there"),
    (lambda d: (d / "20240107000000_new.sql").write_text("SELECT 1;\n"), "20240107000000_new.sql is not in it"),
    (lambda d: (d / "20240102000000_add_a.sql").unlink(), "20240103000000_checkpoint.sql differs"),
    (lambda d: (d / "atlas.sum").write_text("h1:AAAA\n" + (d / "atlas.sum").read_text().split("\n", 1)[1]),
     "its first line does not match the hashes below it"),
])
def test_an_atlas_sum_mismatch_is_refused_in_one_line_as_atlas_refuses_it(tmp_path, change, message):
    lf.write(tmp_path, lf.ATLAS)
    change(tmp_path)
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        discover(tmp_path, layout="atlas")
    assert "checksum" in str(raised.value) and "atlas migrate hash" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert discover(tmp_path, layout="flat").layout == "flat"  # the way past it, on purpose


def test_atlas_sum_ignore_and_a_missing_sum(tmp_path):
    lf.write(tmp_path, {"1_a.sql": "-- atlas:sum ignore\nSELECT 1;\n", "2_b.sql": "SELECT 2;\n"})
    with pytest.raises(InputError, match="checksum file not found"):
        discover(tmp_path, layout="atlas")
    lf.write(tmp_path, lf.with_atlas_sum({"1_a.sql": "-- atlas:sum ignore\nSELECT 1;\n", "2_b.sql": "SELECT 2;\n"}))
    assert "1_a.sql" not in (tmp_path / "atlas.sum").read_text()
    (tmp_path / "1_a.sql").write_text("-- atlas:sum ignore\nSELECT 'edited';\n")  # its bytes are not hashed
    assert [m.name for m in discover(tmp_path).migrations] == ["1_a.sql", "2_b.sql"]


def test_a_tool_folder_that_atlas_manages_is_read_as_that_tool(tmp_path):
    lf.write(tmp_path, lf.with_atlas_sum(lf.GOLANG_MIGRATE))
    assert discover(tmp_path).layout == "golang-migrate"


@pytest.mark.parametrize(("folder", "layout"), [
    (lf.FLYWAY, "flyway"), (lf.GOLANG_MIGRATE, "golang-migrate"), (lf.DBMATE, "dbmate"), (lf.GOOSE, "goose"),
    (lf.DIESEL, "diesel"), (lf.PRISMA, "prisma"), (lf.SQITCH, "sqitch"), (lf.POPX, "popx"),
    (lf.LIQUIBASE, "liquibase"), (lf.ATLAS, "atlas"),
])
def test_each_tools_folder_is_detected_as_that_tool_and_no_other(tmp_path, folder, layout):
    assert discover(lf.write(tmp_path, folder)).layout == layout
