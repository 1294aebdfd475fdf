"""CREATE INDEX, DROP INDEX, ALTER INDEX ... RENAME.

Every expected name, SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan


def _index_names(result) -> list[str]:
    return [key.split(".", 1)[1] for key in result.catalog.indexes]


def test_create_index_with_everything(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE t (a int, b text, d jsonb);\n"
        "\n"
        "CREATE UNIQUE INDEX IF NOT EXISTS t_b_lower ON t USING btree (lower(b) text_pattern_ops DESC NULLS FIRST, a)\n"
        "  INCLUDE (d) WHERE a > 0 AND b IS NOT NULL;\n"
        "CREATE INDEX t_d_gin ON t USING gin (d jsonb_path_ops);\n"
        'CREATE INDEX t_b_c ON t (b COLLATE "C");\n'
    )})
    c = result.catalog
    index = c.indexes["public.t_b_lower"]
    assert (index.table, index.unique, index.method) == ("public.t", True, "btree")
    first, second = index.elements
    assert (first.expr.render(), first.opclass, first.descending, first.nulls) == ("lower(b)", "text_pattern_ops", True, "first")
    assert (second.expr.is_single_column(), second.expr.columns, second.descending) == (True, ["a"], False)
    assert index.include == ["d"]
    assert index.where.render() == "a > 0 AND b IS NOT NULL"
    assert index.provenance.created == SourceSpan(file="001_a.sql", line=3, column=1)
    gin = c.indexes["public.t_d_gin"]
    assert (gin.method, gin.elements[0].opclass) == ("gin", "jsonb_path_ops")
    assert c.indexes["public.t_b_c"].elements[0].collation == "C"
    assert [e.description for e in result.events][1:] == [
        "created unique index t_b_lower on t", "created index t_d_gin on t", "created index t_b_c on t"]


def test_generated_index_names(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE t (a int, b text, d jsonb, \"Mixed\" int);\n"
        "CREATE INDEX ON t (a);\n"
        "CREATE INDEX ON t (a);\n"
        "CREATE INDEX ON t (a, b);\n"
        "CREATE INDEX ON t (a, b, a);\n"
        "CREATE INDEX ON t (lower(b));\n"
        "CREATE INDEX ON t (lower(b), upper(b));\n"
        "CREATE INDEX ON t ((a + 1));\n"
        "CREATE INDEX ON t ((d ->> 'x'));\n"
        "CREATE INDEX ON t ((b::varchar));\n"
        "CREATE INDEX ON t (((a + 1)::text));\n"
        "CREATE INDEX ON t ((1::int));\n"
        "CREATE INDEX ON t (coalesce(a, 0));\n"
        "CREATE INDEX ON t (greatest(a, 1));\n"
        "CREATE INDEX ON t ((nullif(a, 1)));\n"
        "CREATE INDEX ON t ((array[a]));\n"
        "CREATE INDEX ON t ((CASE WHEN a > 0 THEN 1 END));\n"
        "CREATE INDEX ON t ((CASE WHEN a > 0 THEN b ELSE lower(b) END));\n"
        "CREATE INDEX ON t ((d['x']));\n"
        "CREATE INDEX ON t ((b COLLATE \"C\"));\n"
        "CREATE INDEX ON t (a) INCLUDE (b);\n"
        "CREATE INDEX ON t (\"Mixed\");\n"
    )})
    assert result.failed_files == {}
    assert _index_names(result) == [
        "t_a_idx", "t_a_idx1", "t_a_b_idx", "t_a_b_a1_idx", "t_lower_idx", "t_lower_upper_idx", "t_expr_idx",
        "t_expr_idx1", "t_b_idx", "t_text_idx", "t_int4_idx", "t_coalesce_idx", "t_greatest_idx", "t_nullif_idx",
        "t_array_idx", "t_case_idx", "t_lower_idx1", "t_d_idx", "t_b_idx1", "t_a_b_idx1", "t_Mixed_idx",
    ]


def test_generated_index_names_avoid_relations_but_not_check_constraints(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE x (a int, CONSTRAINT t_a_idx CHECK (a > 0));\nCREATE TABLE t_b_idx (x int);\n"
                                      "CREATE TABLE t (a int, b int);\nCREATE INDEX ON t (a);\nCREATE INDEX ON t (b);\n"})
    assert _index_names(result) == ["t_a_idx", "t_b_idx1"]


def test_generated_index_name_of_a_long_table_is_cut_to_63_bytes(replay_sql):
    table = "t" * 60
    result = replay_sql({"001_a.sql": f"CREATE TABLE {table} (col int);\nCREATE INDEX ON {table} (col);\nCREATE INDEX ON {table} (col);\n"})
    assert _index_names(result) == ["t" * 55 + "_col_idx", "t" * 54 + "_col_idx1"]


def test_index_name_already_taken_fails_42P07_unless_if_not_exists(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int, b int);\nCREATE INDEX i ON t (a);\n",
        "002_b.sql": "CREATE INDEX i ON t (b);\n",
        "003_c.sql": "CREATE INDEX IF NOT EXISTS i ON t (b);\nCREATE INDEX IF NOT EXISTS t ON t (b);\n",
        "004_d.sql": "CREATE INDEX t ON t (b);\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "42P07"
    assert "003_c.sql" not in result.failed_files
    assert result.failed_files["004_d.sql"].sqlstate == "42P07"  # a table is a relation too
    assert result.catalog.indexes["public.i"].elements[0].expr.columns == ["a"]


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("CREATE INDEX ON zz (a)", "42P01"),
    ("CREATE INDEX ON t (zz)", "42703"),
    ("CREATE INDEX ON t (lower(zz))", "42703"),
    ("CREATE INDEX ON t (a) WHERE zz > 0", "42703"),
    ("CREATE INDEX ON t (a) INCLUDE (zz)", "42703"),
    ("CREATE INDEX ON t ((now()))", "42P17"),
    ("CREATE INDEX ON t ((random()))", "42P17"),
    ("CREATE INDEX ON t (current_date)", "42P17"),
    ("CREATE INDEX ON t (a) WHERE c > now()", "42P17"),
    ("CREATE INDEX ON t (date(c))", "42P17"),  # date(timestamptz) depends on the TimeZone
    ("CREATE INDEX ON t (date_trunc('day', c))", "42P17"),
    ("CREATE INDEX ON t ((c::date))", "42P17"),
    ("CREATE INDEX ON t ((extract(epoch FROM c)))", "42P17"),
    ("CREATE INDEX ON t (to_char(d, 'YYYY'))", "42P17"),
    ("CREATE INDEX ON t (age(d))", "42P17"),
    ("BEGIN; CREATE INDEX CONCURRENTLY ON t (a); COMMIT", "25001"),  # inside a transaction block
])
def test_create_index_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int, b text, c timestamptz, d timestamp);\n",
                         "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
    assert result.catalog.indexes == {}


@pytest.mark.parametrize("expression", [
    "date(d)", "date_trunc('day', d)", "(d::date)", "(extract(year FROM d))", "age(d, d)", "md5(b)",
    "(c AT TIME ZONE 'UTC')", "upper(b)",
])
def test_immutable_index_expressions_are_accepted(replay_sql, expression):
    result = replay_sql({"001_a.sql": f"CREATE TABLE t (a int, b text, c timestamptz, d timestamp);\nCREATE INDEX ON t ({expression});\n"})
    assert result.failed_files == {}


def test_create_index_concurrently_outside_a_transaction(replay_sql):
    from consolidator.replay.engine import OnError

    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n"
                                      "DROP INDEX CONCURRENTLY t_a;\nCREATE INDEX CONCURRENTLY ON t (a);\n"},
                        on_error=OnError.STATEMENT)
    assert result.failed_files == {}
    assert _index_names(result) == ["t_a_idx"]


def test_drop_index(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int PRIMARY KEY, b int);\nCREATE INDEX i ON t (b);\nCREATE INDEX j ON t (b);\n",
        "002_b.sql": "DROP INDEX i;\n",
        "003_c.sql": "DROP INDEX i;\n",
        "004_d.sql": "DROP INDEX IF EXISTS i, j;\n",
        "005_e.sql": "DROP INDEX t_pkey;\n",
        "006_f.sql": "DROP INDEX IF EXISTS t_pkey;\n",
        "007_g.sql": "DROP INDEX t;\n",
        "008_h.sql": "BEGIN;\nDROP INDEX CONCURRENTLY IF EXISTS zz;\nCOMMIT;\n",
        "009_i.sql": "DROP INDEX CONCURRENTLY IF EXISTS zz;\n",  # outside a transaction: a notice
    })
    assert result.catalog.indexes == {}
    assert result.failed_files["003_c.sql"].sqlstate == "42704"
    assert "004_d.sql" not in result.failed_files
    assert result.failed_files["005_e.sql"].sqlstate == "2BP01"  # the primary key needs its index
    assert result.failed_files["006_f.sql"].sqlstate == "2BP01"
    assert result.failed_files["007_g.sql"].sqlstate == "42809"
    assert result.failed_files["008_h.sql"].sqlstate == "25001"
    assert "009_i.sql" not in result.failed_files
    assert result.catalog.tables["public.t"].constraint("t_pkey") is not None
    assert [e.description for e in result.events if e.span.file == "004_d.sql"] == [
        "index i does not exist, skipped (IF EXISTS); dropped index j"]


def test_rename_index_keeps_table_and_provenance(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\n",
        "002_b.sql": "ALTER INDEX i RENAME TO t_a_index;\n",
        "003_c.sql": "CREATE INDEX i ON t (a);\n",  # the old name is free again
    })
    index = result.catalog.indexes["public.t_a_index"]
    assert index.table == "public.t"
    assert (index.provenance.created.file, index.provenance.changed.file) == ("001_a.sql", "002_b.sql")
    assert set(result.catalog.indexes) == {"public.t_a_index", "public.i"}
    assert result.events[2].description == "renamed index i to t_a_index"


def test_rename_the_index_of_a_key_renames_the_constraint(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE);\nCREATE TABLE c (x int REFERENCES t);\n",
        "002_b.sql": "ALTER INDEX t_pkey RENAME TO t_pk;\nALTER INDEX t_b_key RENAME TO t_b_uq;\n",
        "003_c.sql": "ALTER TABLE t DROP CONSTRAINT t_pkey;\n",
        "004_d.sql": "ALTER TABLE t DROP CONSTRAINT t_b_uq;\n",
    })
    t = result.catalog.tables["public.t"]
    assert [c.name for c in t.constraints] == ["t_pk"]
    assert t.constraint("t_pk").provenance.changed == SourceSpan(file="002_b.sql", line=1, column=1)
    assert result.failed_files["003_c.sql"].sqlstate == "42704"
    assert result.catalog.indexes == {}
    assert result.catalog.tables["public.c"].constraint("c_x_fkey").ref_columns == ["a"]


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("ALTER INDEX i RENAME TO t", "42P07"),
    ("ALTER INDEX i RENAME TO t_pkey", "42P07"),
    ("ALTER INDEX zz RENAME TO y", "42P01"),
])
def test_rename_index_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int PRIMARY KEY);\nCREATE INDEX i ON t (a);\n",
                         "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate


def test_alter_index_if_exists_and_alter_index_on_a_table(replay_sql):
    # ALTER INDEX ... RENAME accepts any relation, as the server does.
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nALTER INDEX IF EXISTS zz RENAME TO y;\nALTER INDEX t RENAME TO u;\n"})
    assert result.failed_files == {}
    assert set(result.catalog.tables) == {"public.u"}


def test_index_follows_its_table_through_a_rename_and_dies_with_it(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id int);\nCREATE INDEX idx ON t (id);\nALTER TABLE t RENAME TO u;\nCREATE INDEX ON u (id);\n",
        "002_b.sql": "DROP TABLE u;\n",
    })
    assert [e.description for e in result.events][3] == "created index u_id_idx on u"
    assert result.catalog.indexes == {}
