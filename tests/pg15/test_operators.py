"""Operators, operator classes and the foreign-key type rule, checked against the server."""

from __future__ import annotations

import itertools

import pytest

from consolidator.pg15 import operators
from consolidator.pg15.types import array_type

from .conftest import server_probe, try_all

SCALARS = ["int2", "int4", "int8", "numeric", "float4", "float8", "text", "varchar", "bpchar", "bool", "uuid",
           "jsonb", "date", "timestamp", "timestamptz", "time", "timetz", "interval", "bytea", "inet", "cidr",
           "char", "name", "oid", "money", "bit", "varbit", "int4range"]
DOMAINS = ["information_schema.cardinal_number", "information_schema.character_data",
           "information_schema.sql_identifier", "information_schema.yes_or_no"]
TYPES = SCALARS + DOMAINS + [array_type(t) for t in ("int2", "int4", "int8", "text", "varchar", "uuid")]
NO_BTREE = ["json", "xml", "point"]


def _sql_name(t: str) -> str:
    return t if "." in t else f'pg_catalog."{t}"'


def test_foreign_key_compatible_agrees_with_the_server(conn):
    server_probe(conn)
    for i, t in enumerate(TYPES):
        conn.execute(f"CREATE TABLE p{i} (k {_sql_name(t)} PRIMARY KEY)")
    pairs = list(itertools.product(enumerate(TYPES), repeat=2))
    results = try_all(conn, [f"CREATE TABLE f (c {_sql_name(fk)} REFERENCES p{i})" for (i, _), (_, fk) in pairs])
    wrong = []
    for ((_, pk), (_, fk)), state in zip(pairs, results):
        assert state in (None, "42804"), (fk, pk, state)
        if operators.foreign_key_compatible(fk, pk) is not (state is None):
            wrong.append((fk, pk, state))
    assert not wrong, f"{len(wrong)} of {len(pairs)} disagree, e.g. {wrong[:10]}"


def test_types_without_a_btree_opclass_cannot_be_keys(conn):
    server_probe(conn)
    states = try_all(conn, [f"CREATE TABLE p (k {_sql_name(t)} PRIMARY KEY)" for t in NO_BTREE])
    assert states == ["42704"] * len(NO_BTREE)
    for t in NO_BTREE:
        assert operators.default_opclass(t) is None
        assert operators.foreign_key_compatible("int4", t) is None


def test_default_opclass_agrees_with_the_server(conn):
    server_probe(conn)
    for i, t in enumerate(TYPES):
        conn.execute(f"CREATE TABLE p{i} (k {_sql_name(t)} PRIMARY KEY)")
    rows = conn.execute("""
        SELECT c.relname, oc.opcname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_opclass oc ON oc.oid = i.indclass[0] WHERE c.relname ~ '^p[0-9]+$'""").fetchall()
    server = {TYPES[int(rel[1:])]: opc for rel, opc in rows}
    assert len(server) == len(TYPES)
    assert {t: operators.default_opclass(t).name for t in TYPES} == server
    assert operators.default_opclass("varchar").name == "text_ops"  # binary-coercible, preferred type wins


def test_unknown_types():
    assert operators.foreign_key_compatible("mood", "int4") is None
    assert operators.default_opclass("mood") is None


def test_operator_lookup_and_volatility(catalog):
    eq = operators.operator("=", "int4", "int4")
    assert eq is not None and eq.result == "bool" and eq.proc.name == "int4eq" and eq.volatility == "i"
    server = catalog.execute("SELECT oprcode::text FROM pg_operator WHERE oid = '=(int4,int4)'::regoperator").fetchone()
    assert server[0] == eq.proc.name
    minus = operators.operator("-", None, "int4")  # prefix
    assert minus is not None and minus.result == "int4"
    ts_minus = operators.operator("-", "timestamptz", "interval")
    assert ts_minus.volatility == "s"  # depends on the TimeZone setting
    assert {o.name for o in operators.operators_named("@>")} == {"@>"}


@pytest.mark.parametrize("am, name, intype", [
    ("btree", "int4_ops", "int4"), ("gin", "jsonb_ops", "jsonb"), ("gin", "array_ops", "anyarray"),
    ("gist", "inet_ops", "inet"), ("hash", "uuid_ops", "uuid"), ("btree", "text_pattern_ops", "text"),
])
def test_opclasses(am, name, intype):
    opc = operators.opclass(name, am)
    assert opc is not None and opc.intype == intype


def test_opfamily_equality_members():
    integer = operators.opfamily_equality("integer_ops")
    assert ("int4", "int8") in integer and ("int2", "int2") in integer
    assert ("int4", "numeric") not in integer
    assert operators.opfamily_equality("no_such_family") is None
