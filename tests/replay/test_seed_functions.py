"""The history's own LANGUAGE sql functions called in seed DML, against PostgreSQL 15: IMMUTABLE and STABLE ones
over their arguments are evaluated (the rows equal the server's, the baseline rebuilds them); a VOLATILE one, a
PL/pgSQL one, or a body that reads tables is reported, never guessed (the fixtures of test_seed_rows.py)."""

from __future__ import annotations

import pytest

from tests.replay.test_seed_rows import _baseline_rows, _run

FUNCTIONS = """
CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(replace(t, ' ', '-')) $$;
CREATE FUNCTION add_tax(n int) RETURNS int LANGUAGE sql IMMUTABLE STRICT RETURN n * 2 + 1;
CREATE FUNCTION pick(a int, b int) RETURNS int LANGUAGE sql STABLE AS 'SELECT CASE WHEN $1 > $2 THEN $1 ELSE $2 END';
CREATE FUNCTION label(n int) RETURNS varchar(5) LANGUAGE sql IMMUTABLE AS $$ SELECT 'n' || add_tax(n) $$;
CREATE FUNCTION volatile_one() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION reads() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM pg_class';
CREATE FUNCTION plpgsql_one() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN 1; END $$;
CREATE TABLE t (id int PRIMARY KEY, slug text, n int, l text);
"""


def test_immutable_and_stable_sql_functions_are_evaluated(pg_server, tmp_path):
    sql = FUNCTIONS + """INSERT INTO t VALUES (1, slugify('Hello World'), add_tax(5), label(1)), (2, slugify('A B'), add_tax(NULL), label(NULL));
INSERT INTO t VALUES (3, 'x', pick(3, 7), label(40)), (4, slugify(NULL), pick(-1, -2), NULL);
UPDATE t SET n = add_tax(n) WHERE slug = slugify('A B') OR id = 3;
DELETE FROM t WHERE n = pick(add_tax(1), 2);
"""
    result, errors, server, model, (tables, masked) = _run({"001_a.sql": sql}, pg_server, tmp_path)
    assert errors == {}
    assert [d.message for d in result.replay.diagnostics if d.code == "not-modelled"] == []
    assert model == server
    assert ("3", "x", "15", "n81") in server[0]["public.t"]
    assert _baseline_rows(result, tables, masked, pg_server, tmp_path) == server


def test_typmods_of_parameters_and_results_are_not_enforced_as_on_the_server(pg_server, tmp_path):
    files = {"001_a.sql": FUNCTIONS + "CREATE TABLE s (v varchar(3));",
             "002_b.sql": "INSERT INTO t (id, l) VALUES (1, label(123456));",
             "003_c.sql": "INSERT INTO s VALUES (label(100));"}
    result, errors, server, model, _ = _run(files, pg_server, tmp_path)
    assert server[0]["public.t"] == [("1", None, None, "n246913")]
    (failed,) = result.replay.failed_files.values()  # stored into varchar(3): 22001
    assert (failed.span.file, failed.sqlstate) == ("003_c.sql", errors["003_c.sql"][1]) == ("003_c.sql", "22001")
    assert model == server


@pytest.mark.parametrize("call, reason", [
    ("volatile_one()", "VOLATILE"),
    ("reads()", "not one expression without FROM"),
    ("plpgsql_one()", "only LANGUAGE sql"),
    ("add_tax('5'::bigint)", "not resolved"),
])
def test_other_functions_are_reported(call, reason, replay_sql):
    result = replay_sql({"001_a.sql": FUNCTIONS + f"INSERT INTO t (id, n) VALUES (1, {call});\n"})
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diagnostic.span.line == 10 and reason in diagnostic.message
    assert result.catalog.rows_unknown("public.t") is not None
