"""COMMENT ON TABLE / COLUMN / INDEX / SEQUENCE / TYPE / CONSTRAINT / EXTENSION / SCHEMA.

Every expected SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan

_SETUP = (
    "CREATE SCHEMA app;\nCREATE EXTENSION pgcrypto;\nCREATE TYPE mood AS ENUM ('a');\nCREATE SEQUENCE s;\n"
    "CREATE TABLE t (id int PRIMARY KEY, a int CONSTRAINT a_pos CHECK (a > 0));\nCREATE INDEX t_a ON t (a);\n"
)


def test_comments_land_on_their_objects_with_provenance(replay_sql):
    result = replay_sql({"001_setup.sql": _SETUP, "002_comments.sql": (
        "COMMENT ON TABLE t IS 'the t';\n"
        "COMMENT ON COLUMN t.a IS 'an a';\n"
        "COMMENT ON INDEX t_a IS 'by a';\n"
        "COMMENT ON SEQUENCE s IS 'counts';\n"
        "COMMENT ON TYPE mood IS 'feelings';\n"
        "COMMENT ON CONSTRAINT a_pos ON t IS 'positive';\n"
        "COMMENT ON EXTENSION pgcrypto IS 'crypto';\n"
        "COMMENT ON SCHEMA app IS 'the app';\n"
    )})
    c = result.catalog
    t = c.tables["public.t"]
    assert [t.comment, t.column("a").comment, c.indexes["public.t_a"].comment, c.sequences["public.s"].comment,
            c.types["public.mood"].comment, t.constraint("a_pos").comment, c.extensions["pgcrypto"].comment,
            c.schemas["app"].comment] == ["the t", "an a", "by a", "counts", "feelings", "positive", "crypto", "the app"]
    assert t.provenance.changed == SourceSpan(file="002_comments.sql", line=1, column=1)
    assert t.column("a").provenance.changed == SourceSpan(file="002_comments.sql", line=2, column=1)
    assert [e.description for e in result.events if e.span.file == "002_comments.sql"][:2] == [
        "set comment on table", "set comment on column"]


def test_comment_is_null_removes_it(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCOMMENT ON COLUMN t.a IS 'x';\nCOMMENT ON COLUMN t.a IS NULL;\n"})
    assert result.catalog.tables["public.t"].column("a").comment is None
    assert result.events[-1].description == "removed comment on column"


def test_a_comment_follows_renames(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCOMMENT ON TABLE t IS 'x';\nALTER TABLE t RENAME TO u;\n"
                                      "COMMENT ON COLUMN u.a IS 'y';\nALTER TABLE u RENAME COLUMN a TO b;\n"})
    u = result.catalog.tables["public.u"]
    assert (u.comment, u.column("b").comment) == ("x", "y")


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("COMMENT ON TABLE zz IS 'x'", "42P01"),
    ("COMMENT ON TABLE t_a IS 'x'", "42809"),  # an index
    ("COMMENT ON TABLE s IS 'x'", "42809"),  # a sequence
    ("COMMENT ON SEQUENCE t IS 'x'", "42809"),
    ("COMMENT ON INDEX t IS 'x'", "42809"),
    ("COMMENT ON INDEX zz IS 'x'", "42P01"),
    ("COMMENT ON COLUMN t.zz IS 'x'", "42703"),
    ("COMMENT ON COLUMN zz.a IS 'x'", "42P01"),
    ("COMMENT ON CONSTRAINT zz ON t IS 'x'", "42704"),
    ("COMMENT ON TYPE zz IS 'x'", "42704"),
    ("COMMENT ON EXTENSION zz IS 'x'", "42704"),
    ("COMMENT ON SCHEMA zz IS 'x'", "3F000"),
])
def test_comment_on_a_missing_object_fails(replay_sql, statement, sqlstate):
    result = replay_sql({"001_setup.sql": _SETUP, "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate


def test_comments_not_modelled_are_reported(replay_sql):
    # The server accepts these; the model has no place for them yet: reported with their line, never dropped.
    result = replay_sql({"001_setup.sql": _SETUP, "002_b.sql": "COMMENT ON INDEX t_pkey IS 'pk';\n\nCOMMENT ON SCHEMA public IS 'std';\n"})
    assert result.failed_files == {}
    assert [(d.span.file, d.span.line) for d in result.diagnostics if d.code == "not-modelled"] == [
        ("002_b.sql", 1), ("002_b.sql", 3)]
