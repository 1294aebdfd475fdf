"""Splitting a legacy file into statements as psql sends them to the server (checked with psql 15 -1 -f)."""

from __future__ import annotations

import pytest

from consolidator.parse.postgres import PsqlCommand, parse_file


def _where(statements) -> list[tuple[int, int, str]]:
    return [(s.span.line, s.span.column, s.kind) for s in statements]


def test_statements_with_their_line_column_and_text():
    sql = (
        "-- a header comment\n"
        "/* a block /* nested */ comment */\n"
        "CREATE TABLE a (x int);  CREATE TABLE b (\n"
        "  y text DEFAULT 'a;b'  -- not the end;\n"
        ");\n"
        "\n"
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
        "SELECT 'é'; SELECT 2\n"
    )
    statements = parse_file("001_a.sql", sql.encode())
    assert _where(statements) == [(3, 1, "CreateStmt"), (3, 26, "CreateStmt"), (7, 1, "CreateFunctionStmt"),
                                  (8, 1, "SelectStmt"), (8, 13, "SelectStmt")]
    assert statements[0].text == "CREATE TABLE a (x int)"
    assert statements[1].text == "CREATE TABLE b (\n  y text DEFAULT 'a;b'  -- not the end;\n)"
    assert statements[4].text == "SELECT 2"  # the last one needs no ';'
    assert all(s.error is None and s.span.file == "001_a.sql" for s in statements)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"-- only a comment\n", b"/* only */\n;\n;;\n"])
def test_files_without_statements(content):
    assert parse_file("f.sql", content) == []


def test_invalid_utf8_fails_the_statement_that_holds_it():
    statements = parse_file("f.sql", b"CREATE TABLE a (x int);\n\nCREATE TABLE b (y text DEFAULT 'caf\xe9');\nCREATE TABLE c (z int);\n")
    assert _where(statements) == [(1, 1, "CreateStmt"), (3, 36, "Invalid"), (4, 1, "CreateStmt")]
    bad = statements[1]
    assert (bad.error.sqlstate, bad.error.message) == ("22021", 'invalid byte sequence for encoding "UTF8": 0xe9')
    assert [s.text for s in statements] == ["CREATE TABLE a (x int)", "CREATE TABLE b (y text DEFAULT 'caf\ufffd')",
                                            "CREATE TABLE c (z int)"]


def test_a_syntax_error_is_reported_at_its_token():
    statements = parse_file("f.sql", b"CREATE TABLE a (x int);\ncreate tabel b (y int);\nCREATE TABLE c (z int);\n")
    assert _where(statements) == [(1, 1, "CreateStmt"), (2, 8, "Invalid"), (3, 1, "CreateStmt")]
    assert (statements[1].error.sqlstate, statements[1].error.message) == ("42601", 'syntax error at or near "tabel"')
    assert statements[1].text == "create tabel b (y int)"


@pytest.mark.parametrize(("content", "message"), [
    (b"CREATE TABLE a (x int);\nCREATE TABLE b (y text DEFAULT 'abc);\nCREATE TABLE c (z int);\n", "unterminated quoted string"),
    (b"CREATE TABLE a (x int);\n/* never closed\nCREATE TABLE b (y int);\n", "unterminated /* comment"),
    (b"CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\nCREATE TABLE b (y int);\n",
     "unterminated dollar-quoted string"),
])
def test_an_unterminated_quote_or_comment_swallows_the_rest_of_the_file(content, message):
    # psql sends everything from the statement to the end of the file at once: one syntax error (42601).
    statements = parse_file("f.sql", content)
    assert [s.kind for s in statements] == ["CreateStmt", "Invalid"]
    assert statements[1].span.line == 2
    assert statements[1].error.sqlstate == "42601" and statements[1].error.message.startswith(message)


def test_a_utf8_byte_order_mark_is_skipped_as_psql_does():
    statements = parse_file("f.sql", b"\xef\xbb\xbfCREATE TABLE a (x int);\nCREATE TABLE b (y int);\n")
    assert [(s.kind, s.error) for s in statements] == [("CreateStmt", None), ("CreateStmt", None)]


def test_a_nul_byte_ends_the_line_and_joins_the_next_keeping_file_lines():
    content = b"CREATE TABLE a (x int);\nCREATE TABLE b (y int, \x00 junk junk\n z int);\nCREATE TABLE c (w int); -- \x00\xff\nCREATE TABLE d (v int);\nCREATE TABLE e (u int);\n"
    statements = parse_file("f.sql", content)
    # d joins the comment after c (the newline went with the NUL) and is never run; the \xff went too.
    assert [s.text for s in statements] == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int,  z int)",
                                            "CREATE TABLE c (w int)", "CREATE TABLE e (u int)"]
    assert [s.span.line for s in statements] == [1, 2, 4, 6]  # lines of the file, not of what psql read


def test_a_nul_byte_cuts_only_the_1023_byte_piece_psql_reads_at_once():
    content = b"SELECT 1" + b"\x00" + b"-" * 1014 + b"; CREATE TABLE zz (a int);\n"
    assert [s.kind for s in parse_file("f.sql", content)] == ["SelectStmt", "CreateStmt"]


def test_psql_meta_commands_are_statements_of_their_own():
    content = (b"\\set ON_ERROR_STOP on\n"
               b"CREATE TABLE a (x int);\n"
               b"\\i other.sql\n"
               b"SELECT $$ \\ not a command $$, E'\\n';\n"
               b"\\echo done\n")
    statements = parse_file("f.sql", content)
    assert _where(statements) == [(1, 1, "PsqlCommand"), (2, 1, "CreateStmt"), (3, 1, "PsqlCommand"),
                                  (4, 1, "SelectStmt"), (5, 1, "PsqlCommand")]
    assert statements[0].node == PsqlCommand(name="set", args="ON_ERROR_STOP on")
    assert statements[2].node == PsqlCommand(name="i", args="other.sql")
    assert all(s.error is None for s in statements)
