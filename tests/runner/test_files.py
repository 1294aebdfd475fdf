"""Migration files: sections keep the file's line numbers, pairs, requirements, and every problem named."""

from __future__ import annotations

import hashlib

import pytest

from consolidator.errors import InputError
from consolidator.runner.files import load_folder


def test_a_file_with_sections_keeps_its_line_numbers_and_its_checksum(workspace):
    text = ("-- requires: 001_a, 002_b\n-- migrate:up\nCREATE TABLE t (id int);\n\nALTER TABLE t ADD c int;\n"
            "-- migrate:down\nDROP TABLE t;\n-- migrate:verify\nSELECT 1 FROM t;\n")
    workspace.write("003_c.sql", text)
    (m,) = load_folder(workspace.migrations).migrations
    assert (m.version, m.number, m.requires) == ("003_c", 3, (("001_a", 1), ("002_b", 1)))
    assert m.checksum == hashlib.sha256(text.encode()).hexdigest()
    assert [s.span.line for s in m.up.statements()] == [3, 5]
    assert [s.span.line for s in m.down.statements()] == [7]
    assert [s.span.line for s in m.verify.statements()] == [9]
    assert m.rollback_sql == "DROP TABLE t;\n"
    assert not m.problems


def test_transaction_false_is_read_and_stored_with_the_down_section(workspace):
    workspace.write("001_i.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                                 "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n")
    (m,) = load_folder(workspace.migrations).migrations
    assert not m.up.transaction and not m.down.transaction
    assert m.rollback_sql == "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n"


def test_an_up_down_pair_is_one_migration(workspace):
    workspace.write("001_a.up.sql", "-- requires: 000_consolidated_baseline\nCREATE TABLE a (id int);\n"
                                    "-- migrate:verify\nSELECT true;\n")
    workspace.write("001_a.down.sql", "DROP TABLE a;\n")
    (m,) = load_folder(workspace.migrations).migrations
    assert m.version == "001_a" and m.path.endswith("001_a.up.sql")
    assert [s.text for s in m.up.statements()] == ["CREATE TABLE a (id int)"]
    assert [s.text for s in m.verify.statements()] == ["SELECT true"]
    assert m.down.path.endswith("001_a.down.sql") and m.rollback_sql == "DROP TABLE a;\n"
    up = (workspace.migrations / "001_a.up.sql").read_bytes()
    assert m.checksum == hashlib.sha256(up + b"\0" + b"DROP TABLE a;\n").hexdigest()


@pytest.mark.parametrize("name, text, problem", [
    ("001_a.sql", "CREATE TABLE a (id int);\n", "no '-- migrate:up' section"),
    ("001_a.sql", "-- migrate:up\n\n-- migrate:down\nDROP TABLE a;\n", "the up section is empty"),
    ("001_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:sideways\n", "unknown section '-- migrate:sideways'"),
    ("001_a.sql", "-- migrate:up transaction:maybe\nSELECT 1;\n", "unknown option 'transaction:maybe'"),
    ("001_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n", "a second '-- migrate:up' section"),
    ("001_a.sql", "SELECT 0;\n-- migrate:up\nSELECT 1;\n", "SQL before '-- migrate:up'"),
    ("001_a.sql", "-- migrate:up\nSELECT 1;\n-- requires: 000_x\n", "'-- requires:' must come before"),
    ("add_a.sql", "-- migrate:up\nSELECT 1;\n", "not a migration file name"),
    ("001_a.down.sql", "DROP TABLE a;\n", "down file without 001_a.up.sql"),
])
def test_what_is_wrong_with_a_file_is_a_problem_with_its_line(workspace, name, text, problem):
    workspace.write(name, text)
    problems = load_folder(workspace.migrations).all_problems()
    assert [p.message for p in problems if problem in p.message], problems
    with pytest.raises(InputError, match="migrations/"):
        load_folder(workspace.migrations).require_valid()


def test_invalid_utf8_and_the_baseline_in_the_migrations_folder_are_problems(workspace):
    (workspace.migrations / "001_a.sql").write_bytes(b"-- migrate:up\nSELECT '\xff';\n")
    workspace.build_baseline(workspace.legacy())
    (workspace.migrations / "000_consolidated_baseline.sql").write_text(
        (workspace.root / "output" / "000_consolidated_baseline.sql").read_text())
    messages = sorted(str(p) for p in load_folder(workspace.migrations).all_problems())
    assert any("000_consolidated_baseline.sql:1: this is the consolidated baseline" in m for m in messages)
    assert any("001_a.sql:2: not valid UTF-8 (byte 0xff)" in m for m in messages)


def test_a_missing_folder_is_an_error_that_says_how_to_start(tmp_path):
    with pytest.raises(InputError, match="consolidator new NAME"):
        load_folder(tmp_path / "nope")
