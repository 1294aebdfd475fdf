"""Objects kept as their statements (aggregates, collations, text search configurations and dictionaries) against
PostgreSQL 15: each history is replayed by the model and by the server, and `consolidator verify` must find
nothing: the same files fail with the same SQLSTATE, and the baseline builds the same catalog and pg_dump."""

from __future__ import annotations

import pytest


ADD = "CREATE FUNCTION add_int(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';\n"
TOTAL = "CREATE AGGREGATE total(int) (sfunc = add_int, stype = int, initcond = '0');\n"
CI = "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n"

CASES = {
    "an aggregate over a function of the history; the function cannot go while the aggregate uses it": (
        {"001.sql": ADD + TOTAL + "COMMENT ON AGGREGATE total(int) IS 'sum';\n",
         "002.sql": "DROP FUNCTION add_int(int, int);\n",
         "003.sql": "CREATE AGGREGATE total(integer) (sfunc = add_int, stype = int);\n",
         "004.sql": "CREATE OR REPLACE AGGREGATE total(int) (sfunc = add_int, stype = int, initcond = '1');\n"
                    "ALTER AGGREGATE total(int) RENAME TO sum_all;\n"},
        {"002.sql": "2BP01", "003.sql": "42723"}),
    "an aggregate shares its identity with functions; a view that calls it holds it": (
        {"001.sql": ADD + TOTAL + "CREATE TABLE n (a int);\nCREATE VIEW n_total AS SELECT total(a) AS s FROM n;\n",
         "002.sql": "DROP AGGREGATE total(int);\n",
         "003.sql": "DROP FUNCTION total(int);\n",
         "004.sql": "CREATE FUNCTION total(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
         "005.sql": "CREATE OR REPLACE FUNCTION total(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
         "006.sql": "DROP AGGREGATE total(int) CASCADE;\n"},
        {"002.sql": "2BP01", "003.sql": "42809", "004.sql": "42723", "005.sql": "42809"}),
    "an aggregate's functions and types must exist": (
        {"001.sql": "CREATE AGGREGATE a(int) (sfunc = nope, stype = int);\n",
         "002.sql": "CREATE AGGREGATE a(int) (sfunc = int4pl, stype = nope);\n",
         "003.sql": "CREATE AGGREGATE a(text) (sfunc = int4pl, stype = int);\n",
         "004.sql": "CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int, finalfunc = nope);\n",
         "005.sql": "CREATE AGGREGATE a(int) (stype = int);\n",
         "006.sql": "CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int);\n"},
        {"001.sql": "42883", "002.sql": "42704", "003.sql": "42883", "004.sql": "42883", "005.sql": "42P13"}),
    "DROP AGGREGATE: missing, IF EXISTS, a function is not an aggregate, CASCADE through the state function": (
        {"001.sql": "DROP AGGREGATE IF EXISTS nope(int);\n" + ADD + TOTAL,
         "002.sql": "DROP AGGREGATE nope(int);\n",
         "003.sql": "DROP AGGREGATE add_int(int, int);\n",
         "004.sql": "DROP FUNCTION add_int(int, int) CASCADE;\n"},
        {"002.sql": "42883", "003.sql": "42809"}),
    "an aggregate moved to another schema, renamed onto another": (
        {"001.sql": "CREATE SCHEMA util;\n" + ADD + TOTAL
                    + "CREATE AGGREGATE other(int) (sfunc = int4pl, stype = int);\n",
         "002.sql": "ALTER AGGREGATE other(int) RENAME TO total;\n",
         "003.sql": "ALTER AGGREGATE total(int) SET SCHEMA util;\n",
         "004.sql": "DROP SCHEMA util;\n"},
        {"002.sql": "42723", "004.sql": "2BP01"}),
    "a case-insensitive ICU collation used by a column and an index": (
        {"001.sql": CI + "CREATE TABLE users (id int PRIMARY KEY, email text COLLATE ci);\n"
                    "CREATE INDEX users_email ON users (email COLLATE ci);\n"
                    "COMMENT ON COLLATION ci IS 'case-insensitive';\n",
         "002.sql": "DROP COLLATION ci;\n",
         "003.sql": CI,
         "004.sql": "CREATE COLLATION IF NOT EXISTS ci (provider = icu, locale = 'und');\n"
                    "CREATE COLLATION c2 FROM ci;\nALTER COLLATION c2 RENAME TO c3;\n"},
        {"002.sql": "2BP01", "003.sql": "42710"}),
    "collations: missing, duplicate rename, a C collation, DROP IF EXISTS": (
        {"001.sql": "CREATE COLLATION x FROM public.nope;\n",
         "002.sql": "CREATE COLLATION byte (locale = 'C');\nCREATE COLLATION posix2 FROM \"POSIX\";\n"
                    "DROP COLLATION IF EXISTS nope;\n",
         "003.sql": "ALTER COLLATION byte RENAME TO posix2;\n",
         "004.sql": "DROP COLLATION nope;\n",
         "005.sql": "CREATE COLLATION y (provider = icu);\n"},
        {"001.sql": "42704", "003.sql": "42710", "004.sql": "42704", "005.sql": "42P17"}),
    "a text search configuration copied from english, its mappings changed, a snowball dictionary": (
        {"001.sql": "CREATE TEXT SEARCH DICTIONARY en_stem (template = snowball, language = english);\n"
                    "CREATE TEXT SEARCH DICTIONARY en_stop (template = snowball, language = english, "
                    "stopwords = english);\nCREATE TEXT SEARCH DICTIONARY plain_stop (template = simple, "
                    "stopwords = english, accept = false);\n"
                    "CREATE TEXT SEARCH CONFIGURATION my_english (COPY = english);\n"
                    "ALTER TEXT SEARCH CONFIGURATION my_english ALTER MAPPING FOR asciiword, word WITH en_stem, simple;\n"
                    "CREATE TABLE docs (id int, body text);\n"
                    "CREATE INDEX docs_body ON docs USING gin (to_tsvector('my_english'::regconfig, body));\n"
                    "COMMENT ON TEXT SEARCH CONFIGURATION my_english IS 'ours';\n",
         "002.sql": "ALTER TEXT SEARCH CONFIGURATION my_english ALTER MAPPING FOR nope WITH simple;\n",
         "003.sql": "ALTER TEXT SEARCH CONFIGURATION my_english ALTER MAPPING FOR word WITH nope;\n",
         "004.sql": "DROP TEXT SEARCH DICTIONARY en_stem;\n",
         "005.sql": "ALTER TEXT SEARCH CONFIGURATION my_english DROP MAPPING FOR blank;\n",
         "006.sql": "ALTER TEXT SEARCH CONFIGURATION my_english DROP MAPPING IF EXISTS FOR blank;\n"
                    "ALTER TEXT SEARCH CONFIGURATION my_english ADD MAPPING FOR blank WITH simple;\n"
                    "CREATE TEXT SEARCH CONFIGURATION plain (PARSER = default);\n"
                    "ALTER TEXT SEARCH CONFIGURATION plain ADD MAPPING FOR word WITH simple;\n"
                    "ALTER TEXT SEARCH CONFIGURATION plain RENAME TO plain2;\n"},
        {"002.sql": "22023", "003.sql": "42704", "004.sql": "2BP01", "005.sql": "42704"}),
    "text search: missing parser, copy source, duplicate": (
        {"001.sql": "CREATE TEXT SEARCH CONFIGURATION a (PARSER = nope);\n",
         "002.sql": "CREATE TEXT SEARCH CONFIGURATION a (COPY = nope);\n",
         "003.sql": "CREATE TEXT SEARCH CONFIGURATION a (COPY = simple);\n",
         "004.sql": "CREATE TEXT SEARCH CONFIGURATION a (COPY = simple);\n",
         "005.sql": "DROP TEXT SEARCH CONFIGURATION nope;\n"},
        {"001.sql": "42704", "002.sql": "42704", "004.sql": "23505", "005.sql": "42704"}),
}


