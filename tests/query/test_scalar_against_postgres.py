"""The scalar evaluator's constants, casts and assignments, each checked against PostgreSQL 15: the same text
output (or the same SQLSTATE) as `SELECT (expr)::text` and as an INSERT into a column of that type."""

from __future__ import annotations

import subprocess

import pglast
import pytest

from consolidator.errors import PgError
from consolidator.parse.types import parse_type
from consolidator.query.scalar import assign, evaluate

EXPRESSIONS = ["1", "'abc'", "1.50", "1e3", "1.5e-2", "99999999999", "9999999999999999999", "true", "NULL",
               "'12'::int", "' 12 '::int", "'1.5'::int", "'x'::int", "'99999'::smallint", "1.5::int", "2.5::int",
               "'1.5'::numeric(3,0)", "'999.5'::numeric(4,1)", "'999.96'::numeric(4,1)",
               "' yes '::boolean", "'of'::boolean", "'o'::boolean", "'abc  '::varchar(3)", "'abcd'::varchar(3)",
               "'ab'::char(4)", "'NaN'::numeric", "3000000000::int"]
ASSIGNMENTS = [("integer", "'42'"), ("integer", "'4.2'"), ("integer", "4.5"), ("integer", "3000000000"),
               ("smallint", "40000"), ("varchar(3)", "'abcd'"), ("varchar(3)", "'abc   '"), ("char(3)", "'a'"),
               ("numeric(5,2)", "'3.14159'"), ("numeric(3,2)", "'10'"), ("boolean", "'maybe'"), ("text", "12"),
               ("integer", "true"), ("boolean", "1"), ("bigint", "'9223372036854775808'")]


def server(pg_database, sql: str) -> tuple[str, str | None]:
    r = subprocess.run(["psql", pg_database.dsn, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                        "-v", "VERBOSITY=verbose", "-c", sql], capture_output=True, text=True)
    if r.returncode == 0:
        return "ok", r.stdout.rstrip("\n")
    return "error", r.stderr.split("ERROR:", 1)[1].split(":", 1)[0].strip()


def model(compute) -> tuple[str, str | None]:
    try:
        return "ok", compute()
    except PgError as e:
        return "error", e.sqlstate


def _expr(text: str):
    return pglast.parse_sql(f"SELECT {text}")[0].stmt.targetList[0].val


@pytest.mark.pg
@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_expression_as_the_server_computes_it(pg_database, expression):
    got = model(lambda: _text(evaluate(_expr(expression))))
    assert got == server(pg_database, f"SELECT {_shown('(' + expression + ')')}")


@pytest.mark.pg
@pytest.mark.parametrize("column_type, value", ASSIGNMENTS)
def test_assignment_into_a_column_as_the_server_stores_it(pg_database, column_type, value):
    got = model(lambda: _text(assign(evaluate(_expr(value)), parse_type(column_type), "c")))
    expected = server(pg_database, f"CREATE TEMP TABLE t (c {column_type}); INSERT INTO t VALUES ({value}); "
                                   f"SELECT {_shown('c')} FROM t")
    assert got == expected


def _shown(value: str) -> str:
    """The value's text output on the server (format() calls the output function: char(n) keeps its padding)."""
    return f"CASE WHEN {value} IS NULL THEN '<null>' ELSE format('%s', {value}) END"


def _text(datum) -> str:
    return "<null>" if datum.text is None else datum.text


@pytest.mark.pg
@pytest.mark.parametrize("column_type", ["integer", "smallint", "bigint"])
def test_nan_into_an_integer_column_as_the_server_refuses_it(pg_database, column_type):
    got = model(lambda: _text(assign(evaluate(_expr("'NaN'::numeric")), parse_type(column_type), "c")))
    expected = server(pg_database, f"CREATE TEMP TABLE t (c {column_type}); INSERT INTO t VALUES ('NaN'::numeric); "
                                   f"SELECT {_shown('c')} FROM t")
    assert got == expected == ("error", "0A000")
