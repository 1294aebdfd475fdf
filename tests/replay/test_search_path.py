"""search_path against PostgreSQL 15: SET, SET LOCAL, RESET and set_config change name resolution for the rest
of the file (each file is a psql session of its own); CREATE puts an unqualified name in the first schema of the
path, a lookup takes the first schema that has it. The same files must fail with the same SQLSTATE, and
`verify` must find no difference."""

from __future__ import annotations

import pytest


S = "CREATE SCHEMA app;\nCREATE TABLE users (id int PRIMARY KEY, email text);\n"

CASES = {
    "CREATE goes to the first schema of the path, a lookup falls through to the next": (
        {"001.sql": S + "SET search_path TO app, public;\n"
                        "CREATE TABLE users (id int PRIMARY KEY, handle text);\n"
                        "CREATE TABLE notes (id int, user_id int REFERENCES users);\n"
                        "CREATE INDEX notes_user ON notes (user_id);\n"
                        "CREATE SEQUENCE note_numbers;\nCREATE TYPE mood AS ENUM ('ok');\n"
                        "CREATE DOMAIN handle AS text CHECK (VALUE <> '');\n"
                        "ALTER TABLE notes ADD COLUMN m mood, ADD COLUMN h handle;\n"
                        "CREATE VIEW recent AS SELECT n.id, u.handle FROM notes n JOIN users u ON u.id = n.user_id;\n"
                        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
                        "CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();\n"
                        "COMMENT ON TABLE notes IS 'in app';\n",
         "002.sql": "CREATE TABLE notes (id int);\nALTER TABLE users ADD COLUMN nickname text;\n"}, {}),
    "a lookup finds the table in a later schema of the path": (
        {"001.sql": S + "SET search_path = app, public;\nALTER TABLE users ADD COLUMN phone text;\n"
                        "CREATE INDEX users_phone ON users (phone);\nDROP TABLE users;\n",
         "002.sql": "ALTER TABLE users ADD COLUMN phone text;\n"}, {"002.sql": "42P01"}),
    "SET LOCAL lasts until COMMIT; RESET and SET TO DEFAULT go back": (
        {"001.sql": S + "SET LOCAL search_path = app;\nCREATE TABLE a1 (id int);\nCOMMIT;\nCREATE TABLE a2 (id int);\n"
                        "SET search_path = app;\nCREATE TABLE a3 (id int);\nRESET search_path;\nCREATE TABLE a4 (id int);\n"
                        "SET search_path TO app;\nSET search_path TO DEFAULT;\nCREATE TABLE a5 (id int);\n"}, {}),
    "set_config as pg_dump writes it, and an empty path": (
        {"001.sql": S + "SELECT pg_catalog.set_config('search_path', 'app', false);\nCREATE TABLE b1 (id int);\n"
                        "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public.b2 (id int);\n",
         "002.sql": "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE b3 (id int);\n",
         "003.sql": "SET search_path = nowhere;\nCREATE TABLE b4 (id int);\n"},
        {"002.sql": "3F000", "003.sql": "3F000"}),
    "a rolled-back file's SET does not reach the next file": (
        {"001.sql": S,
         "002.sql": "SET search_path = app;\nCREATE TABLE c1 (id int);\nCREATE TABLE c1 (id int);\n",
         "003.sql": "CREATE TABLE c1 (id int);\n"}, {"002.sql": "42P07"}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_search_path_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title], gaps_allowed=True)


def test_the_model_puts_objects_where_the_server_does(replay_sql):
    model = replay_sql(CASES["CREATE goes to the first schema of the path, a lookup falls through to the next"][0])
    catalog = model.catalog
    assert {"app.users", "app.notes", "public.users", "public.notes"} <= set(catalog.tables)
    assert catalog.tables["app.notes"].constraints[0].ref_table == "app.users"
    assert catalog.tables["public.users"].column("nickname") and not catalog.tables["app.users"].column("nickname")
    assert "app.recent" in catalog.views and "app.touch()" in catalog.functions


def test_an_expression_naming_an_unqualified_function_under_another_path_is_reported(replay_sql):
    model = replay_sql({"001.sql": S + "CREATE FUNCTION app.next_code() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                                       "SET search_path = app;\n"
                                       "CREATE TABLE codes (c int DEFAULT next_code(), d int DEFAULT abs(-1));\n"})
    reported = [d for d in model.diagnostics if d.code == "not-modelled"]
    assert len(reported) == 1 and reported[0].span.line == 5
    assert "function next_code() unqualified while search_path is app" in reported[0].message


def test_a_sql_body_reading_a_table_through_the_path_is_reported(replay_sql):
    model = replay_sql({"001.sql": S + "SET search_path = app, public;\nCREATE TABLE tally (n int);\n"
                                       "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM tally $$;\n"
                                       "CREATE FUNCTION people() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;\n"})
    reported = [(d.span.line, d.message) for d in model.diagnostics if d.code == "not-modelled"]
    assert [line for line, _ in reported] == [5] and "reads tally through search_path (it is app.tally)" in reported[0][1]
    assert "app.people()" in model.catalog.functions  # it reads public.users: the name finds it under any path