T = "CREATE TABLE t (id int PRIMARY KEY, a int, note text);\nCREATE TABLE log (id int, a int);\n"
RULE = "CREATE RULE t_log AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.id, new.a);\n"
ET_FN = ("CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;\n")
CAST_FN = "CREATE FUNCTION to_pt(text) RETURNS point LANGUAGE sql IMMUTABLE AS $$ SELECT point(0, length($1)) $$;\n"

MORE = {
    "a rule on a table writes to another: DROP of that one is 2BP01, its own table takes it along": (
        {"001.sql": T + RULE + "COMMENT ON RULE t_log ON t IS 'audit';\n",
         "002.sql": "DROP TABLE log;\n",
         "003.sql": RULE,
         "004.sql": "CREATE OR REPLACE RULE t_log AS ON INSERT TO t DO ALSO INSERT INTO log VALUES (new.id, 0);\n"
                    "ALTER RULE t_log ON t RENAME TO t_audit;\n"
                    "ALTER TABLE log RENAME TO audit_log;\n"
                    "CREATE RULE t_nodel AS ON DELETE TO t DO INSTEAD NOTHING;\n",
         "005.sql": "CREATE RULE bad AS ON INSERT TO t DO ALSO INSERT INTO audit_log VALUES (new.nope);\n",
         "006.sql": "DROP RULE nope ON t;\n",
         "007.sql": "DROP RULE IF EXISTS nope ON t;\nDROP RULE t_nodel ON t;\nCREATE TABLE gone (x int);\n"
                    "CREATE RULE g AS ON UPDATE TO gone DO INSTEAD NOTHING;\nDROP TABLE gone;\n"},
        {"002.sql": "2BP01", "003.sql": "42710", "005.sql": "42703", "006.sql": "42704"}),
    "a rule on a view makes it writable": (
        {"001.sql": T + "CREATE VIEW tv AS SELECT id, a FROM t;\n"
                    "CREATE RULE tv_ins AS ON INSERT TO tv DO INSTEAD INSERT INTO t (id, a) VALUES (new.id, new.a);\n",
         "002.sql": "DROP TABLE t;\n",
         "003.sql": "DROP VIEW tv;\n"},
        {"002.sql": "2BP01"}),
    "a cast through a function of the history": (
        {"001.sql": CAST_FN + "CREATE CAST (text AS point) WITH FUNCTION to_pt(text);\n"
                    "COMMENT ON CAST (text AS point) IS 'length as a point';\n",
         "002.sql": "CREATE CAST (text AS point) WITH FUNCTION to_pt(text);\n",
         "003.sql": "DROP FUNCTION to_pt(text);\n",
         "004.sql": "CREATE CAST (integer AS text) WITH INOUT;\nCOMMENT ON CAST (int AS text) IS 'through text';\n",
         "005.sql": "CREATE CAST (text AS point) WITH FUNCTION nope(text);\n",
         "006.sql": "DROP CAST (text AS circle);\n",
         "007.sql": "DROP CAST IF EXISTS (text AS circle);\n"},
        {"002.sql": "42710", "003.sql": "2BP01", "005.sql": "42883", "006.sql": "42704"}),
    "an event trigger, disabled, renamed; its function must return event_trigger": (
        {"001.sql": ET_FN + "CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl();\n"
                    "ALTER EVENT TRIGGER log_ddl DISABLE;\nCOMMENT ON EVENT TRIGGER log_ddl IS 'logs';\n",
         "002.sql": "CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl();\n",
         "003.sql": "CREATE EVENT TRIGGER x ON nope EXECUTE FUNCTION on_ddl();\n",
         "004.sql": "CREATE FUNCTION n() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                    "CREATE EVENT TRIGGER x ON sql_drop EXECUTE FUNCTION n();\n",
         "005.sql": "DROP FUNCTION on_ddl();\n",
         "006.sql": "ALTER EVENT TRIGGER log_ddl RENAME TO ddl_log;\nDROP EVENT TRIGGER IF EXISTS nope;\n",
         "007.sql": "DROP EVENT TRIGGER nope;\n"},
        {"002.sql": "42710", "003.sql": "42601", "004.sql": "42P17", "005.sql": "2BP01", "007.sql": "42704"}),
    "postgres_fdw: a server, a user mapping, a foreign table; the server cannot go while they use it": (
        {"001.sql": "CREATE EXTENSION postgres_fdw;\n"
                    "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', dbname 'x');\n"
                    "CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user 'u', password 'p');\n"
                    "CREATE FOREIGN TABLE remote_users (id int NOT NULL, name text) SERVER remote "
                    "OPTIONS (table_name 'users');\n"
                    "COMMENT ON SERVER remote IS 'the other one';\nCOMMENT ON FOREIGN TABLE remote_users IS 'theirs';\n",
         "002.sql": "DROP SERVER remote;\n",
         "003.sql": "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw;\n",
         "004.sql": "CREATE SERVER other FOREIGN DATA WRAPPER nope;\n",
         "005.sql": "CREATE TABLE remote_users (id int);\n",
         "006.sql": "ALTER SERVER remote OPTIONS (SET host 'db');\n"
                    "ALTER USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (SET password 'q');\n"
                    "ALTER SERVER remote RENAME TO far;\nALTER FOREIGN TABLE remote_users RENAME TO far_users;\n"
                    "CREATE SCHEMA ext;\nALTER FOREIGN TABLE far_users SET SCHEMA ext;\n",
         "007.sql": "CREATE USER MAPPING FOR CURRENT_USER SERVER far;\n",
         "008.sql": "DROP USER MAPPING FOR PUBLIC SERVER far;\n",
         "009.sql": "DROP SERVER far CASCADE;\nDROP USER MAPPING IF EXISTS FOR PUBLIC SERVER far;\n"},
        {"002.sql": "2BP01", "003.sql": "42710", "004.sql": "42704", "005.sql": "42P07", "007.sql": "42710",
         "008.sql": "42704"}),
    "a foreign table renamed by ALTER TABLE; DROP FOREIGN TABLE of a missing one or of a table": (
        {"001.sql": "CREATE FOREIGN DATA WRAPPER w;\nCREATE SERVER s FOREIGN DATA WRAPPER w;\n"
                    "CREATE FOREIGN TABLE ft (a int) SERVER s;\nALTER TABLE ft RENAME TO ft2;\n"
                    "CREATE TABLE plain (id int);\nDROP FOREIGN TABLE IF EXISTS nope;\n",
         "002.sql": "DROP FOREIGN TABLE nope;\n",
         "003.sql": "DROP FOREIGN TABLE plain;\n",
         "004.sql": "ALTER FOREIGN TABLE nope RENAME TO x;\n",
         "005.sql": "DROP FOREIGN TABLE ft2;\nCREATE TABLE ft2 (id int);\n"},
        {"002.sql": "42704", "003.sql": "42809", "004.sql": "42P01"}),
    "a foreign-data wrapper of the history, without a handler": (
        {"001.sql": "CREATE FOREIGN DATA WRAPPER dummy;\nCREATE SERVER s FOREIGN DATA WRAPPER dummy;\n",
         "002.sql": "DROP FOREIGN DATA WRAPPER dummy;\n",
         "003.sql": "CREATE FOREIGN DATA WRAPPER dummy;\n",
         "004.sql": "ALTER FOREIGN DATA WRAPPER dummy OPTIONS (debug 'true');\n"
                    "ALTER FOREIGN DATA WRAPPER dummy RENAME TO dummy2;\nDROP FOREIGN DATA WRAPPER dummy2 CASCADE;\n",
         "005.sql": "DROP SERVER s;\n"},
        {"002.sql": "2BP01", "003.sql": "42710", "005.sql": "42704"}),
    "publications: tables added and dropped, a dropped table leaves, options checked": (
        {"001.sql": T + "CREATE PUBLICATION pub FOR TABLE t WITH (publish = 'insert, update');\n"
                    "CREATE PUBLICATION everything FOR ALL TABLES;\nCOMMENT ON PUBLICATION pub IS 'out';\n",
         "002.sql": "ALTER PUBLICATION pub ADD TABLE t;\n",
         "003.sql": "ALTER PUBLICATION pub DROP TABLE log;\n",
         "004.sql": "ALTER PUBLICATION pub ADD TABLE log;\nDROP TABLE log;\nALTER TABLE t RENAME TO t2;\n"
                    "ALTER PUBLICATION pub SET (publish = 'insert');\nALTER PUBLICATION pub RENAME TO pub2;\n",
         "005.sql": "CREATE PUBLICATION bad WITH (publish = 'nope');\n",
         "006.sql": "CREATE PUBLICATION bad FOR TABLE nope;\n",
         "007.sql": "CREATE PUBLICATION pub2;\n",
         "008.sql": "DROP PUBLICATION nope;\n"},
        {"002.sql": "42710", "003.sql": "42704", "005.sql": "42601", "006.sql": "42P01", "007.sql": "42710",
         "008.sql": "42704"}),
}
CASES.update(MORE)


