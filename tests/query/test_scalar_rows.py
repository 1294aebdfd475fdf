"""Expressions over a row's columns (what UPDATE ... SET and WHERE compute), the caller's own functions, volatile
functions, and assignment into the wider types, each checked against PostgreSQL 15."""

from __future__ import annotations

import psycopg
import pytest
from pglast import ast

from consolidator.errors import NotModelled, PgError
from consolidator.model.types import SqlType
from consolidator.parse.types import parse_type
from consolidator.query.scalar import Datum, Volatile, assign, evaluate, predicate

from tests.query.scalar_server import parse_expression

TABLE = "CREATE TABLE t (id int, a int, b text, c varchar(5), j jsonb, xs int[])"
ROWS = ["(1, 1, 'x', 'ab', '{\"k\": 1}', '{1,2}')", "(2, -5, NULL, 'abc  ', '[1, \"a\"]', '{}')",
        "(3, NULL, 'Y', NULL, NULL, NULL)", "(4, 0, '', 'é', '\"s\"', '{NULL,3}')"]
TYPES = {"id": "int4", "a": "int4", "b": "text", "c": "varchar", "j": "jsonb", "xs": "_int4"}
EXPRESSIONS = [
    "a + 1", "a / a", "b || c", "coalesce(b, c, 'none')", "CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' END",
    "CASE WHEN a > 0 THEN 1 ELSE 1 / 0 END", "a > 0 AND 1 / 0 = 1", "a IS NULL OR b LIKE 'x%'", "j -> 'k'",
    "j ->> 0", "j || '{\"z\": true}'", "a = ANY(xs)", "xs || a", "upper(b)", "length(c)", "a IN (1, 2, a + 3)",
    "nullif(a, 0)", "greatest(a, 0, id)", "c = 'abc'", "format('%s-%s', a, b)", "a::text || 'x'",
    "jsonb_build_object('a', a, 'b', b)", "b IS DISTINCT FROM 'x'", "NOT (a > 0)", "lower(c) ILIKE 'A%'",
]


def _row_outcomes(dsn: str, expression: str) -> list[tuple[str, str]]:
    out = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for i in range(1, len(ROWS) + 1):
            try:
                value = conn.execute(f"SELECT CASE WHEN ({expression}) IS NULL THEN '<null>' ELSE format('%s', "
                                     f"({expression})) END FROM t WHERE id = {i}").fetchone()[0]
                out.append(("ok", value))
            except psycopg.Error as e:
                out.append(("error", e.sqlstate))
    return out


def _model(dsn: str, expression: str) -> list[tuple[str, str]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute("SELECT id, a::text, b, c, j::text, xs::text FROM t ORDER BY id").fetchall()
    out = []
    for row in rows:
        values = dict(zip(TYPES, (None if v is None else str(v) for v in row)))

        def columns(ref: ast.ColumnRef, values=values) -> Datum:
            name = ref.fields[-1].sval
            return Datum(TYPES[name], values[name])

        try:
            datum = evaluate(parse_expression(expression), columns)
            out.append(("ok", "<null>" if datum.text is None else datum.text))
        except PgError as e:
            out.append(("error", e.sqlstate))
        except NotModelled as e:
            out.append(("not modelled", str(e)))
    return out


@pytest.mark.pg
def test_expressions_over_rows_as_the_server_computes_them(pg_database):
    with psycopg.connect(pg_database.dsn, autocommit=True) as conn:
        conn.execute(TABLE)
        conn.execute("INSERT INTO t VALUES " + ", ".join(ROWS))
    found = [(e, got, want) for e in EXPRESSIONS
             if (got := _model(pg_database.dsn, e)) != (want := _row_outcomes(pg_database.dsn, e))]
    assert not found, "\n".join(f"{e}\n    model {g}\n    server {w}" for e, g, w in found)


def test_a_predicate_reads_true_false_or_null():
    assert predicate(parse_expression("1 < 2")) is True
    assert predicate(parse_expression("NULL::int < 2")) is None
    with pytest.raises(PgError) as e:
        predicate(parse_expression("1 + 1"))
    assert e.value.sqlstate == "42804"


@pytest.mark.parametrize("expression", ["now()", "CURRENT_TIMESTAMP", "random()", "gen_random_uuid()",
                                        "clock_timestamp()", "timeofday()", "nextval('s')", "statement_timestamp()",
                                        "transaction_timestamp()", "current_user", "1 + (random() * 0)::int"])
def test_volatile_values_are_not_computed(expression):
    with pytest.raises(Volatile):
        evaluate(parse_expression(expression))


def test_the_callers_functions_come_first():
    def calls(node: ast.FuncCall, args: list[Datum]) -> Datum | None:
        return Datum("int8", "41") if node.funcname[-1].sval == "nextval" else None

    assert evaluate(parse_expression("nextval('s') + 1"), calls=calls) == Datum("int8", "42")
    assert evaluate(parse_expression("COALESCE(nextval('s'), 0)"), calls=calls).text == "41"
    with pytest.raises(Volatile):
        evaluate(parse_expression("random()"), calls=calls)


ASSIGNMENTS = [("jsonb", "'{\"b\": 1, \"a\": [1,2]}'"), ("jsonb", "'{bad'"), ("json", "'{\"b\":1,  \"a\":2}'"),
               ("int[]", "'{1, 2}'"), ("int[]", "ARRAY[1, 2]"), ("int[]", "'{x}'"), ("varchar(2)[]", "'{ab,abc}'"),
               ("numeric(4,1)[]", "'{1.25,2}'"), ("text[]", "ARRAY['a b', NULL]"), ("uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'"),
               ("uuid", "'xyz'"), ("jsonb", "1"), ("text", "'{\"a\":1}'::jsonb"), ("jsonb", "'[1]'::json"),
               ("int[]", "ARRAY[1.5]")]


@pytest.mark.pg
@pytest.mark.parametrize("column_type, value", ASSIGNMENTS)
def test_assignment_into_wider_types_as_the_server_stores_it(pg_database, column_type, value):
    try:
        datum = assign(evaluate(parse_expression(value)), parse_type(column_type), "c")
        got = ("ok", "<null>" if datum.text is None else datum.text)
    except PgError as e:
        got = ("error", e.sqlstate)
    with psycopg.connect(pg_database.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE TEMP TABLE v (c {column_type})")
        try:
            conn.execute(f"INSERT INTO v VALUES ({value})")
            want = ("ok", conn.execute("SELECT format('%s', c) FROM v").fetchone()[0])
        except psycopg.Error as e:
            want = ("error", e.sqlstate)
    assert got == want


def test_an_enum_needs_its_labels():
    enum = SqlType(sql="mood", name="mood", origin="catalog")
    with pytest.raises(NotModelled):
        assign(Datum("unknown", "happy"), enum, "c")
    assert assign(Datum("unknown", "happy"), enum, "c", enum_labels=lambda t: ["sad", "happy"]).text == "happy"
    with pytest.raises(PgError) as e:
        assign(Datum("unknown", "meh"), enum, "c", enum_labels=lambda t: ["sad", "happy"])
    assert e.value.sqlstate == "22P02"
