"""A LANGUAGE sql string body keeps the names it was written with, and the server keeps no dependency on them: the
history may drop a table or a column such a body reads. The baseline creates the function as the server holds it,
with check_function_bodies off as pg_dump does, and still applies (checked on PostgreSQL 15)."""

from __future__ import annotations

from consolidator.build import build
from consolidator.verify.run import VerifyOptions, verify

HISTORY = {
    "001.sql": "CREATE TABLE t (a int, b int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT b FROM t';\n"
               "ALTER TABLE t DROP COLUMN b;\n",
    "002.sql": "CREATE TABLE u (a int);\nCREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT a FROM u';\n"
               "DROP TABLE u;\n",
}


def _write(folder, files):
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body)
    return folder


def test_a_body_naming_what_was_dropped_still_applies(tmp_path, pg_server):
    legacy = _write(tmp_path / "legacy", HISTORY)
    assert "SET check_function_bodies = false;" in build(legacy).sql
    report = verify(VerifyOptions(legacy_dir=legacy), cluster=pg_server)
    assert report.equivalent and not report.gaps, report.to_text()


def test_without_such_bodies_the_check_stays_on(tmp_path):
    legacy = _write(tmp_path / "legacy", {
        "001.sql": "CREATE FUNCTION h() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n"
                   "CREATE FUNCTION k() RETURNS int LANGUAGE sql RETURN 1;\n"})
    assert "check_function_bodies" not in build(legacy).sql
