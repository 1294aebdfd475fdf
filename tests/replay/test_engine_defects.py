"""A defect in a handler never ends the run: the statement is undone, reported as not modelled, and replay goes on."""

from __future__ import annotations

import pytest

from consolidator.replay.engine import OnError, replay
from consolidator.replay.registry import STATEMENTS
from consolidator.source.discover import discover


def _broken_comment_handler(ctx, node):
    ctx.catalog.drop_column("public.a", "name", cascade=False)  # half-done work that must be undone
    raise KeyError("boom")


@pytest.fixture
def broken_comments(monkeypatch):
    monkeypatch.setitem(STATEMENTS._handlers, "CommentStmt", _broken_comment_handler)


@pytest.mark.parametrize("policy", [OnError.FILE, OnError.STATEMENT])
def test_handler_defect_is_undone_and_reported(tmp_path, broken_comments, policy):
    (tmp_path / "001_a.sql").write_text(
        "CREATE TABLE a (id int, name text);\nCOMMENT ON TABLE a IS 'x';\nCREATE TABLE b (id int);\n"
    )
    result = replay(discover(tmp_path), policy)
    assert [c.name for c in result.catalog.tables["public.a"].columns] == ["id", "name"]
    assert "public.b" in result.catalog.tables
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert str(diagnostic.span) == "001_a.sql:2"
    assert "internal error" in diagnostic.message and "KeyError" in diagnostic.message
    assert not result.failed_files


def test_deeply_nested_expression_is_reported_not_crashing(tmp_path):
    depth = 3000
    (tmp_path / "001_deep.sql").write_text(
        f"CREATE TABLE t (a int DEFAULT {'(' * depth}1{')' * depth});\nCREATE TABLE u (id int);\n"
    )
    result = replay(discover(tmp_path))
    assert "public.u" in result.catalog.tables
    assert all(d.span is not None for d in result.diagnostics)
