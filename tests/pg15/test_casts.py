"""pg_cast and the coercion rules, checked against the server on pairs of common types."""

from __future__ import annotations

import itertools

import pytest

from consolidator.pg15 import casts
from consolidator.pg15.types import array_type

from .conftest import server_probe, try_all

SCALARS = ["int2", "int4", "int8", "numeric", "float4", "float8", "text", "varchar", "bpchar", "bool", "uuid",
           "json", "jsonb", "date", "timestamp", "timestamptz", "time", "timetz", "interval", "bytea", "inet",
           "cidr", "char", "name", "oid", "xml", "money", "regclass", "bit", "varbit", "int4range"]
DOMAINS = ["information_schema.cardinal_number", "information_schema.character_data",
           "information_schema.sql_identifier", "information_schema.time_stamp", "information_schema.yes_or_no"]
ARRAYS = [array_type(t) for t in SCALARS[:22]]
TYPES = SCALARS + DOMAINS + ARRAYS


def _sql_name(t: str) -> str:
    return t if "." in t else f'pg_catalog."{t}"'


def _server_verdicts(conn, types):
    """(source, target, context) -> bool, as the server decides: explicit by ``NULL::s::t``, assignment
    by ``UPDATE ... SET col = NULL::s``, implicit by calling a function that takes only t."""
    server_probe(conn)
    conn.execute("CREATE TABLE cols (" + ", ".join(f"c{i} {_sql_name(t)}" for i, t in enumerate(types)) + ")")
    for i, t in enumerate(types):
        conn.execute(f"CREATE FUNCTION f{i}(x {_sql_name(t)}) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1'")
    pairs = list(itertools.product(enumerate(types), repeat=2))
    statements = []
    for (i, s), (j, t) in pairs:
        statements += [f"SELECT f{j}(NULL::{_sql_name(s)})",
                       f"UPDATE cols SET c{j} = NULL::{_sql_name(s)} WHERE false",
                       f"SELECT NULL::{_sql_name(s)}::{_sql_name(t)}"]
    results = iter(try_all(conn, statements))
    verdicts = {}
    for (_, s), (_, t) in pairs:
        for context in ("i", "a", "e"):
            state = next(results)
            assert state in (None, "42883", "42804", "42846"), (s, t, context, state)
            verdicts[(s, t, context)] = state is None
    return verdicts


def test_can_coerce_agrees_with_the_server(conn):
    verdicts = _server_verdicts(conn, TYPES)
    wrong = [(s, t, ctx, ok) for (s, t, ctx), ok in verdicts.items() if casts.can_coerce(s, t, ctx) is not ok]
    assert not wrong, f"{len(wrong)} of {len(verdicts)} disagree, e.g. {wrong[:10]}"


def test_cast_context_is_pg_cast(catalog):
    rows = catalog.execute("SELECT castsource::regtype::text, casttarget::regtype::text, castcontext::text "
                        "FROM pg_cast WHERE castsource = 'int4'::regtype").fetchall()
    assert rows
    for source, target, context in rows:
        from consolidator.pg15.types import resolve_builtin

        assert casts.cast_context("int4", resolve_builtin(target)) == context


@pytest.mark.parametrize("source, target, context, expected", [
    ("int4", "int8", "i", "func"),
    ("int8", "int4", "i", None),  # an assignment cast: an entry for a stronger context hides the I/O path
    ("int8", "int4", "a", "func"),
    ("varchar", "text", "i", "relabel"),
    ("int4", "text", "a", "coerceviaio"),  # any type to a string type by assignment
    ("int4", "text", "i", None),
    ("text", "uuid", "e", "coerceviaio"),  # a string type to anything explicitly
    ("text", "uuid", "a", None),
    ("_int4", "_int8", "i", "arraycoerce"),
    ("_int4", "_text", "a", "arraycoerce"),
    ("information_schema.cardinal_number", "int4", "i", "relabel"),  # a domain and its base
    ("jsonb", "int4", "e", "func"),
    ("json", "int4", "e", None),
    ("int4", "oidvector", "e", None),
])
def test_find_coercion_pathway(source, target, context, expected):
    assert casts.find_coercion_pathway(source, target, context) == expected


def test_unknown_types_and_literals():
    assert casts.can_coerce("unknown", "uuid", "i") is True
    assert casts.can_coerce("int4", "no_such_type") is None
    assert casts.cast_context("no_such_type", "int4") is None


def test_polymorphic_consistency():
    assert casts.can_coerce_all(["_int4", "int4"], ["anyarray", "anyelement"]) is True
    assert casts.can_coerce_all(["_int4", "int8"], ["anyarray", "anyelement"]) is False
    assert casts.can_coerce_all(["int4", "int4"], ["anynonarray", "anyelement"]) is True
    assert casts.can_coerce_all(["_int4"], ["anynonarray"]) is False
    assert casts.can_coerce_all(["int4range", "int4"], ["anyrange", "anyelement"]) is True
    assert len(casts.polymorphic_types()) == 11


def test_binary_coercible():
    assert casts.is_binary_coercible("varchar", "text")
    assert not casts.is_binary_coercible("text", "int4")
    assert casts.is_binary_coercible("_int4", "anyarray")
    assert casts.is_binary_coercible("information_schema.sql_identifier", "name")
