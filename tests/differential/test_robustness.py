"""Robustness: whatever a legacy folder holds, `build` reports it and never raises; the CLI never shows a traceback.

Inputs: random bytes, token soups (keywords, identifiers, quotes, dollar quotes, parentheses, semicolons, NUL,
invalid UTF-8, psql meta-commands), statements of the differential generator cut and spliced at random, odd file
names, and very long or deeply nested inputs. For every statement the replay ran, the outcome is applied,
not modelled, failed or rolled back, and every failure names its file and a line in it.
No server is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidator.build import build
from consolidator.errors import InputError, Severity
from consolidator.replay.engine import OnError

from tests.differential.strategies import histories

EXAMPLES = int(os.environ.get("CONSOLIDATOR_ROBUSTNESS_EXAMPLES", "300"))
CLI_EXAMPLES = max(5, EXAMPLES // 20)
STATUSES = {"applied", "not-modelled", "failed", "rolled-back"}

KEYWORDS = (
    "CREATE", "TABLE", "ALTER", "DROP", "INDEX", "UNIQUE", "ON", "IF", "NOT", "EXISTS", "DO", "BEGIN", "END", "COMMIT",
    "ROLLBACK", "SELECT", "INSERT", "INTO", "VALUES", "UPDATE", "DELETE", "FUNCTION", "RETURNS", "LANGUAGE", "plpgsql",
    "TYPE", "AS", "ENUM", "CONSTRAINT", "PRIMARY", "KEY", "REFERENCES", "FOREIGN", "CHECK", "DEFAULT", "COMMENT",
    "IS", "SEQUENCE", "SCHEMA", "EXTENSION", "CASCADE", "RENAME", "TO", "COLUMN", "ADD", "SET", "NULL", "TRIGGER",
    "VIEW", "USING", "WHERE", "int", "text", "serial", "jsonb", "varchar(10)", "numeric(5,2)", "text[]", "uuid",
    "IDENTITY", "GENERATED", "ALWAYS", "STORED", "OWNED", "BY", "VALUE", "BEFORE", "AFTER", "EXECUTE", "PERFORM",
    "RAISE", "EXCEPTION", "WHEN", "OTHERS", "THEN", "ELSE", "ELSIF", "LOOP", "DECLARE", "TRUNCATE", "GRANT", "TEMP",
)
IDENTIFIERS = ("t", "a", "b", "t1", "users", '"Q"', '"x""y"', '"a b"', "é", '"' + "n" * 70 + '"', "x" * 70, "pg_catalog",
               "public", "public.t", "information_schema.tables")
PUNCTUATION = ("(", ")", ",", ";", ";", ";", "'", "''", '"', "$$", "$f$", "$1", "::", ".", "=", "*", "[", "]",
               "--", "/*", "*/", "\n", " ", "E'\\''", "U&'\\0041'", "'{}'", "0", "-1", "1.5e10", "99999999999999999999")
META = ("\\i other.sql", "\\set x 1", "\\connect db", "\\q", "\\gexec", "\\\\", "\\")
RAW = (b"\x00", b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\r\n", b"\r", b"\t", b"\xef\xbb\xbf")


def _token():
    text = st.sampled_from(KEYWORDS + IDENTIFIERS + PUNCTUATION + META).map(lambda t: t.encode())
    return st.one_of(text, text, text, st.sampled_from(RAW), st.text(max_size=5).map(lambda t: t.encode()))


token_soup = st.lists(_token(), max_size=60).flatmap(
    lambda tokens: st.lists(st.sampled_from((b" ", b"", b"\n")), min_size=len(tokens), max_size=len(tokens)).map(
        lambda seps: b"".join(t + s for t, s in zip(tokens, seps))))


@st.composite
def spliced_statements(draw) -> bytes:
    """Real statements of the differential generator, cut and spliced at random places, with odd bytes in between."""
    text = "".join(draw(histories()).values()).encode()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(RAW + (b"'", b"$$", b"(", b";", b"/*", b'"'))) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 20)):]
    return text


contents = st.one_of(st.binary(max_size=300), token_soup, spliced_statements())

NAMES = ("001_a.sql", "002_b.sql", "002_c.sql", "10_x.sql", "9_y.sql", "V3__z.sql", "a b.sql", "é.sql", ".hidden.sql",
         "004_old.sql.skip", "notes.txt", "zz.SQL")
folders = st.dictionaries(st.sampled_from(NAMES), contents, min_size=1, max_size=4)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def check_build(folder: Path, on_error: OnError = OnError.FILE) -> None:
    """build() returns; every event's status is known; every failure names its file and a line in it."""
    result = build(folder, on_error=on_error)
    assert isinstance(result.sql, str)
    lines = {f.name: f.data.count(b"\n") + 1 for f in result.sources.migrations}
    for event in result.replay.events:
        assert event.status in STATUSES, event
        assert event.span.file in lines and 1 <= event.span.line <= lines[event.span.file], event
    for diagnostic in result.diagnostics:
        if diagnostic.severity is Severity.ERROR:
            if diagnostic.sqlstate is None:  # psql's own errors have none: only at a meta-command's line
                data = {f.name: f.data for f in result.sources.migrations}[diagnostic.span.file]
                line = data.split(b"\n")[diagnostic.span.line - 1] if diagnostic.span.line <= lines[diagnostic.span.file] else b""
                assert b"\\" in line or "\\endif" in diagnostic.message, diagnostic
            else:
                assert len(diagnostic.sqlstate) == 5, diagnostic
            assert diagnostic.span is not None and diagnostic.span.file in lines, diagnostic
            assert 1 <= diagnostic.span.line <= lines[diagnostic.span.file], diagnostic
    for name, failure in result.failed_files.items():
        assert failure.span.file == name


