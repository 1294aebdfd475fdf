"""pg_proc facts, overload resolution and volatility, checked against the server."""

from __future__ import annotations

import re

import pytest

from consolidator.pg15 import functions

from .conftest import server_probe, try_all

# Calls as (name, argument types); "unknown" is an untyped literal (written NULL).
CALLS = [
    ("lower", ["text"]), ("lower", ["varchar"]), ("lower", ["unknown"]), ("lower", ["bpchar"]),
    ("upper", ["name"]), ("length", ["text"]), ("length", ["bytea"]), ("length", ["bpchar"]),
    ("length", ["varchar"]), ("round", ["numeric", "int4"]), ("round", ["float8"]), ("round", ["int4"]),
    ("round", ["float4"]), ("abs", ["int2"]), ("abs", ["int8"]), ("abs", ["numeric"]), ("abs", ["float4"]),
    ("date_part", ["unknown", "timestamptz"]), ("date_part", ["unknown", "timestamp"]),
    ("date_part", ["unknown", "date"]), ("date_part", ["text", "interval"]), ("date_trunc", ["unknown", "timestamptz"]),
    ("date_trunc", ["text", "timestamp"]), ("to_char", ["timestamptz", "unknown"]), ("to_char", ["int4", "text"]),
    ("to_char", ["numeric", "unknown"]), ("now", []), ("coalesce_is_not_a_function", ["int4"]),
    ("concat", ["text", "int4", "date"]), ("concat_ws", ["unknown", "int4", "text"]), ("format", ["unknown"]),
    ("format", ["text", "int4", "text"]), ("array_length", ["_int4", "int4"]), ("array_append", ["_int4", "int4"]),
    ("array_append", ["_int4", "int8"]), ("array_to_string", ["_text", "unknown"]),
    ("jsonb_build_object", ["unknown", "int4"]), ("jsonb_extract_path_text", ["jsonb", "unknown", "unknown"]),
    ("substr", ["text", "int4"]), ("substr", ["varchar", "int8"]), ("substring", ["text", "int4", "int4"]),
    ("md5", ["unknown"]), ("md5", ["varchar"]), ("gen_random_uuid", []), ("random", []),
    ("greatest_is_not_a_function", []), ("btrim", ["varchar"]), ("trim_scale", ["int4"]),
    ("generate_series", ["int4", "int4"]), ("generate_series", ["timestamptz", "timestamptz", "interval"]),
    ("generate_series", ["int4", "int8"]), ("num_nonnulls", ["int4", "text"]), ("left", ["varchar", "int4"]),
    ("replace", ["varchar", "unknown", "unknown"]), ("regexp_replace", ["text", "unknown", "unknown", "unknown"]),
    ("split_part", ["varchar", "unknown", "int2"]), ("sum", ["int4"]), ("sum", ["int2"]), ("max", ["varchar"]),
    ("count", ["int4"]), ("avg", ["int8"]), ("string_agg", ["varchar", "unknown"]),
    ("timezone", ["unknown", "timestamptz"]), ("age", ["timestamptz"]), ("extract_is_not", ["int4"]),
    ("char_length", ["bpchar"]), ("strpos", ["text", "unknown"]), ("octet_length", ["varchar"]),
    ("to_timestamp", ["float8"]), ("to_timestamp", ["unknown", "unknown"]), ("to_date", ["text", "text"]),
    ("make_date", ["int4", "int4", "int4"]), ("int4", ["float8"]), ("text", ["bool"]), ("float8", ["int4"]),
    ("uuid_send", ["uuid"]), ("set_config", ["unknown", "unknown", "bool"]), ("pg_typeof", ["int4"]),
    ("log", ["float8"]), ("log", ["int4"]), ("log", ["int4", "int4"]), ("power", ["int4", "int4"]),
    ("mod", ["int4", "int8"]), ("div", ["int4", "int4"]), ("trunc", ["int4"]), ("sign", ["int2"]),
    ("isfinite", ["date"]), ("justify_days", ["interval"]), ("translate", ["varchar", "unknown", "unknown"]),
]


def _sql(name: str, args: list[str]) -> str:
    values = ", ".join("NULL" if a == "unknown" else f'NULL::pg_catalog."{a}"' for a in args)
    return f"SELECT {name}({values})"


