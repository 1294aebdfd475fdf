"""CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE / RENAME, DROP TYPE, enum columns.

Every expected SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan


def _labels(result, name: str = "mood") -> list[str]:
    return result.catalog.types[f"public.{name}"].labels


def test_create_enum_and_use_it_in_columns(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
                                      "CREATE TABLE t (m mood DEFAULT 'happy', ms mood[]);\n"})
    assert _labels(result) == ["happy", "sad"]
    t = result.catalog.tables["public.t"]
    assert [(c.type.sql, c.type_key) for c in t.columns] == [("mood", "public.mood"), ("mood[]", "public.mood")]
    assert result.catalog.types["public.mood"].provenance.created == SourceSpan(file="001_a.sql", line=1, column=1)
    assert result.events[0].description == "created enum type mood (happy, sad)"


def test_add_value_before_after_and_if_not_exists(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TYPE mood AS ENUM ('a', 'b');\n",
        "002_b.sql": "ALTER TYPE mood ADD VALUE 'c' AFTER 'b';\nALTER TYPE mood ADD VALUE 'z' BEFORE 'a';\n"
                     "ALTER TYPE mood ADD VALUE 'ab' AFTER 'a';\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'c';\n"
                     "ALTER TYPE mood ADD VALUE 'd';\n",
    })
    assert _labels(result) == ["z", "a", "ab", "b", "c", "d"]
    enum = result.catalog.types["public.mood"]
    assert (enum.provenance.created.file, enum.provenance.changed) == ("001_a.sql", SourceSpan(file="002_b.sql", line=5, column=1))
    assert result.events[4].description == "enum mood already has value c, skipped (IF NOT EXISTS)"


def test_empty_enum_then_add_value(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ();\nALTER TYPE mood ADD VALUE 'a';\n"})
    assert _labels(result) == ["a"]


def test_rename_value(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('a', 'b');\nALTER TYPE mood RENAME VALUE 'a' TO 'z';\n"})
    assert _labels(result) == ["z", "b"]


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("CREATE TYPE mood AS ENUM ('x')", "42710"),
    ("CREATE TYPE t AS ENUM ('x')", "42710"),  # the table's row type has the name
    ("CREATE TYPE other AS ENUM ('x', 'x')", "23505"),  # the catalog's unique index, not a friendlier check
    ("CREATE TYPE app.other AS ENUM ('x')", "3F000"),
    ("ALTER TYPE mood ADD VALUE 'a'", "42710"),
    ("ALTER TYPE mood ADD VALUE 'c' BEFORE 'zz'", "22023"),
    ("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'c' AFTER 'zz'", "22023"),
    ("ALTER TYPE mood RENAME VALUE 'zz' TO 'y'", "22023"),
    ("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", "42710"),
    ("ALTER TYPE zz ADD VALUE 'c'", "42704"),
    ("ALTER TYPE mood RENAME TO feeling", "42710"),
    ("ALTER TYPE mood RENAME TO t", "42710"),
    ("CREATE TABLE mood (x int)", "42710"),  # the type has the name
    ("DROP TYPE mood", "2BP01"),  # t.m uses it
    ("DROP TYPE zz", "42704"),
    ("DROP TYPE t", "2BP01"),  # the row type of table t
])
def test_enum_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TYPE feeling AS ENUM ('f');\n"
                                      "CREATE TABLE t (m mood);\n",
                         "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
    assert _labels(result) == ["a", "b"]


def test_rename_type_reaches_the_columns(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood, ms mood[]);\n",
        "002_b.sql": "ALTER TYPE mood RENAME TO feeling;\nALTER TYPE feeling ADD VALUE 'b';\nCREATE TABLE u (f feeling);\n",
    })
    assert set(result.catalog.types) == {"public.feeling"}
    t = result.catalog.tables["public.t"]
    assert [(c.type.sql, c.type_key) for c in t.columns] == [("feeling", "public.feeling"), ("feeling[]", "public.feeling")]
    assert result.catalog.types["public.feeling"].labels == ["a", "b"]


def test_drop_type_cascade_drops_the_columns_using_it(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood DEFAULT 'a', x int, ms mood[]);\n"
                                      "DROP TYPE mood CASCADE;\n"})
    assert result.catalog.types == {}
    assert [c.name for c in result.catalog.tables["public.t"].columns] == ["x"]


def test_drop_type_if_exists_and_twice_in_one_statement(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('a');\nDROP TYPE IF EXISTS zz;\nDROP TYPE mood, mood;\n"
                                      "CREATE TYPE mood AS ENUM ('b');\n"})
    assert result.failed_files == {}
    assert _labels(result) == ["b"]


def test_a_retyped_column_frees_the_enum(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood);\n"
                                      "ALTER TABLE t ALTER COLUMN m TYPE text;\nDROP TYPE mood;\n"})
    assert result.failed_files == {}
    assert result.catalog.tables["public.t"].column("m").type_key is None


def test_enum_in_a_schema(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SCHEMA app;\nCREATE TYPE app.mood AS ENUM ('a');\nCREATE TABLE app.t (m app.mood);\n"
                                      "CREATE TABLE t2 (m mood);\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42704"  # mood is not in public
    result = replay_sql({"001_a.sql": "CREATE SCHEMA app;\nCREATE TYPE app.mood AS ENUM ('a');\nCREATE TABLE app.t (m app.mood);\n"})
    assert result.catalog.tables["app.t"].column("m").type_key == "app.mood"


def test_a_default_must_be_a_label_of_the_enum(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood DEFAULT 'a', ms mood[] DEFAULT '{a}');\n",
        "002_b.sql": "CREATE TABLE u (m mood DEFAULT 'zz'::mood);\n",
        "003_c.sql": "ALTER TABLE t ALTER COLUMN m SET DEFAULT 'b';\n",
    })
    assert "001_a.sql" not in result.failed_files
    failure = result.failed_files["002_b.sql"]
    assert (failure.sqlstate, failure.message) == ("22P02", 'invalid input value for enum mood: "zz" (002_b.sql rolled back)')
    assert result.failed_files["003_c.sql"].sqlstate == "22P02"
