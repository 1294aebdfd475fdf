"""The engine: transactions per file, the on-error policies, failed files, skipped files, not-modelled statements.

Outcomes (which statement fails, its SQLSTATE, what survives) were checked with `psql -1 -v ON_ERROR_STOP=1`
(and without -1 for the statement policy) on PostgreSQL 15.
"""

from __future__ import annotations

import pytest

from consolidator.errors import Severity, SourceSpan, StopOnError
from consolidator.replay.engine import OnError
from consolidator.source.discover import Order


def _span(file: str, line: int) -> SourceSpan:
    return SourceSpan(file=file, line=line, column=1)


def test_a_failing_statement_rolls_its_whole_file_back(replay_sql):
    result = replay_sql({
        "001_base.sql": "CREATE TABLE t (id int);\n",
        "002_bad.sql": "CREATE TABLE u (id int);\nALTER TABLE t ADD COLUMN x int;\n\nALTER TABLE zz ADD COLUMN y int;\nCREATE TABLE v (id int);\n",
        "003_next.sql": "CREATE TABLE w (id int);\n",
    })
    c = result.catalog
    assert set(c.tables) == {"public.t", "public.w"}  # u is gone, v never ran, 003 went on
    assert [col.name for col in c.tables["public.t"].columns] == ["id"]
    failure = result.failed_files["002_bad.sql"]
    assert (failure.sqlstate, failure.span, failure.severity) == ("42P01", _span("002_bad.sql", 4), Severity.ERROR)
    assert failure.message == 'relation "zz" does not exist (002_bad.sql rolled back)'
    assert [(e.span.line, e.status) for e in result.events if e.span.file == "002_bad.sql"] == [
        (1, "rolled-back"), (2, "rolled-back"), (4, "failed")]
    assert [f.name for f in result.files] == ["001_base.sql", "002_bad.sql", "003_next.sql"]
    assert [f.failed for f in result.files] == [False, True, False]


def test_statement_policy_keeps_the_rest_of_the_file(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE u (id int);\nALTER TABLE zz ADD COLUMN y int;\nCREATE TABLE v (id int);\nCREATE TABLE u (x int);\n",
    }, on_error=OnError.STATEMENT)
    assert set(result.catalog.tables) == {"public.u", "public.v"}
    assert [c.name for c in result.catalog.tables["public.u"].columns] == ["id"]
    failures = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [(d.span.line, d.sqlstate) for d in failures] == [(2, "42P01"), (4, "42P07")]
    assert "statement skipped" in failures[0].message
    assert result.failed_files["001_a.sql"].span == _span("001_a.sql", 2)  # the file's first failure


def test_stop_policy_raises_at_the_first_failure(replay_sql):
    with pytest.raises(StopOnError) as info:
        replay_sql({"001_a.sql": "CREATE TABLE t (id int);\n", "002_b.sql": "\nDROP TABLE zz;\n", "003_c.sql": "CREATE TABLE u (id int);\n"},
                   on_error=OnError.STOP)
    message = str(info.value)
    assert "002_b.sql:2" in message and "42P01" in message


def test_stop_policy_without_failure_is_a_normal_replay(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id int);\n"}, on_error=OnError.STOP)
    assert set(result.catalog.tables) == {"public.t"}


# Each statement changes an object that existed before the file; the file then fails. The catalog must be
# exactly what it was before the file, provenance included.
_SETUP = """
CREATE SCHEMA app;
CREATE EXTENSION "uuid-ossp";
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE counter;
CREATE TABLE p (id serial PRIMARY KEY, code text UNIQUE, m mood, g int GENERATED ALWAYS AS IDENTITY);
CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p, qty int CHECK (qty > 0), note text DEFAULT 'x');
CREATE INDEX c_note_idx ON c (lower(note)) WHERE qty > 1;
COMMENT ON TABLE p IS 'parents';
"""


