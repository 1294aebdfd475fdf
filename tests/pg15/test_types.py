"""pg_type facts, resolve_builtin and TypeRef.sql(), checked against the server."""

from __future__ import annotations

import pglast
import pytest

from consolidator.pg15 import types
from consolidator.pg15.types import TypeRef

YEAR, MONTH, DAY, HOUR, MINUTE, SECOND = (1 << 2), (1 << 1), (1 << 3), (1 << 10), (1 << 11), (1 << 12)
FULL_RANGE = 0x7FFF

# (a column type as written, the TypeRef the parse layer makes of it: the grammar's name and typmods)
COLUMN_TYPES = [
    ("varchar(20)", TypeRef("pg_catalog", "varchar", (20,))),
    ("character varying", TypeRef("pg_catalog", "varchar")),
    ("int", TypeRef("pg_catalog", "int4")),
    ("int4", TypeRef(None, "int4")),
    ("integer[]", TypeRef("pg_catalog", "int4", (), 1)),
    ("int[][]", TypeRef("pg_catalog", "int4", (), 2)),
    ("numeric(10,2)", TypeRef("pg_catalog", "numeric", (10, 2))),
    ("numeric(10)", TypeRef("pg_catalog", "numeric", (10,))),
    ("numeric(5,-2)", TypeRef("pg_catalog", "numeric", (5, -2))),
    ("numeric", TypeRef("pg_catalog", "numeric")),
    ("decimal(5,1)[]", TypeRef("pg_catalog", "numeric", (5, 1), 1)),
    ("timestamptz", TypeRef(None, "timestamptz")),
    ("timestamp(3) with time zone", TypeRef("pg_catalog", "timestamptz", (3,))),
    ("timestamp(0)", TypeRef("pg_catalog", "timestamp", (0,))),
    ("timestamp", TypeRef("pg_catalog", "timestamp")),
    ("time(2)", TypeRef("pg_catalog", "time", (2,))),
    ("timetz(6)", TypeRef(None, "timetz", (6,))),
    ("time with time zone", TypeRef("pg_catalog", "timetz")),
    ("interval", TypeRef("pg_catalog", "interval")),
    ("interval(3)", TypeRef("pg_catalog", "interval", (FULL_RANGE, 3))),
    ("interval day to second", TypeRef("pg_catalog", "interval", (DAY | HOUR | MINUTE | SECOND,))),
    ("interval day to second(2)", TypeRef("pg_catalog", "interval", (DAY | HOUR | MINUTE | SECOND, 2))),
    ("interval year to month", TypeRef("pg_catalog", "interval", (YEAR | MONTH,))),
    ("interval minute", TypeRef("pg_catalog", "interval", (MINUTE,))),
    ("interval second(1)", TypeRef("pg_catalog", "interval", (SECOND, 1))),
    ("interval hour to minute[]", TypeRef("pg_catalog", "interval", (HOUR | MINUTE,), 1)),
    ("char", TypeRef("pg_catalog", "bpchar", (1,))),
    ("char(5)", TypeRef("pg_catalog", "bpchar", (5,))),
    ("bpchar", TypeRef(None, "bpchar")),
    ("character(10)[]", TypeRef("pg_catalog", "bpchar", (10,), 1)),
    ("bit", TypeRef("pg_catalog", "bit", (1,))),
    ('"bit"', TypeRef(None, "bit")),
    ("bit(8)", TypeRef("pg_catalog", "bit", (8,))),
    ("bit varying(4)", TypeRef("pg_catalog", "varbit", (4,))),
    ("varbit", TypeRef(None, "varbit")),
    ('"char"', TypeRef(None, "char")),
    ("double precision", TypeRef("pg_catalog", "float8")),
    ("float(10)", TypeRef("pg_catalog", "float4")),
    ("real", TypeRef("pg_catalog", "float4")),
    ("bool", TypeRef(None, "bool")),
    ("text[]", TypeRef(None, "text", (), 1)),
    ("uuid", TypeRef(None, "uuid")),
    ("jsonb", TypeRef(None, "jsonb")),
    ("money", TypeRef(None, "money")),
    ("smallint[]", TypeRef("pg_catalog", "int2", (), 1)),
    ("bigint", TypeRef("pg_catalog", "int8")),
    ("name", TypeRef(None, "name")),
    ("information_schema.cardinal_number", TypeRef("information_schema", "cardinal_number")),
    ("pg_catalog.varchar(7)", TypeRef("pg_catalog", "varchar", (7,))),
    ("nchar(2)", TypeRef("pg_catalog", "bpchar", (2,))),
    ("national character varying(9)", TypeRef("pg_catalog", "varchar", (9,))),
    ("dec", TypeRef("pg_catalog", "numeric")),
    ("regclass", TypeRef(None, "regclass")),
    ("int4range", TypeRef(None, "int4range")),
    ("pg_lsn[]", TypeRef(None, "pg_lsn", (), 1)),
]


