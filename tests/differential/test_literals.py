"""parse/literals.py against PostgreSQL 15: each literal's verdict (accepted, or the SQLSTATE) is the server's."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.parse.literals import assignment_error, input_error
from consolidator.parse.types import parse_type

INPUTS = [
    ("integer", v) for v in ("x", " 7 ", "+3", "-0", "1.5", "", " ", "99999999999", "2147483647", "2147483648",
                             "-2147483648", "1_000", "0x10", "\t8\n")
] + [
    ("smallint", "32768"), ("smallint", "-32768"), ("bigint", "99999999999"), ("bigint", "9223372036854775808"),
] + [
    ("numeric", v) for v in ("1e", ".5", "5.", "+.5", " 1.5e3 ", "NaN", "inf", "-Infinity", "1_000", "0x10", "", "abc")
] + [
    ("double precision", v) for v in ("0x10", "inf", "nan", "1e", "1.5", "x")
] + [("real", "1.5"), ("real", "y")] + [
    ("boolean", v) for v in ("t", "TR", "tru", "yes ", " y", "o", "on", "of", "off", "1", "0", "2", "truee", "n",
                             "fa", "", "maybe", "ON", "oN ")
] + [
    ("uuid", v) for v in ("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
                          "a0ee-bc99-9c0b4ef8bb6d6bb9bd380a11", " a0eebc999c0b4ef8bb6d6bb9bd380a11",
                          "{a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0e-ebc999c0b4ef8bb6d6bb9bd380a11", "nope", "")
] + [
    ("jsonb", v) for v in ("{}", "[]", "{", '{"k": 1}', "NaN", "1", '"x"', "nul", " [1, 2] ", '"\\u0000"', "")
] + [("json", '"\\u0000"'), ("json", "{")] + [
    ("text[]", v) for v in ("{}", "{a,b}", "x", "{a", '{"a,b",NULL}', "{{a},{b}}", "{{a},{b,c}}", " {a} ", "{a} x",
                            "{,}", "{a,}")
] + [("integer[]", "{1,x}"), ("integer[]", "{1, 2 }"), ("boolean[]", "{t,maybe}")]

ASSIGNMENTS = [
    ("varchar(1)", "ab"), ("varchar(1)", "a   "), ("varchar(3)", "abc"), ("char(2)", "abc"), ("char(2)", "ab  "),
    ("numeric(3,1)", "100"), ("numeric(3,1)", "99.96"), ("numeric(3,1)", "99.94"), ("numeric(3,1)", "-99.94"),
    ("numeric(5,2)", "0.001"), ("numeric(2,0)", "99.5"),
]


def _server_state(conn, sql: str) -> str | None:
    try:
        with conn.transaction():
            conn.execute(sql)
    except psycopg.Error as e:
        return e.sqlstate
    return None


@pytest.fixture(scope="module")
def conn(pg_server):
    pg_server.create_database("literals")
    with psycopg.connect(pg_server.dsn("literals"), autocommit=True) as c:
        yield c
    pg_server.drop_database("literals")


def test_input_functions_agree_with_postgres(conn):
    wrong = []
    for sql_type, text in INPUTS:
        expected = _server_state(conn, f"SELECT {psycopg.sql.Literal(text).as_string(conn)}::{sql_type}")
        error = input_error(parse_type(sql_type), text)
        if (error.sqlstate if error else None) != expected:
            wrong.append(f"{sql_type} {text!r}: server {expected}, model {error and error.sqlstate}")
    assert not wrong, "\n".join(wrong)


def test_typmods_agree_with_postgres(conn):
    wrong = []
    for sql_type, text in ASSIGNMENTS:
        conn.execute("DROP TABLE IF EXISTS a")
        conn.execute(f"CREATE TABLE a (v {sql_type})")
        expected = _server_state(conn, f"INSERT INTO a VALUES ({psycopg.sql.Literal(text).as_string(conn)})")
        error = assignment_error(parse_type(sql_type), text)
        if (error.sqlstate if error else None) != expected:
            wrong.append(f"{sql_type} {text!r}: server {expected}, model {error and error.sqlstate}")
    assert not wrong, "\n".join(wrong)
