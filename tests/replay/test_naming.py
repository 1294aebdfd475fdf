"""Names as PostgreSQL folds, truncates, invents and scopes them; schemas.

Every expected name below was read from a PostgreSQL 15 catalog first.
"""

from __future__ import annotations

import pytest

from consolidator.model.names import choose_name, index_column_names, make_object_name, truncate


@pytest.mark.parametrize(("name1", "name2", "label", "expected"), [
    ("t", "col", "key", "t_col_key"),
    ("t", None, "pkey", "t_pkey"),
    ("a" * 61, "b" * 51, "check", "a" * 28 + "_" + "b" * 28 + "_check"),
    ("a" * 61, "b" * 51, "key", "a" * 29 + "_" + "b" * 29 + "_key"),
    ("t" * 60, "col", "idx", "t" * 55 + "_col_idx"),
    # multibyte: the longer part is cut byte by byte, then back to a whole character
    ("ü" * 31, "é" * 20, "key", "ü" * 14 + "_" + "é" * 14 + "_key"),
    ("ü" * 31, "é" * 20, "check", "ü" * 14 + "_" + "é" * 14 + "_check"),
])
def test_make_object_name(name1, name2, label, expected):
    assert make_object_name(name1, name2, label) == expected
    assert len(expected.encode()) <= 63


def test_choose_name_adds_a_number_to_the_label():
    taken = {"t_a_key", "t_a_key1"}
    assert choose_name("t", "a", "key", taken.__contains__) == "t_a_key2"
    assert choose_name("t" * 60, "col", "idx", {"t" * 55 + "_col_idx"}.__contains__) == "t" * 54 + "_col_idx1"


def test_truncate_at_63_bytes_without_splitting_a_character():
    assert truncate("x" * 70) == "x" * 63
    assert truncate("é" * 40) == "é" * 31  # 62 bytes: the 32nd character would need 64
    assert truncate("short") == "short"


def test_index_column_names_number_repeats():
    assert index_column_names(["a", "b", "a", "a", "a1"]) == ["a", "b", "a1", "a2", "a11"]
    assert index_column_names(["x" * 63, "x" * 63]) == ["x" * 63, "x" * 62 + "1"]


def test_identifiers_fold_unless_quoted(replay_sql):
    result = replay_sql({"001_a.sql": 'CREATE TABLE Users (ID int PRIMARY KEY, "Name" text UNIQUE);\n'
                                      'CREATE TABLE "select" ("from" int UNIQUE);\nALTER TABLE USERS ADD COLUMN Email text;\n'})
    assert set(result.catalog.tables) == {"public.users", "public.select"}
    users = result.catalog.tables["public.users"]
    assert [c.name for c in users.columns] == ["id", "Name", "email"]
    assert [c.name for c in users.constraints] == ["users_pkey", "users_Name_key"]
    assert [c.name for c in result.catalog.tables["public.select"].constraints] == ["select_from_key"]


def test_generated_names_of_multibyte_identifiers(replay_sql):
    table, column = "ü" * 31, "é" * 20
    result = replay_sql({"001_a.sql": f"CREATE TABLE {table} ({column} int UNIQUE CHECK ({column} > 0));\n"
                                      f"CREATE INDEX ON {table} ({column});\n"})
    names = {c.name for c in result.catalog.tables[f"public.{table}"].constraints}
    assert names == {"ü" * 14 + "_" + "é" * 14 + "_key", "ü" * 14 + "_" + "é" * 14 + "_check"}
    assert set(result.catalog.indexes) == {"public." + "ü" * 14 + "_" + "é" * 14 + "_idx"}


def test_generated_names_are_scoped_by_schema(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SCHEMA s;\nCREATE TABLE s.t (id serial PRIMARY KEY, a int UNIQUE, b int CHECK (b > 0));\n"
                                      "CREATE TABLE t (id serial PRIMARY KEY, a int UNIQUE, b int CHECK (b > 0));\n"
                                      "CREATE INDEX ON s.t (b);\nCREATE INDEX ON t (b);\n"})
    for schema in ("s", "public"):
        t = result.catalog.tables[f"{schema}.t"]
        assert [c.name for c in t.constraints] == ["t_b_check", "t_pkey", "t_a_key"]
        assert t.column("id").default_sequence == f"{schema}.t_id_seq"
    assert set(result.catalog.indexes) == {"s.t_b_idx", "public.t_b_idx"}


def test_create_and_drop_schema(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE SCHEMA app;\nCREATE SCHEMA IF NOT EXISTS app;\n",
        "002_b.sql": "CREATE SCHEMA app;\n",
        "003_c.sql": "CREATE SCHEMA public;\n",
        "004_d.sql": "DROP SCHEMA zz;\n",
        "005_e.sql": "DROP SCHEMA IF EXISTS zz;\nCREATE TABLE app.t (a int);\n",
        "006_f.sql": "DROP SCHEMA app;\n",
    })
    assert [result.failed_files.get(f) and result.failed_files[f].sqlstate
            for f in ("002_b.sql", "003_c.sql", "004_d.sql", "005_e.sql", "006_f.sql")] == ["42P06", "42P06", "3F000", None, "2BP01"]
    assert set(result.catalog.schemas) == {"app"}
    assert result.events[1].description == "schema app already exists, skipped (IF NOT EXISTS)"


def test_drop_schema_cascade_takes_what_depends_on_it(replay_sql):
    result = replay_sql({
        "001_a.sql": ("CREATE SCHEMA s;\nCREATE TYPE s.mood AS ENUM ('a');\nCREATE TABLE s.t (id serial PRIMARY KEY, m s.mood);\n"
                      "CREATE TABLE p (tid int REFERENCES s.t, m s.mood, x int DEFAULT nextval('s.t_id_seq'), y int);\n"
                      "CREATE INDEX ON s.t (m);\nCREATE SEQUENCE s.free;\nCREATE EXTENSION citext SCHEMA s;\n"),
        "002_b.sql": "DROP SCHEMA s CASCADE;\n",
    })
    c = result.catalog
    assert (c.schemas, c.types, c.sequences, c.indexes, c.extensions) == ({}, {}, {}, {}, {})
    p = c.tables["public.p"]
    assert [(col.name, col.default_sequence) for col in p.columns] == [("tid", None), ("x", None), ("y", None)]
    assert p.constraints == []


def test_search_path_is_followed(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SCHEMA app;\nSET search_path TO app;\nCREATE TABLE t (a int);\n"})
    assert not [d for d in result.diagnostics if d.code == "not-modelled"]
    assert list(result.catalog.tables) == ["app.t"]  # tests/replay/test_search_path.py checks it on the server
