"""Functions, procedures and triggers against PostgreSQL 15: each history is replayed by the model and by the
server, and `consolidator verify` must find nothing: the same files fail with the same SQLSTATE, and the
baseline builds the same functions (pg_get_functiondef), triggers (pg_get_triggerdef) and tables."""

from __future__ import annotations

import pytest


TOUCH = ("CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
         "BEGIN NEW.updated_at = now(); RETURN NEW; END $$;\n")
T = "CREATE TABLE t (id int PRIMARY KEY, name text, updated_at timestamptz);\n"

CASES = {
    "trigger function replaced in a later file": (
        {"001.sql": T + TOUCH + "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n",
         "002.sql": "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    "BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $$;\n"}, {}),
    "OR REPLACE cannot change the return type": (
        {"001.sql": "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\n",
         "002.sql": "CREATE OR REPLACE FUNCTION f(a int) RETURNS bigint LANGUAGE sql AS 'SELECT a::bigint';\n"},
        {"002.sql": "42P13"}),
    "OR REPLACE cannot rename an input parameter": (
        {"001.sql": "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\n",
         "002.sql": "CREATE OR REPLACE FUNCTION f(b int) RETURNS int LANGUAGE sql AS 'SELECT b';\n"},
        {"002.sql": "42P13"}),
    "a second CREATE FUNCTION of the same signature": (
        {"001.sql": "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
         "002.sql": "CREATE FUNCTION f(integer) RETURNS int LANGUAGE sql AS 'SELECT 2';\n"}, {"002.sql": "42723"}),
    "overloads: DROP without arguments is ambiguous, with them it is not": (
        {"001.sql": "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                    "CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 2';\n",
         "002.sql": "DROP FUNCTION f;\n",
         "003.sql": "DROP FUNCTION f(text);\nDROP FUNCTION IF EXISTS f(boolean);\n"}, {"002.sql": "42725"}),
    "DROP FUNCTION of a missing function": (
        {"001.sql": "DROP FUNCTION IF EXISTS nope(int);\nDROP FUNCTION IF EXISTS nope;\n",
         "002.sql": "DROP FUNCTION nope(int);\n"}, {"002.sql": "42883"}),
    "ALTER FUNCTION ... RENAME TO its own name (found by the procedural differential tests)": (
        {"001.sql": "CREATE FUNCTION f2() RETURNS bigint LANGUAGE sql AS $$ SELECT 2::bigint $$;\n",
         "002.sql": "ALTER FUNCTION f2() RENAME TO f2;\n"}, {"002.sql": "42723"}),
    "DROP ROUTINE / PROCEDURE of a missing name (the server says 'function' for a routine)": (
        {"001.sql": "DROP ROUTINE IF EXISTS nope;\n", "002.sql": "DROP ROUTINE nope;\n",
         "003.sql": "DROP ROUTINE nope();\n", "004.sql": "DROP PROCEDURE nope;\n"},
        {"002.sql": "42883", "003.sql": "42883", "004.sql": "42883"}),
    "a function a trigger uses: 2BP01, CASCADE takes the trigger": (
        {"001.sql": T + TOUCH + "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n",
         "002.sql": "DROP FUNCTION touch();\n",
         "003.sql": "DROP FUNCTION touch() CASCADE;\n"}, {"002.sql": "2BP01"}),
    "a trigger's function must exist and return trigger": (
        {"001.sql": T + "CREATE FUNCTION n() RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
         "002.sql": "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION n();\n",
         "003.sql": "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION missing();\n"},
        {"002.sql": "42P17", "003.sql": "42883"}),
    "a LANGUAGE sql body reads tables that must exist; the baseline creates it after them": (
        {"001.sql": "CREATE FUNCTION n_rows() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t';\n",
         "002.sql": T + "CREATE FUNCTION n_rows() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t';\n"
                    "CREATE FUNCTION aaa() RETURNS SETOF t LANGUAGE sql STABLE AS 'SELECT * FROM t';\n"},
        {"001.sql": "42P01"}),
    "a PL/pgSQL syntax error": (
        {"001.sql": "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$;\n"},
        {"001.sql": "42601"}),
    "rename, set schema, options, comments, procedures": (
        {"001.sql": "CREATE SCHEMA util;\n"
                    "CREATE FUNCTION add1(x int, step int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x + step';\n"
                    "CREATE FUNCTION pairs(n int) RETURNS TABLE(a int, b text) LANGUAGE sql AS 'SELECT n, n::text';\n"
                    "CREATE FUNCTION split(x int, OUT lo int, OUT hi int) LANGUAGE sql AS 'SELECT x - 1, x + 1';\n"
                    "CREATE PROCEDURE noop(a int) LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;\n"
                    "CREATE FUNCTION inc(x int) RETURNS int LANGUAGE sql RETURN x + 1;\n",
         "002.sql": "ALTER FUNCTION add1(int, int) RENAME TO plus;\nALTER FUNCTION plus(int, int) SET SCHEMA util;\n"
                    "ALTER FUNCTION util.plus(int, int) STABLE STRICT SET search_path = public COST 5;\n"
                    "COMMENT ON FUNCTION util.plus(int, int) IS 'adds';\nCOMMENT ON PROCEDURE noop(int) IS 'nothing';\n"
                    "ALTER PROCEDURE noop(int) RENAME TO nothing;\n"}, {}),
    "a default that calls a function: 2BP01, CASCADE drops the default": (
        {"001.sql": "CREATE FUNCTION seven() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 7';\n"
                    "CREATE TABLE d (n int DEFAULT seven(), m int CHECK (m < seven()));\n",
         "002.sql": "DROP FUNCTION seven();\n",
         "003.sql": "DROP FUNCTION seven() CASCADE;\n"}, {"002.sql": "2BP01"}),
    "triggers: WHEN, UPDATE OF, constraint triggers, transition tables, rename, disable, comment": (
        {"001.sql": T + TOUCH
                    + "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\n"
                    "CREATE TRIGGER a BEFORE UPDATE OF name, id ON t FOR EACH ROW\n"
                    "  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION touch();\n"
                    "CREATE CONSTRAINT TRIGGER c AFTER INSERT OR DELETE ON t DEFERRABLE INITIALLY DEFERRED\n"
                    "  FOR EACH ROW EXECUTE FUNCTION audit();\n"
                    "CREATE TRIGGER s AFTER INSERT ON t REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT\n"
                    "  EXECUTE FUNCTION audit('x', '2');\n",
         "002.sql": "ALTER TRIGGER a ON t RENAME TO b;\nALTER TABLE t DISABLE TRIGGER b;\n"
                    "ALTER TABLE t ENABLE ALWAYS TRIGGER s;\nCOMMENT ON TRIGGER s ON t IS 'statement level';\n"
                    "CREATE OR REPLACE TRIGGER s AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION audit();\n"
                    "DROP TRIGGER IF EXISTS gone ON t;\n",
         "003.sql": "CREATE TRIGGER b AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION audit();\n"},
        {"003.sql": "42710"}),
    "a default and a check that call a function reading their own table come after the function": (
        {"001.sql": "CREATE TABLE c (id int);\n"
                    "CREATE FUNCTION n_c() RETURNS int LANGUAGE sql AS 'SELECT count(*)::int FROM c';\n"
                    "ALTER TABLE c ADD COLUMN n int DEFAULT n_c();\n"
                    "ALTER TABLE c ADD CONSTRAINT small CHECK (n < n_c() + 100);\n"}, {}),
    "renames reach triggers": (
        {"001.sql": T + TOUCH + "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n",
         "002.sql": "ALTER TABLE t RENAME TO things;\nALTER FUNCTION touch() RENAME TO stamp;\n"
                    "ALTER TABLE things RENAME COLUMN name TO label;\n"}, {}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_routines_and_triggers_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])
