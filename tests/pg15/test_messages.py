"""is_server_message on messages the server really produces, and on made-up ones."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.pg15 import messages

PROVOKE = [
    ("CREATE TABLE users (id int PRIMARY KEY, name varchar(3), email text)", None),
    ("CREATE TABLE users (id int)", "42P07"),
    ("SELECT * FROM missing", "42P01"),
    ("SELECT nope FROM users", "42703"),
    ("SELECT users.nope FROM users", "42703"),
    ("ALTER TABLE users ADD COLUMN id int", "42701"),
    ("INSERT INTO users VALUES (1, 'a')", None),
    ("INSERT INTO users VALUES (1, 'a')", "23505"),
    ("INSERT INTO users VALUES (2, 'abcd')", "22001"),
    ("SELECT 1/0", "22012"),
    ("SELECT 'x'::int", "22P02"),
    ("CREATE INDEX ON users ((now()))", "42P17"),
    ("SELEC 1", "42601"),
    ("DROP TYPE missing", "42704"),
    ("CREATE TABLE f (u text REFERENCES users)", "42804"),
    ("ALTER TABLE users ADD CONSTRAINT c CHECK (nope > 0)", "42703"),
    ("CREATE TYPE mood AS ENUM ('a', 'a')", "23505"),  # the catalog's unique index says it
    ("SELECT lower(1)", "42883"),
    ("DO $$ BEGIN NULL; EXCEPTION WHEN no_data THEN NULL; END $$", "42704"),
    ("DO $$ DECLARE x int; BEGIN x := 'abc'; END $$", "22P02"),
    ("CREATE SCHEMA pg_nope", "42939"),
    ("DROP TABLE users, users", None),
    ("CREATE EXTENSION no_such_extension", "0A000"),
]


def test_real_server_messages_match_templates(conn):
    seen = []
    for sql, expected in PROVOKE:
        try:
            conn.execute(sql)
        except psycopg.Error as e:
            assert e.sqlstate == expected, (sql, e.sqlstate, str(e))
            diag = e.diag
            for part in (diag.message_primary, diag.message_detail, diag.message_hint):
                if part:
                    seen.append(part)
                    assert messages.is_server_message(part), (sql, part)
        else:
            assert expected is None, sql
    assert len(seen) > len(PROVOKE)


@pytest.mark.parametrize("text", [
    "relation users already exists",  # quotes missing
    'relation "users" already exist',
    'relation "users" exists already',
    'column "x" does not exists',
    "duplicate key value violates unique constraint",
    'value too long for type character varying(abc)',  # %d is digits
    'division by zero!',
    "foo bar baz",
    "",
    'functions in index expression must be marked immutable',  # case matters
])
def test_made_up_messages_do_not_match(text):
    assert not messages.is_server_message(text), messages.matching_templates(text)


def test_templates_and_patterns():
    templates = messages.templates()
    assert 'relation "%s" already exists' in templates
    assert 'unrecognized exception condition "%s"' in templates  # plpgsql-15.mo
    assert list(templates) == sorted(set(templates))
    assert messages.matching_templates('relation "users" already exists') == ['relation "%s" already exists']
    import re

    pattern = re.compile(messages.template_pattern("%s at %d%% of %08X: %.*s, %lld rows, %zu bytes"), re.DOTALL)
    assert pattern.fullmatch("sorting at 50% of 0000ABCD: xyz, -12 rows, 7 bytes")
    assert not pattern.fullmatch("sorting at 50 of 0000ABCD: xyz, -12 rows, 7 bytes")
    assert "%s" in messages.generic_templates() and "relation %s" in messages.generic_templates()