@pytest.mark.parametrize("statement", [
    "ALTER TABLE p ADD COLUMN extra int",
    "ALTER TABLE p DROP COLUMN code",
    "ALTER TABLE p RENAME COLUMN id TO pid",
    "ALTER TABLE c RENAME COLUMN note TO remark",
    "ALTER TABLE p RENAME TO parents",
    "ALTER TABLE c ALTER COLUMN note TYPE varchar(10)",
    "ALTER TABLE c ALTER COLUMN note SET DEFAULT 'y'",
    "ALTER TABLE c ALTER COLUMN note DROP DEFAULT",
    "ALTER TABLE c ALTER COLUMN note SET NOT NULL",
    "ALTER TABLE p ALTER COLUMN g DROP IDENTITY",
    "ALTER TABLE p ALTER COLUMN g SET INCREMENT BY 5",
    "ALTER TABLE c ADD CONSTRAINT c_note_check CHECK (note <> '')",
    "ALTER TABLE c DROP CONSTRAINT c_qty_check",
    "ALTER TABLE c RENAME CONSTRAINT c_qty_check TO qty_positive",
    "ALTER TABLE c VALIDATE CONSTRAINT c_qty_check",
    "ALTER INDEX p_pkey RENAME TO p_pk",
    "ALTER INDEX c_note_idx RENAME TO c_lower_note_idx",
    "DROP INDEX c_note_idx",
    "DROP TABLE c",
    "DROP TABLE p CASCADE",
    "ALTER SEQUENCE counter INCREMENT BY 10",
    "ALTER SEQUENCE p_id_seq RENAME TO p_ids",
    "ALTER SEQUENCE counter OWNED BY c.qty",
    "DROP SEQUENCE counter",
    "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad'",
    "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'",
    "ALTER TYPE mood RENAME TO feeling",
    "DROP TYPE mood CASCADE",
    "DROP EXTENSION \"uuid-ossp\"",
    "COMMENT ON TABLE p IS 'changed'",
    "COMMENT ON COLUMN c.note IS 'a note'",
    "COMMENT ON CONSTRAINT c_qty_check ON c IS 'positive'",
    "COMMENT ON INDEX c_note_idx IS 'by note'",
    "COMMENT ON SEQUENCE counter IS 'counts'",
    "COMMENT ON TYPE mood IS 'feelings'",
    "COMMENT ON EXTENSION \"uuid-ossp\" IS 'uuids'",
    "COMMENT ON SCHEMA app IS 'the app'",
    "CREATE INDEX ON c (qty)",
    "CREATE TABLE app.t (id serial PRIMARY KEY)",
])
def test_a_rolled_back_file_leaves_no_trace_of_its_changes(replay_sql, statement):
    before = replay_sql({"001_setup.sql": _SETUP})
    assert before.failed_files == {}
    after = replay_sql({"001_setup.sql": _SETUP, "002_change.sql": f"{statement};\nDROP TABLE zz_missing;\n"})
    assert after.failed_files["002_change.sql"].sqlstate == "42P01"
    assert after.failed_files["002_change.sql"].span == _span("002_change.sql", 2)
    assert after.catalog.model_dump() == before.catalog.model_dump()


def test_rollback_then_later_files_change_the_restored_objects(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int);\n",
        "002_b.sql": "ALTER TABLE t RENAME COLUMN a TO b;\nDROP TABLE zz;\n",
        "003_c.sql": "ALTER TABLE t RENAME COLUMN a TO c;\n",
    })
    col = result.catalog.tables["public.t"].columns[0]
    assert col.name == "c"
    assert (col.provenance.created, col.provenance.changed) == (_span("001_a.sql", 1), _span("003_c.sql", 1))


def test_skipped_and_duplicate_files_are_reported(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE a (id int);\n",
        "007_remote.sql.skip": "CREATE TABLE never (id int);\n",
        "010_sop.sql.broken": "CREATE TABLE never2 (id int);\n",
        "NOTES.txt": "run in order\n",
        "031_door.sql": "CREATE TABLE door (id int);\n",
        "031_hubspot.sql": "CREATE TABLE hub (id int);\n",
    })
    assert set(result.catalog.tables) == {"public.a", "public.door", "public.hub"}
    skipped = {d.span.file: d for d in result.diagnostics if d.code == "skipped-file"}
    assert set(skipped) == {"007_remote.sql.skip", "010_sop.sql.broken", "NOTES.txt"}
    assert all(d.severity is Severity.INFO for d in skipped.values())
    [dup] = [d for d in result.diagnostics if d.code == "duplicate-version"]
    assert "031_door.sql, 031_hubspot.sql" in dup.message
    assert [f.name for f in result.files] == ["001_a.sql", "031_door.sql", "031_hubspot.sql"]


def test_natural_order_compares_numbers(replay_sql):
    files = {
        "9_create.sql": "CREATE TABLE t (id int);\n",
        "10_alter.sql": "ALTER TABLE t ADD COLUMN x int;\n",
    }
    by_name = replay_sql(files)  # '10_' sorts before '9_': the ALTER runs first and fails
    assert by_name.failed_files["10_alter.sql"].sqlstate == "42P01"
    natural = replay_sql(files, order=Order.NATURAL)
    assert natural.failed_files == {}
    assert [c.name for c in natural.catalog.tables["public.t"].columns] == ["id", "x"]