def check_cli(folder: Path, tmp: Path) -> None:
    """The CLI exits 0 with a baseline written, or 2 with one line on stderr; never a traceback."""
    output = tmp / "baseline.sql"
    output.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "consolidator.cli", "build", str(folder), "-o", str(output)],
        capture_output=True, text=True, errors="replace", timeout=120, cwd=tmp,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode in (0, 2), (done.returncode, done.stderr)
    if done.returncode == 0:
        assert output.is_file()
    else:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


_SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=False,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


@settings(max_examples=EXAMPLES, **_SETTINGS)
@given(files=folders, on_error=st.sampled_from([OnError.FILE, OnError.STATEMENT]))
def test_build_never_raises(tmp_path_factory, files, on_error):
    folder = tmp_path_factory.mktemp("legacy")
    _write(folder, files)
    check_build(folder, on_error)


@settings(max_examples=CLI_EXAMPLES, **_SETTINGS)
@given(files=folders)
def test_cli_never_prints_a_traceback(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("legacy")
    _write(folder, files)
    check_cli(folder, folder.parent)


def _deep_and_long() -> dict[str, bytes]:
    return {
        "parentheses": b"SELECT " + b"(" * 5000 + b"1" + b")" * 5000 + b";",
        "unclosed-parentheses": b"CREATE TABLE t (a int CHECK " + b"(" * 20000 + b";",
        "deep-check": b"CREATE TABLE t (a int CHECK (" + b"(a > 0) AND " * 3000 + b"true));",
        "deep-default": b"CREATE TABLE t (a int DEFAULT " + b"(1 + " * 1500 + b"1" + b")" * 1500 + b");",
        "deep-do": b"DO $$ BEGIN " + b"IF true THEN " * 300 + b"NULL; " + b"END IF; " * 300 + b"END $$;",
        "long-identifier": b"CREATE TABLE " + b"t" * 100000 + b" (a int);",
        "long-quoted-identifier": b'CREATE TABLE "' + b"q" * 100000 + b'" (a int);',
        "long-string": b"CREATE TABLE t (a text DEFAULT '" + b"x" * 1000000 + b"');",
        "many-statements": b"CREATE TABLE t (a int);\n" + b"ALTER TABLE t ADD COLUMN IF NOT EXISTS a int;\n" * 3000,
        "many-columns": b"CREATE TABLE t (" + b", ".join(b"c%d int" % i for i in range(1700)) + b");",
        "many-semicolons": b";" * 100000,
        "unterminated-quote": b"CREATE TABLE t (a text DEFAULT 'x" + b"\n" * 10000,
        "unterminated-dollar": b"DO $$ BEGIN " + b"x" * 100000,
        "unterminated-comment": b"/* " * 10000,
        "nul-everywhere": b"\x00".join([b"CREATE TABLE t (a int);"] * 200),
        "invalid-utf8-everywhere": b"\xff".join([b"CREATE TABLE t (a int);"] * 200),
    }


@pytest.mark.parametrize("name", sorted(_deep_and_long()))
def test_build_survives_long_and_deep_input(tmp_path, name):
    _write(tmp_path / "legacy", {"001_input.sql": _deep_and_long()[name]})
    check_build(tmp_path / "legacy")


def test_cli_survives_long_and_deep_input(tmp_path):
    for name, data in sorted(_deep_and_long().items()):
        folder = tmp_path / name
        _write(folder, {"001_input.sql": data})
        check_cli(folder, tmp_path)


@pytest.mark.parametrize("name", [b"001_\xff.sql", b"\xc3.txt"])
def test_a_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path, name):
    # It would reach the baseline's header (UTF-8): the tool says so instead of failing to write it.
    folder = tmp_path / "legacy"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), name), "wb") as f:
        f.write(b"CREATE TABLE t (a int);")
    with pytest.raises(InputError, match="not valid UTF-8"):
        build(folder)
    check_cli(folder, tmp_path)