EQ = "CREATE FUNCTION ci_eq(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower($1) = lower($2)';\n"
CASES.update({
    "an operator over a function of the history; set schema, comment, drop": (
        {"001.sql": EQ + "CREATE OPERATOR =~= (leftarg = text, rightarg = text, function = ci_eq, commutator = =~=);\n"
                    "COMMENT ON OPERATOR =~= (text, text) IS 'case-insensitive equality';\n"
                    "CREATE OPERATOR !~ (rightarg = int, function = int4um);\n",
         "002.sql": "CREATE OPERATOR =~= (leftarg = text, rightarg = text, function = ci_eq);\n",
         "003.sql": "DROP FUNCTION ci_eq(text, text);\n",
         "004.sql": "CREATE OPERATOR =!= (leftarg = text, rightarg = text, function = nope);\n",
         "005.sql": "CREATE OPERATOR =!= (leftarg = text, rightarg = text);\n",
         "006.sql": "DROP OPERATOR =!= (text, text);\n",
         "007.sql": "CREATE SCHEMA ops;\nCREATE OPERATOR ==~ (leftarg = text, rightarg = text, function = ci_eq);\n"
                    "ALTER OPERATOR ==~ (text, text) SET SCHEMA ops;\n"
                    "DROP OPERATOR IF EXISTS =!= (text, text);\n"
                    "DROP OPERATOR !~ (NONE, int);\n"},
        {"002.sql": "42723", "003.sql": "2BP01", "004.sql": "42883", "005.sql": "42P13", "006.sql": "42883"}),
})