def test_not_modelled_statements_are_reported_with_their_line_never_dropped(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE t (id int PRIMARY KEY);\n"
        "CLUSTER t USING t_pkey;\n"
        "\n"
        "ALTER TABLE t SET (fillfactor = 70);\n"
        "ALTER TABLE t REPLICA IDENTITY FULL;\n"
        "BEGIN;\n"
        "ALTER TABLE t ALTER COLUMN id SET STATISTICS 100;\n"
        "SET statement_timeout = 0;\n"
    )})
    not_modelled = [(d.span.line, d.severity) for d in result.diagnostics if d.code == "not-modelled"]
    assert not_modelled == [(2, Severity.WARNING), (4, Severity.WARNING), (5, Severity.WARNING), (7, Severity.WARNING)]
    assert [e.status for e in result.events] == ["applied", "not-modelled", "not-modelled", "not-modelled",
                                                 "applied", "not-modelled", "applied"]
    assert result.events[4].description == "BEGIN inside a transaction: a warning, no effect"
    assert result.failed_files == {}


def test_not_modelled_diagnostics_of_a_rolled_back_file_are_withdrawn(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id int PRIMARY KEY);\nCLUSTER t USING t_pkey;\nDROP TABLE zz;\n"})
    assert [d.code for d in result.diagnostics] == ["failed-statement"]


@pytest.mark.parametrize(("content", "sqlstate", "line"), [
    # The server decodes the whole statement: a bad byte fails the statement it is in.
    (b"CREATE TABLE a (x int);\nCREATE TABLE b (y text DEFAULT '\xff');\n", "22021", 2),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "22021", 1),
    # psql sends everything after an unterminated quote as one statement: a syntax error (42601).
    (b"CREATE TABLE a (x int);\nCREATE TABLE b (y text DEFAULT 'abc);\nCREATE TABLE c (z int);\n", "42601", 2),
    (b"CREATE TABLE a (x int);\ncreate tabel b (y int);\nCREATE TABLE c (z int);\n", "42601", 2),
])
def test_files_the_server_rejects_are_failed_files_with_a_line(replay_sql, content, sqlstate, line):
    result = replay_sql({"001_base.sql": "CREATE TABLE base (id int);\n", "002_bad.sql": content})
    failure = result.failed_files["002_bad.sql"]
    assert (failure.sqlstate, failure.span.file, failure.span.line) == (sqlstate, "002_bad.sql", line)
    assert set(result.catalog.tables) == {"public.base"}  # table a went with the file


def test_a_syntax_error_after_good_statements_reports_where_the_error_is(replay_sql):
    content = "CREATE TABLE a (x int);\n\nCREATE TABLE b (y int,\n  z int,\n  w int DEFAULT 'x' 'y');\n"
    result = replay_sql({"001_a.sql": content})
    failure = result.failed_files["001_a.sql"]
    assert failure.sqlstate == "42601" and failure.message.startswith("""syntax error at or near "'y'\"""")
    assert failure.span.line == 5  # the line of the offending token (psql says line 5 too)


def test_nul_bytes_end_the_line_as_psql_reads_it(replay_sql):
    # psql reads lines with fgets: a NUL ends the line and swallows the rest of it, newline included,
    # so the next line joins it. Checked with psql -1 -f: three tables, no error.
    content = b"CREATE TABLE a (x int);\nCREATE TABLE b (y int, \x00 junk junk\n z int);\nCREATE TABLE c (w int);\n"
    result = replay_sql({"001_a.sql": content})
    assert result.failed_files == {}
    assert [c.name for c in result.catalog.tables["public.b"].columns] == ["y", "z"]
    assert set(result.catalog.tables) == {"public.a", "public.b", "public.c"}


def test_file_outcomes_carry_checksums_and_statement_counts(replay_sql):
    result = replay_sql({"001_a.sql": "-- only a comment\nCREATE TABLE a (x int); CREATE TABLE b (y int);\n"})
    [outcome] = result.files
    assert outcome.statements == 2
    assert len(outcome.sha256) == 64
    assert result.events[1].span == SourceSpan(file="001_a.sql", line=2, column=25)


def test_psql_meta_commands_are_run_by_psql_not_sent(replay_sql):
    # psql -1 -f runs \set and \echo itself, and \i runs the other file in place (not a migration: .psql).
    result = replay_sql({"001_a.sql": "\\set ON_ERROR_STOP on\nCREATE TABLE a (x int);\n\\i other.psql\n\\echo done\n",
                         "other.psql": "CREATE TABLE b (y int);\n\\dt\n"})
    assert result.failed_files == {}
    assert set(result.catalog.tables) == {"public.a", "public.b"}
    assert [(str(e.span), e.status) for e in result.events] == [
        ("001_a.sql:1", "applied"), ("001_a.sql:2", "applied"), ("001_a.sql:3", "applied"),
        ("other.psql:1 (included from 001_a.sql:3)", "applied"),
        ("other.psql:2 (included from 001_a.sql:3)", "not-modelled"), ("001_a.sql:4", "applied")]
    [diag] = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert "\\dt" in diag.message