def test_resolution_agrees_with_the_server(conn):
    """The pg_proc row the server binds (read from a view's stored query tree) is the one resolve_function gives."""
    server_probe(conn)
    states = try_all(conn, [f"CREATE VIEW v AS {_sql(n, a)}" for n, a in CALLS])
    wrong = []
    for i, ((name, args), state) in enumerate(zip(CALLS, states)):
        expected = None
        if state is None:
            conn.execute(f"CREATE VIEW v{i} AS {_sql(name, args)}")
            tree = conn.execute("SELECT ev_action::text FROM pg_rewrite WHERE ev_class = %s::regclass",
                                (f"v{i}",)).fetchone()[0]
            # the outermost call comes first in the target list (casts of its arguments are inside it);
            # none: a cast written as a call (COERCEVIAIO, RELABELTYPE)
            m = re.search(r"\{(?:FUNCEXPR :funcid|AGGREF :aggfnoid) (\d+)", tree[tree.index(":targetList"):])
            expected = int(m.group(1)) if m else None
        else:
            assert state in ("42883", "42725"), (name, args, state)
        got = functions.resolve_function(name, args)
        if (got.oid if got else None) != expected:
            wrong.append((name, args, state, expected, got and got.signature()))
    assert not wrong, wrong


@pytest.mark.parametrize("name, expected", [("now", "s"), ("lower", "i"), ("to_char", "s"), ("random", "v"),
                                            ("clock_timestamp", "v"), ("md5", "i"), ("date_part", "s")])
def test_volatility_by_name(catalog, name, expected):
    server = catalog.execute("SELECT array_agg(DISTINCT provolatile::text) FROM pg_proc WHERE proname = %s",
                          (name,)).fetchone()[0]
    assert functions.volatility(name) == expected
    assert expected in server


def test_volatility_of_an_overload(catalog):
    for args in (["text", "timestamptz"], ["text", "timestamp"], ["text", "date"]):
        server = catalog.execute("SELECT provolatile::text FROM pg_proc WHERE oid = %s::regprocedure",
                              (f"date_part({', '.join(args)})",)).fetchone()[0]
        assert functions.volatility("date_part", args) == server
    assert functions.volatility("no_such_function") is None


def test_never_immutable():
    assert functions.never_immutable("now") and functions.never_immutable("to_char")
    assert not functions.never_immutable("lower") and not functions.never_immutable("date_part")
    assert not functions.never_immutable("my_own_function")


# (expression over the columns of t, whether the function in it is immutable for those arguments)
INDEX_EXPRESSIONS = [
    ("lower(t)", ("lower", ["text"])), ("upper(v)", ("upper", ["varchar"])), ("now()", ("now", [])),
    ("to_char(ts, 'YYYY')", ("to_char", ["timestamptz", "unknown"])), ("to_char(i, '999')", ("to_char", ["int4", "unknown"])),
    ("date_part('year', ts)", ("date_part", ["unknown", "timestamptz"])),
    ("date_part('year', tsn)", ("date_part", ["unknown", "timestamp"])),
    ("date_trunc('day', tsn)", ("date_trunc", ["unknown", "timestamp"])),
    ("date_trunc('day', ts)", ("date_trunc", ["unknown", "timestamptz"])),
    ("md5(t)", ("md5", ["text"])), ("random()", ("random", [])), ("length(t)", ("length", ["text"])),
    ("age(ts)", ("age", ["timestamptz"])), ("timezone('UTC', ts)", ("timezone", ["unknown", "timestamptz"])),
    ("jsonb_extract_path_text(j, 'a')", ("jsonb_extract_path_text", ["jsonb", "unknown"])),
]


def test_is_immutable_call_agrees_with_create_index(conn):
    server_probe(conn)
    conn.execute("CREATE TABLE t (t text, v varchar, i int4, ts timestamptz, tsn timestamp, j jsonb)")
    states = try_all(conn, [f"CREATE INDEX ON t (({expr}))" for expr, _ in INDEX_EXPRESSIONS])
    for (expr, (name, args)), state in zip(INDEX_EXPRESSIONS, states):
        assert state in (None, "42P17"), (expr, state)
        assert functions.is_immutable_call(name, args) is (state is None), expr
        assert functions.immutable_for(name, args) is (state is None), expr


def test_function_records():
    (lower_text,) = [f for f in functions.functions_named("lower") if f.args == ("text",)]
    assert lower_text.result == "text" and lower_text.strict and lower_text.kind == "f"
    assert functions.function("lower", ["text"]) == lower_text
    assert functions.function("lower", ["integer"]) is None
    concat = functions.function("concat", ["any"])
    assert concat is not None and concat.variadic == "any"
    assert [f.kind for f in functions.functions_named("count")] == ["a", "a"]
    assert functions.functions_named("_pg_char_max_length", "information_schema")
    assert functions.is_type_coercion_call("text", ["int4"])
    assert not functions.is_type_coercion_call("lower", ["int4"])