def test_typeref_sql_is_format_type(conn):
    columns = ", ".join(f"c{i} {written}" for i, (written, _) in enumerate(COLUMN_TYPES))
    conn.execute(f"CREATE TABLE t ({columns})")
    rows = conn.execute("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        "WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum").fetchall()
    assert [ref.sql() for _, ref in COLUMN_TYPES] == [r[0] for r in rows]


def test_typerefs_above_carry_the_grammars_typmods():
    """The typmods written above are what PostgreSQL 15's grammar produces (pglast is its parser)."""
    for written, ref in COLUMN_TYPES:
        type_name = pglast.parse_sql(f"CREATE TABLE t (c {written})")[0].stmt.tableElts[0].typeName
        names = tuple(n.sval for n in type_name.names)
        assert names[-1] == ref.name and (names[0] if len(names) > 1 else None) == ref.schema, written
        assert tuple(m.val.ival for m in type_name.typmods or ()) == ref.typmods, written
        assert len(type_name.arrayBounds or ()) == ref.array_dims, written


def test_typeref_other_types():
    assert TypeRef(None, "mood").sql() == "mood"
    assert TypeRef("public", "Mood", (), 1).sql() == 'public."Mood"[]'
    assert TypeRef(None, "user").sql() == '"user"'
    assert TypeRef("app", "money2", (3,)).sql() == "app.money2(3)"
    ref = TypeRef(None, "int4", (), 2)
    assert ref.element() == TypeRef(None, "int4") and ref.is_array and not ref.element().is_array
    assert hash(ref) == hash(TypeRef(None, "int4", (), 2))
    with pytest.raises(AttributeError):
        ref.name = "int8"  # frozen


SPELLINGS = ["int", "integer", "int4", "smallint", "bigint", "real", "float", "double precision", "boolean",
             "bool", "varchar", "character varying", "char varying", "char", "character", "nchar",
             "national character varying", "dec", "decimal", "numeric", "timestamptz", "timestamp with time zone",
             "timestamp without time zone", "timestamp", "time", "timetz", "time with time zone",
             "time without time zone", "bit", "bit varying", "varbit", "interval", "interval day to second", "text",
             "uuid", "json", "jsonb", "bytea", "date", "inet", "cidr", "money", "xml", "name", "oid", "regclass",
             '"char"', "int[]", "character varying[]", "pg_catalog.int8", "Integer", "DOUBLE   PRECISION",
             "varchar(20)", "timestamp(3) with time zone", "numeric(10, 2)[]", "bit varying(5)"]


def test_resolve_builtin_agrees_with_the_server(catalog):
    rows = catalog.execute("SELECT s, to_regtype(s)::oid::int FROM unnest(%s::text[]) AS s", (SPELLINGS,)).fetchall()
    server = {s: oid for s, oid in rows}
    for spelling in SPELLINGS:
        name = types.resolve_builtin(spelling)
        assert name is not None and types.type_info(name).oid == server[spelling], spelling


def test_resolve_builtin_unknown():
    assert types.resolve_builtin("serial") is None  # CREATE TABLE's shorthand, not a type
    assert types.resolve_builtin("mood") is None
    assert types.resolve_builtin('"Integer"') is None
    assert types.resolve_builtin("information_schema.sql_identifier") == "information_schema.sql_identifier"


def test_categories_and_preferred_types_are_the_servers(catalog):
    rows = catalog.execute("SELECT typname, typcategory::text, typispreferred, typtype::text FROM pg_type "
                           "WHERE typnamespace = 'pg_catalog'::regnamespace").fetchall()
    assert len(rows) == len([t for t in types.type_names() if "." not in t])
    for name, cat, preferred, typtype in rows:
        assert types.category(name) == cat and types.is_preferred(name) is preferred, name
        assert types.is_pseudo(name) is (typtype == "p")
    assert {n for n, *_ in rows if types.is_preferred(n)} >= {"text", "float8", "bool", "timestamptz", "interval"}


def test_arrays_domains_and_ranges():
    assert types.array_type("int4") == "_int4" and types.element_type("_int4") == "int4"
    assert types.is_array("int2vector") and not types.is_array("name") and not types.is_array("point")
    assert types.element_type("name") is None
    assert types.base_type("information_schema.cardinal_number") == "int4"
    assert types.base_type("int4") == "int4"
    assert types.type_info("int4range").subtype == "int4"
    assert types.type_info("int4multirange").subtype == "int4"
    assert types.type_info("varchar").format == "character varying"
    assert types.type_info("bpchar").column_format == "bpchar" and types.type_info("bpchar").format == "character"