def test_a_missing_include_fails_the_file_as_psql_does(replay_sql):
    # psql 15: "psql:001_a.sql:2: error: other.sql: No such file or directory", and ON_ERROR_STOP stops there.
    result = replay_sql({"001_a.sql": "CREATE TABLE a (x int);\n\\i other.sql\nCREATE TABLE c (z int);\n"})
    error = result.failed_files["001_a.sql"]
    assert (str(error.span), error.sqlstate) == ("001_a.sql:2", None)
    assert error.message.startswith("other.sql: No such file or directory")
    assert set(result.catalog.tables) == set()  # the file rolled back whole


def test_a_byte_order_mark_does_not_fail_the_file(replay_sql):
    result = replay_sql({"001_a.sql": b"\xef\xbb\xbfCREATE TABLE a (x int);\n"})
    assert result.failed_files == {} and set(result.catalog.tables) == {"public.a"}


# A file's own transaction control, checked with psql 15: `psql -1 -v ON_ERROR_STOP=1 -f` (file policy) and
# `psql -f` (statement policy). Under -1 a COMMIT commits and what follows runs statement by statement; without
# -1 a BEGIN block that meets an error fails every statement until its end (25P02) and is rolled back.
@pytest.mark.parametrize(("sql", "policy", "tables", "errors"), [
    ("CREATE TABLE a (x int);\nROLLBACK;\nCREATE TABLE b (y int);\n", OnError.FILE, {"b"}, []),
    ("CREATE TABLE a (x int);\nROLLBACK;\nCREATE TABLE b (y int);\n", OnError.STATEMENT, {"a", "b"}, []),
    ("BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (y int);\nDROP TABLE zz;\nCOMMIT;\nCREATE TABLE c (z int);\n",
     OnError.FILE, {"a"}, [(6, "42P01")]),
    ("BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (y int);\nDROP TABLE zz;\nCOMMIT;\nCREATE TABLE c (z int);\n",
     OnError.STATEMENT, {"a", "c"}, [(6, "42P01")]),
    ("CREATE TABLE a (x int);\nCOMMIT;\nCREATE TABLE b (y int);\nDROP TABLE zz;\n", OnError.FILE, {"a", "b"}, [(4, "42P01")]),
    ("BEGIN;\nCREATE TABLE a (x int);\nDROP TABLE zz;\nCREATE TABLE b (y int);\nCOMMIT;\nCREATE TABLE c (z int);\n",
     OnError.FILE, set(), [(3, "42P01")]),
    ("BEGIN;\nCREATE TABLE a (x int);\nDROP TABLE zz;\nCREATE TABLE b (y int);\nCOMMIT;\nCREATE TABLE c (z int);\n",
     OnError.STATEMENT, {"c"}, [(3, "42P01"), (4, "25P02")]),
    ("CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (y int);\n", OnError.FILE, {"a", "b"}, []),
    ("CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (y int);\n", OnError.STATEMENT, {"a"}, []),  # never committed
    ("BEGIN;\nCREATE TABLE a (x int);\nSAVEPOINT s1;\nCREATE TABLE b (y int);\nROLLBACK TO SAVEPOINT s1;\n"
     "CREATE TABLE c (z int);\nCOMMIT;\n", OnError.FILE, {"a", "c"}, []),
    ("BEGIN;\nCREATE TABLE a (x int);\nSAVEPOINT s1;\nDROP TABLE zz;\nROLLBACK TO s1;\nCREATE TABLE c (z int);\nCOMMIT;\n",
     OnError.STATEMENT, {"a", "c"}, [(4, "42P01")]),
    ("SAVEPOINT s1;\nCREATE TABLE a (x int);\n", OnError.STATEMENT, {"a"}, [(1, "25P01")]),
    ("CREATE TABLE a (x int);\nRELEASE SAVEPOINT nope;\n", OnError.FILE, set(), [(2, "3B001")]),
    ("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (x);\nCOMMIT;\n", OnError.STATEMENT, {"t"}, [(2, "25001")]),
])
def test_transaction_control_inside_a_file(replay_sql, sql, policy, tables, errors):
    files = {"001_a.sql": sql}
    if "CONCURRENTLY" in sql:
        files = {"000_t.sql": "CREATE TABLE t (x int);\n", **files}
    result = replay_sql(files, on_error=policy)
    assert {key.split(".")[1] for key in result.catalog.tables} == tables
    assert [(d.span.line, d.sqlstate) for d in result.diagnostics if d.severity is Severity.ERROR] == errors


def test_a_failure_after_a_commit_says_what_stays(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE a (x int);\nCOMMIT;\nCREATE TABLE b (y int);\nDROP TABLE zz;\n"})
    failure = result.failed_files["001_a.sql"]
    assert failure.message == 'table "zz" does not exist (001_a.sql stopped here; what it committed before stays)'
    assert [(e.span.line, e.status) for e in result.events] == [(1, "applied"), (2, "applied"), (3, "applied"), (4, "failed")]

