"""What a statement the model cannot represent creates is known by name: a later statement that uses it is
reported as "the model cannot tell", never as a failure the server would not have; and the statement leaves
nothing half done in the model."""

from __future__ import annotations


def test_a_table_the_model_could_not_represent_is_not_missing_later(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE tuned (id int PRIMARY KEY) WITH (fillfactor = 70);\n",
        "002_b.sql": "ALTER TABLE tuned ADD COLUMN note text;\nCREATE INDEX tuned_note ON tuned (note);\n"
                     "COMMENT ON TABLE tuned IS 'x';\n",
        "003_c.sql": "ALTER TABLE nowhere ADD COLUMN note text;\n",
    })
    assert {name: d.sqlstate for name, d in result.failed_files.items()} == {"003_c.sql": "42P01"}
    lines = [(d.span.file, d.span.line) for d in result.diagnostics if d.code == "not-modelled"]
    assert lines == [("001_a.sql", 1), ("002_b.sql", 1), ("002_b.sql", 2), ("002_b.sql", 3)]
    explained = [d.message for d in result.diagnostics if d.code == "not-modelled" and d.span.file == "002_b.sql"]
    assert all("relation tuned was made by a statement the model could not represent (001_a.sql:1)" in m
               for m in explained)
    assert result.catalog.knows_unmodelled("relation", "public.tuned")
    assert "public.tuned" not in result.catalog.tables


def test_a_statement_reported_half_way_leaves_nothing_behind(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE SCHEMA app;\nCREATE TABLE app.tally (n int);\nSET search_path = app;\n"
        "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM tally $$;\n"
        "CREATE TRIGGER nope AFTER INSERT ON tally EXECUTE FUNCTION total();\n")})
    assert result.failed_files == {}
    assert "app.total()" not in result.catalog.functions  # added before its body was checked, then undone
    assert result.catalog.knows_unmodelled("function", "total")
    reported = [d.span.line for d in result.diagnostics if d.code == "not-modelled"]
    assert reported == [4, 5]  # the trigger's function is known by name only: not "function does not exist"


def test_a_column_of_a_views_row_type_is_not_a_missing_type(replay_sql):
    # Found by the procedural differential tests: PostgreSQL accepts a view's name as a column type (its row type);
    # the model said 42704 'type "t1" does not exist' and failed a file the server applies.
    result = replay_sql({"001_a.sql": "CREATE TABLE t2 (id int);\nCREATE VIEW t1 AS SELECT * FROM t2;\n"
                                      "ALTER TABLE t2 ADD COLUMN a t1;\n"})
    assert result.failed_files == {}
    assert [d.span.line for d in result.diagnostics if d.code == "not-modelled"] == [3]


def test_a_tables_own_row_type_as_its_column_is_refused(replay_sql):
    # Found by the procedural differential tests (checked on PostgreSQL 15: heap.c CheckAttributeType).
    result = replay_sql({"001_a.sql": "CREATE TABLE t1 (id int);\nALTER TABLE t1 ADD COLUMN x t1;\n"})
    failed = result.failed_files["001_a.sql"]
    assert (failed.sqlstate, failed.span.line) == ("42P16", 2)
    assert "composite type t1 cannot be made a member of itself" in failed.message
