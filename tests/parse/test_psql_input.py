"""psql's own input handling in the parse: \\i / \\ir, \\set variables, \\if, \\g, \\r, \\q (each case checked with
psql 15 -X -f; tests/parse/test_psql_against_psql.py runs the same kind of files through psql itself)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consolidator.build import build
from consolidator.parse.includes import FolderIncludes
from consolidator.parse.postgres import PsqlCommand, PsqlNote, PsqlUnmodelled, parse_file
from consolidator.parse.psql_reach import reach


def parse(folder: Path, name: str):
    return parse_file(name, (folder / name).read_bytes(), include=FolderIncludes(str(folder)))


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def sql(statements) -> list[tuple[str, str]]:
    """(file:line, text) of the statements sent to the server."""
    return [(str(s.span), s.text) for s in statements if not s.kind.startswith("Psql") and s.error is None]


def test_i_is_relative_to_the_folder_and_ir_to_the_including_file(tmp_path):
    write(tmp_path, {
        "001.sql": "\\set x 1\n\\i sub/b0.sql\nSELECT :x AS after;\n",
        "sub/b0.sql": "\\set x 41\n\\ir b.sql\nSELECT :x AS ax;\n",
        "sub/b.sql": "SELECT 1 AS b;\n\\set x 42\n",
    })
    statements = parse(tmp_path, "001.sql")
    assert sql(statements) == [
        ("sub/b.sql:1 (included from sub/b0.sql:2, from 001.sql:2)", "SELECT 1 AS b"),
        ("sub/b0.sql:3 (included from 001.sql:2)", "SELECT 42 AS ax"),  # variables are psql's, shared by all files
        ("001.sql:3", "SELECT 42 AS after"),
    ]
    assert [s.node for s in statements if isinstance(s.node, PsqlNote)] == [
        PsqlNote("\\i sub/b0.sql: runs sub/b0.sql here"), PsqlNote("\\ir b.sql: runs sub/b.sql here")]


def test_an_included_file_runs_where_its_include_is_inside_a_statement(tmp_path):
    # psql sends a statement at its ';': the included file (with its own query buffer) runs first.
    write(tmp_path, {"001.sql": "CREATE TABLE a (\n\\i b.psql\n x int);\n", "b.psql": "CREATE TABLE b (y int);\n"})
    assert sql(parse(tmp_path, "001.sql")) == [("b.psql:1 (included from 001.sql:2)", "CREATE TABLE b (y int)"),
                                                 ("001.sql:1", "CREATE TABLE a (\n\n x int)")]


@pytest.mark.parametrize(("files", "message"), [
    ({"001.sql": "SELECT 1;\n\\i missing.sql\n"}, "missing.sql: No such file or directory"),
    ({"001.sql": "SELECT 1;\n\\i sub\n", "sub/x.sql": ""}, "sub: could not read from input file: Is a directory"),
    ({"001.sql": "SELECT 1;\n\\i\n"}, "\\i: missing required argument"),
    ({"001.sql": "SELECT 1;\n\\i ../outside.sql\n"}, "../outside.sql: outside the legacy folder"),
    ({"001.sql": "SELECT 1;\n\\ir ../../etc/passwd\n"}, "../../etc/passwd: outside the legacy folder"),
    ({"001.sql": "SELECT 1;\n\\i ~/.psqlrc\n"}, "~/.psqlrc: outside the legacy folder"),
    ({"001.sql": "SELECT 1;\n\\i 001.sql\n"}, "001.sql: include loop (001.sql -> 001.sql -> 001.sql)"),
    ({"001.sql": "SELECT 1;\n\\i a.psql\n", "a.psql": "\\ir b.psql\n", "b.psql": "\\i a.psql\n"},
     "a.psql: include loop (a.psql -> b.psql -> a.psql -> b.psql -> a.psql)"),
])
def test_include_failures_are_errors_at_the_including_line(tmp_path, files, message):
    write(tmp_path, files)
    errors = [s for s in parse(tmp_path, "001.sql") if s.error is not None]
    assert len(errors) == 1
    assert errors[0].error.message.startswith(message)
    assert errors[0].error.sqlstate is None  # psql's own error, no SQLSTATE
    assert errors[0].span.line == 2 or errors[0].span.included_from is not None


def test_a_fifo_is_never_opened_as_an_include(tmp_path):
    os.mkfifo(tmp_path / "pipe.sql")  # opening it would block: the test would hang
    write(tmp_path, {"001.sql": "\\i pipe.sql\n"})
    [error] = parse(tmp_path, "001.sql")
    assert "not a regular file" in error.error.message


def test_a_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "outside.sql"
    outside.write_text("CREATE TABLE secret (x int);\n")
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "link.psql").symlink_to(outside)
    write(folder, {"001.sql": "\\i link.psql\n"})
    [error] = parse(folder, "001.sql")
    assert "outside the legacy folder" in error.error.message


def test_without_a_loader_includes_are_left_to_the_replay(tmp_path):
    [stmt] = parse_file("001.sql", b"\\ir x.sql\n")
    assert stmt.node == PsqlCommand(name="ir", args="x.sql")


def test_variables_are_substituted_where_psql_substitutes_them():
    content = (b"\\set n 7\n\\set s 'it''s'\n\\set b 'a\\\\b'\n\\set id 'My \"T\"'\n\\set e\n\\set cat 'con' cat 'x'\n"
               b"SELECT :n, :'s', :'b', :\"id\", :'e', :'cat', :{?n}, :{?nope};\n"
               b"SELECT ':n', \":n\", $$:n$$, E':n', $q$ :n $q$; -- :n\n"
               b"SELECT /* :n */ 1::int, :undefined_zz, :'undefined_zz', x[1:2];\n")
    texts = [s.text for s in parse_file("f.sql", content) if not s.kind.startswith("Psql")]
    assert texts == [
        "SELECT 7, 'it''s',  E'a\\\\b', \"My \"\"T\"\"\", '', 'concatx', TRUE, FALSE",  # psql puts a space before E''
        "SELECT ':n', \":n\", $$:n$$, E':n', $q$ :n $q$",
        "SELECT /* :n */ 1::int, :undefined_zz, :'undefined_zz', x[1:2]",  # undefined: left as written
    ]


def test_a_plain_variable_is_read_again_as_input():
    content = (b"\\set semi 'SELECT 5; SELECT 6'\n:semi;\n\\set cmt '--'\nSELECT 7 :cmt ignored\n;\n"
               b"\\set q 'SELECT '''\n:q abc';\n\\set self ':self'\nSELECT :self;\n")
    statements = parse_file("f.sql", content)
    assert [(s.span.line, s.text) for s in statements if s.kind == "SelectStmt"] == [
        (2, "SELECT 5"), (2, "SELECT 6"), (4, "SELECT 7 -- ignored"), (7, "SELECT ' abc'")]
    [self_ref] = [s for s in statements if s.error is not None]
    assert self_ref.text == "SELECT :self"  # a value naming itself is not expanded again (psql warns)


def test_values_the_replay_cannot_know_make_their_statements_not_modelled():
    content = (b"\\set when `date`\nSELECT :'when';\nCREATE TABLE t (x int);\nGRANT ALL ON t TO :\"USER\";\n"
               b"SELECT 1 AS one \\gset\nSELECT :one;\n")
    statements = parse_file("f.sql", content)
    unmodelled = [(s.span.line, s.node.reason) for s in statements if isinstance(s.node, PsqlUnmodelled)]
    assert [line for line, _ in unmodelled] == [1, 2, 4, 6]
    assert "runs the shell command `date`" in unmodelled[0][1]
    assert "USER is set by psql itself" in unmodelled[2][1]
    assert "\\gset" in unmodelled[3][1]
    assert [s.kind for s in statements if s.span.line == 3] == ["CreateStmt"]


def test_if_branches_run_or_are_skipped_as_psql_takes_them():
    content = (b"\\if false\nCREATE TABLE no1 (x int);\n\\elif yes\nCREATE TABLE yes1 (x int);\n\\else\n"
               b"CREATE TABLE no2 (x int);\n\\endif\n\\set flag on\n\\if :flag\nCREATE TABLE yes2 (\n\\else\n"
               b"garbage\n\\endif\nx int);\n\\if :DBNAME\nCREATE TABLE maybe (x int);\n\\endif\n\\endif\n")
    statements = parse_file("f.sql", content)
    assert [" ".join(s.text.split()) for s in statements if s.kind == "CreateStmt"] == [
        "CREATE TABLE yes1 (x int)", "CREATE TABLE yes2 ( x int)"]  # the skipped branch's text is dropped
    assert [s.span.line for s in statements if s.kind == "PsqlUnmodelled"] == [15, 16]  # condition unknown
    assert [s.error.message for s in statements if s.error] == ["\\endif: no matching \\if"]


def test_an_unclosed_if_fails_at_the_end_of_its_file():
    statements = parse_file("f.sql", b"CREATE TABLE a (x int);\n\\if true\nCREATE TABLE b (x int);\n")
    assert [(s.span.line, s.error.message) for s in statements if s.error] == [
        (3, "reached EOF without finding closing \\endif(s)")]


def test_g_sends_the_buffer_or_the_previous_query_r_drops_it_q_ends_the_run():
    content = (b"CREATE TABLE a (x int)\n\\g\n\\g\nCREATE TABLE b (\n\\r\nCREATE TABLE c (x int);\n\\q\n"
               b"CREATE TABLE d (x int);\n")
    statements = parse_file("f.sql", content)
    assert [(s.span.line, s.text) for s in statements if s.kind == "CreateStmt"] == [
        (1, "CREATE TABLE a (x int)"), (3, "CREATE TABLE a (x int)"), (6, "CREATE TABLE c (x int)")]
    assert isinstance(statements[-1].node, PsqlNote) and statements[-1].span.line == 7


def test_an_unterminated_quote_is_one_short_line_at_the_line_where_it_opens():
    body = "\n".join(f"  PERFORM {i};" for i in range(3000))
    content = f"CREATE TABLE a (x int);\nDO $body$ BEGIN\n{body}\nEND;\n".encode()
    for data in (content, b"\\set x 1\n" + content):  # parsed whole, and through psql's lexer
        bad = [s for s in parse_file("f.sql", data) if s.error][0]
        assert bad.error.message == 'unterminated dollar-quoted string at or near "$body$ BEGIN\u2026"'
        assert bad.span.line == content.count(b"\n", 0, content.index(b"$body$")) + 1 + data.startswith(b"\\set")


def test_the_fingerprint_covers_the_included_files(tmp_path):
    folder = write(tmp_path / "legacy", {"001.sql": "\\i common.psql\n", "common.psql": "CREATE TABLE a (x int);\n"})
    first = build(folder)
    assert "CREATE TABLE a" in first.sql
    assert "common.psql:1" in first.sql  # provenance names the included file
    (folder / "common.psql").write_text("CREATE TABLE a (x int, y int);\n")
    second = build(folder)
    assert first.sources.fingerprint() == second.sources.fingerprint()  # the migrations did not change
    fingerprint = [line for line in second.sql.splitlines() if "fingerprint" in line]
    assert fingerprint != [line for line in first.sql.splitlines() if "fingerprint" in line]


@pytest.mark.parametrize(("command", "why"), [
    ("\\! rm -rf /", "shell"), ("\\o /tmp/x", "file"), ("\\g |cat", "file or a program"), ("\\w out.sql", "file"),
    ("\\copy t TO '/tmp/x'", "file"), ("\\copy t FROM PROGRAM 'ls'", "program"), ("\\c prod", "another database"),
    ("\\echo `id`", "shell"), ("\\set x `id`", "shell"), ("\\lo_import /etc/passwd", "file"),
])
def test_meta_commands_that_reach_the_machine(command, why):
    assert why in reach(command)


@pytest.mark.parametrize("command", ["\\echo hi", "\\set x 1", "\\o", "\\g", "\\copy t FROM stdin", "\\i x.sql", "\\gx (format=csv)"])
def test_meta_commands_that_stay_in_psql(command):
    assert reach(command) is None


def test_an_include_loop_replays_its_second_pass_as_psql_does(tmp_path):
    # psql 15: "psql:001.sql:1: ERROR:  relation "a" already exists" on the second pass, then ON_ERROR_STOP.
    write(tmp_path, {"001.sql": "CREATE TABLE a (x int);\n\\i 001.sql\n"})
    statements = parse(tmp_path, "001.sql")
    assert [str(s.span) for s in statements if s.kind == "CreateStmt"] == ["001.sql:1",
                                                                            "001.sql:1 (included from 001.sql:2)"]
