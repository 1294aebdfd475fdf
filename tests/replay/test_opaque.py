"""Objects kept as their statements (aggregates, collations, text search configurations and dictionaries) against
PostgreSQL 15: each history is replayed by the model and by the server, and `consolidator verify` must find
nothing: the same files fail with the same SQLSTATE, and the baseline builds the same catalog and pg_dump."""

from __future__ import annotations

import pytest

from consolidator.verify.run import VerifyOptions, verify

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


@pytest.mark.parametrize("title", list(CASES))
def test_opaque_objects_as_on_postgres(title, tmp_path, pg_server, replay_sql):
    files, fails = CASES[title]
    model = replay_sql(files)
    assert {n: d.sqlstate for n, d in model.failed_files.items()} == fails
    assert not [d for d in model.diagnostics if d.code == "not-modelled"], model.diagnostics
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    report = verify(VerifyOptions(legacy_dir=tmp_path), cluster=pg_server)
    assert report.equivalent and not report.gaps, report.to_text()