BASE = (ADD + TOTAL + CI + EQ + "CREATE OPERATOR =~= (leftarg = text, rightarg = text, function = ci_eq);\n"
        "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english);\n" + T + RULE
        + "CREATE PUBLICATION pub FOR TABLE t;\nCREATE FOREIGN DATA WRAPPER w;\nCREATE SERVER s FOREIGN DATA WRAPPER w;\n"
        + CAST_FN + "CREATE CAST (text AS point) WITH FUNCTION to_pt(text);\n" + ET_FN
        + "CREATE EVENT TRIGGER et ON ddl_command_end EXECUTE FUNCTION on_ddl();\n")
CHANGES = {
    "aggregate": "CREATE OR REPLACE AGGREGATE total(int) (sfunc = add_int, stype = int, initcond = '5');",
    "collation": "DROP COLLATION ci; CREATE COLLATION ci (provider = icu, locale = 'und');",
    "operator": "DROP OPERATOR =~= (text, text); CREATE OPERATOR =~= (leftarg = text, rightarg = text, function = ci_eq, hashes);",
    "text search configuration": "ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR word WITH simple;",
    "rule": "CREATE OR REPLACE RULE t_log AS ON INSERT TO t DO ALSO NOTHING;",
    "publication": "ALTER PUBLICATION pub ADD TABLE log;",
    "server": "ALTER SERVER s OPTIONS (ADD x 'y');",
    "cast": "DROP CAST (text AS point); CREATE CAST (text AS point) WITH FUNCTION to_pt(text) AS IMPLICIT;",
    "event trigger": "ALTER EVENT TRIGGER et DISABLE;",
}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_verify_tells_differing_opaque_objects_apart(kind, pg_server):
    """A difference in an object kept as its statement is a finding of its kind, never 'equivalent'."""
    from consolidator.verify.compare import compare
    from consolidator.verify.introspect import snapshot

    a_db, b_db = f"opq_a_{kind.replace(' ', '_')}", f"opq_b_{kind.replace(' ', '_')}"
    pg_server.create_database(a_db)
    pg_server.create_database(b_db)
    try:
        pg_server.execute(a_db, BASE)
        pg_server.execute(b_db, BASE + CHANGES[kind])
        a, b = snapshot(pg_server.dsn(a_db)), snapshot(pg_server.dsn(b_db))
        assert compare(a, a) == []
        assert kind in {f.kind for f in compare(a, b)}, [f.message for f in compare(a, b)]
    finally:
        pg_server.drop_database(a_db)
        pg_server.drop_database(b_db)


ODD = {
    "names that need quoting and comments with quotes and new lines": (
        {"001.sql": 'CREATE SCHEMA "Odd ""s""";\n'
                    'CREATE COLLATION "Odd ""s"""."Case ""I"""  (provider = icu, locale = \'und-u-ks-level2\', '
                    'deterministic = false);\n'
                    'COMMENT ON COLLATION "Odd ""s"""."Case ""I""" IS E\'line one\\n-- line two; DROP TABLE x;\';\n'
                    'CREATE TABLE "T t" (id int, "Name" text COLLATE "Odd ""s"""."Case ""I""");\n'
                    'CREATE RULE "R ""1""" AS ON DELETE TO "T t" DO INSTEAD NOTHING;\n'
                    'CREATE FOREIGN DATA WRAPPER "W w";\nCREATE SERVER "S ""s""" FOREIGN DATA WRAPPER "W w" '
                    'OPTIONS (note \'it\'\'s\');\n'
                    'CREATE PUBLICATION "P p" FOR TABLE "T t";\n'
                    'COMMENT ON PUBLICATION "P p" IS \'$rollback$\';\n'}, {}),
}
CASES.update(ODD)


@pytest.mark.parametrize("title", list(CASES))
def test_opaque_objects_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])
