"""SQLSTATEs and condition names, checked against PL/pgSQL's RAISE and WHEN on the server."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.pg15 import sqlstate
from consolidator.pg15.sqlstate import SqlState


def test_constants():
    assert SqlState.UNDEFINED_TABLE == "42P01"
    assert SqlState.DUPLICATE_TABLE == "42P07"
    assert SqlState.SYNTAX_ERROR == "42601"
    assert SqlState.RAISE_EXCEPTION == "P0001"
    assert SqlState.UNDEFINED_SCHEMA == "3F000"  # a C macro name; its condition name is invalid_schema_name
    assert SqlState.INVALID_SCHEMA_NAME == "3F000"
    assert SqlState.STRING_DATA_RIGHT_TRUNCATION == "22001"  # the error, not the warning 01004
    assert SqlState.WARNING_STRING_DATA_RIGHT_TRUNCATION == "01004"
    assert SqlState.MODIFYING_SQL_DATA_NOT_PERMITTED == "2F002"  # the first of two error codes
    assert SqlState.NO_DATA == "02000" and SqlState.SUCCESSFUL_COMPLETION == "00000"
    assert sqlstate.by_macro("ERRCODE_STRING_DATA_RIGHT_TRUNCATION") == "22001"
    assert sqlstate.by_macro("E_R_E_MODIFYING_SQL_DATA_NOT_PERMITTED") == "38002"


def test_every_plpgsql_condition_is_a_constant_of_its_first_code():
    for c in sqlstate.conditions():
        if c.name and sqlstate.is_condition_name(c.name):
            assert getattr(SqlState, c.name.upper()) == sqlstate.code_for(c.name)


def test_names_with_two_error_codes_keep_file_order():
    doubles = {c.name: sqlstate.codes_for(c.name) for c in sqlstate.conditions()
               if c.name and len(sqlstate.codes_for(c.name)) > 1}
    assert doubles == {
        "modifying_sql_data_not_permitted": ("2F002", "38002"),
        "prohibited_sql_statement_attempted": ("2F003", "38003"),
        "reading_sql_data_not_permitted": ("2F004", "38004"),
        "null_value_not_allowed": ("22004", "39004"),
    }
    assert sqlstate.codes_for("string_data_right_truncation") == ("22001",)


def test_lookups():
    assert sqlstate.condition("42P01").name == "undefined_table"
    assert sqlstate.condition("42P01").kind == "E"
    assert sqlstate.condition("01000").kind == "W"
    assert sqlstate.condition("2202E").name == "array_subscript_error"  # the code's named line
    assert sqlstate.name_of("3D000") == "invalid_catalog_name"
    assert sqlstate.class_title("42P01") == "Syntax Error or Access Rule Violation"
    assert sqlstate.codes_for("no_such_condition") == () and sqlstate.code_for("no_such_condition") is None
    assert sqlstate.is_condition_name("Division_By_Zero")
    assert not sqlstate.is_condition_name("no_data")  # a warning name: PL/pgSQL does not know it


def test_raise_by_name_gives_code_for(catalog):
    """RAISE <name> for every condition name PL/pgSQL knows raises code_for(name)."""
    names = sorted({c.name for c in sqlstate.conditions() if c.name and sqlstate.is_condition_name(c.name)})
    blocks = "\n".join(
        f"BEGIN RAISE {n}; EXCEPTION WHEN others OR query_canceled OR assert_failure THEN "
        f"out := out || ARRAY['{n}', SQLSTATE]; END;" for n in names)
    catalog.execute(f"""
        CREATE FUNCTION pg_temp.raise_all() RETURNS text[] LANGUAGE plpgsql AS $f$
        DECLARE out text[] := '{{}}';
        BEGIN {blocks} RETURN out; END $f$""")
    flat = catalog.execute("SELECT pg_temp.raise_all()").fetchone()[0]
    assert dict(zip(flat[::2], flat[1::2])) == {n: sqlstate.code_for(n) for n in names}


def test_plpgsql_refuses_the_other_names(catalog):
    others = sorted({c.name for c in sqlstate.conditions() if c.name and not sqlstate.is_condition_name(c.name)})
    assert "no_data" in others and "warning" in others
    for name in others:
        with pytest.raises(psycopg.Error) as e:
            catalog.execute(f"DO $$ BEGIN NULL; EXCEPTION WHEN {name} THEN NULL; END $$")
        assert e.value.sqlstate == "42704"


@pytest.mark.parametrize("handler, code", [
    ("string_data_right_truncation", "22001"), ("string_data_right_truncation", "01004"),
    ("modifying_sql_data_not_permitted", "38002"), ("data_exception", "22012"), ("data_exception", "23505"),
    ("integrity_constraint_violation", "23505"), ("others", "42P01"), ("others", "57014"), ("others", "P0004"),
    ("22000", "22P02"), ("22012", "22012"), ("unique_violation", "23503"), ("raise_exception", "P0001"),
])
def test_when_matching_agrees_with_plpgsql(catalog, handler, code):
    condition = f"SQLSTATE '{handler}'" if handler[0].isdigit() else handler
    catalog.execute(f"""
        CREATE OR REPLACE FUNCTION pg_temp.catches() RETURNS bool LANGUAGE plpgsql AS $f$
        BEGIN
          BEGIN RAISE SQLSTATE '{code}'; EXCEPTION WHEN {condition} THEN RETURN true; END;
        EXCEPTION WHEN others OR query_canceled OR assert_failure THEN RETURN false; END $f$""")
    assert sqlstate.exception_matches(handler, code) is catalog.execute("SELECT pg_temp.catches()").fetchone()[0]
