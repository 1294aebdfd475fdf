"""CREATE / ALTER / DROP SEQUENCE, ALTER SEQUENCE ... RENAME, OWNED BY.

Every expected name, SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan


def test_create_sequence_with_options_and_provenance(replay_sql):
    result = replay_sql({"001_a.sql": "\nCREATE SEQUENCE s AS integer START 5 INCREMENT 2 MINVALUE 1 MAXVALUE 100 CACHE 10 CYCLE;\n"})
    seq = result.catalog.sequences["public.s"]
    assert (seq.data_type, seq.start, seq.increment, seq.min_value, seq.max_value, seq.cache, seq.cycle, seq.owned_by) == (
        "integer", 5, 2, None, 100, 10, True, None)  # MINVALUE 1: the default when ascending
    assert seq.provenance.created == SourceSpan(file="001_a.sql", line=2, column=1)
    assert result.events[0].description == "created sequence s"


def test_create_sequence_defaults_to_bigint(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SEQUENCE s;\n"})
    seq = result.catalog.sequences["public.s"]
    assert (seq.data_type, seq.start, seq.increment, seq.cycle) == ("bigint", None, 1, False)


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("CREATE SEQUENCE s AS text", "22023"),
    ("CREATE SEQUENCE s AS numeric", "22023"),
    ("CREATE SEQUENCE t", "42P07"),  # a table has the name
    ("CREATE SEQUENCE app.s", "3F000"),
    ("CREATE SEQUENCE s OWNED BY zz.a", "42P01"),
    ("CREATE SEQUENCE s OWNED BY t.zz", "42703"),
    ("ALTER SEQUENCE zz INCREMENT 2", "42P01"),
    ("ALTER SEQUENCE t INCREMENT 2", "42809"),
    ("ALTER SEQUENCE IF EXISTS t INCREMENT 2", "42809"),
    ("ALTER SEQUENCE zz RENAME TO y", "42P01"),
    ("ALTER SEQUENCE t RENAME TO y", "42809"),
    ("ALTER SEQUENCE t_a_idx RENAME TO y", "42809"),
    ("DROP SEQUENCE zz", "42P01"),
    ("DROP SEQUENCE t", "42809"),
    ("DROP SEQUENCE IF EXISTS t", "42809"),
])
def test_sequence_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX ON t (a);\n", "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
    assert result.catalog.sequences == {}


def test_create_sequence_if_not_exists_and_alter_if_exists(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SEQUENCE s START 7;\nCREATE SEQUENCE IF NOT EXISTS s START 9;\n"
                                      "ALTER SEQUENCE IF EXISTS zz INCREMENT 2;\nALTER SEQUENCE IF EXISTS zz RENAME TO y;\n"
                                      "DROP SEQUENCE IF EXISTS zz, s, s;\n"})
    assert result.failed_files == {}
    assert result.catalog.sequences == {}
    assert result.events[1].description == "relation s already exists, skipped (IF NOT EXISTS)"


def test_alter_sequence_options_and_owned_by(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int, b int);\nCREATE SEQUENCE s;\n",
        "002_b.sql": "ALTER SEQUENCE s AS integer INCREMENT BY 10 MAXVALUE 1000 RESTART WITH 5 OWNED BY t.a;\n",
        "003_c.sql": "ALTER TABLE t RENAME COLUMN a TO c;\n",
    })
    seq = result.catalog.sequences["public.s"]
    assert (seq.data_type, seq.increment, seq.max_value, seq.owned_by) == ("integer", 10, 1000, ("public.t", "c"))
    assert (seq.provenance.created.file, seq.provenance.changed.file) == ("001_a.sql", "002_b.sql")


def test_owned_sequence_goes_with_its_column_or_table_unless_owned_by_none(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int, b int);\nCREATE SEQUENCE s1 OWNED BY t.a;\nCREATE SEQUENCE s2 OWNED BY t.b;\n"
                     "CREATE SEQUENCE s3 OWNED BY t.b;\nALTER SEQUENCE s3 OWNED BY NONE;\n",
        "002_b.sql": "ALTER TABLE t DROP COLUMN a;\n",
        "003_c.sql": "DROP TABLE t;\n",
    })
    assert set(result.catalog.sequences) == {"public.s3"}


def test_renamed_sequence_is_followed_by_defaults_and_identity(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id serial, g int GENERATED ALWAYS AS IDENTITY);\n"
                                      "ALTER SEQUENCE t_id_seq RENAME TO ids;\nALTER SEQUENCE t_g_seq RENAME TO gs;\n"
                                      "ALTER TABLE t RENAME TO u;\nCREATE TABLE t (id serial);\n"})
    u = result.catalog.tables["public.u"]
    assert (u.column("id").default_sequence, u.column("g").identity_sequence) == ("public.ids", "public.gs")
    assert result.catalog.tables["public.t"].column("id").default_sequence == "public.t_id_seq"  # the name is free
    assert result.catalog.sequences["public.ids"].owned_by == ("public.u", "id")


def test_drop_sequence_used_by_a_default_needs_cascade_which_drops_the_default(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE SEQUENCE s;\nCREATE TABLE t (a bigint DEFAULT nextval('s'));\n",
        "002_b.sql": "DROP SEQUENCE s;\n",
        "003_c.sql": "DROP SEQUENCE s CASCADE;\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "2BP01"
    col = result.catalog.tables["public.t"].column("a")
    assert (col.default, col.default_sequence) == (None, None)
    assert result.catalog.sequences == {}


def test_a_serial_sequence_can_go_once_the_default_is_dropped(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id serial);\n",
        "002_b.sql": "DROP SEQUENCE t_id_seq;\n",
        "003_c.sql": "ALTER TABLE t ALTER COLUMN id DROP DEFAULT;\nDROP SEQUENCE t_id_seq;\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "2BP01"
    assert "003_c.sql" not in result.failed_files
    assert result.catalog.sequences == {}


def test_identity_sequence_cannot_be_dropped_or_disowned(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, b int);\n",
        "002_b.sql": "DROP SEQUENCE t_id_seq;\n",
        "003_c.sql": "DROP SEQUENCE t_id_seq CASCADE;\n",
        "004_d.sql": "ALTER SEQUENCE t_id_seq OWNED BY NONE;\n",
        "005_e.sql": "ALTER SEQUENCE t_id_seq OWNED BY t.b;\n",
        "006_f.sql": "ALTER SEQUENCE t_id_seq INCREMENT 5;\nALTER SEQUENCE t_id_seq RENAME TO ids;\n",
    })
    failure = result.failed_files["002_b.sql"]
    assert (failure.sqlstate, failure.message) == (
        "2BP01", "cannot drop sequence t_id_seq because column id of table t requires it (002_b.sql rolled back)")
    assert result.failed_files["003_c.sql"].sqlstate == "2BP01"  # an internal dependency: CASCADE does not help
    assert result.failed_files["004_d.sql"].sqlstate == "0A000"
    assert result.failed_files["005_e.sql"].sqlstate == "0A000"
    assert "006_f.sql" not in result.failed_files
    assert result.catalog.tables["public.t"].column("id").identity_sequence == "public.ids"


def test_dropping_an_owned_sequence_used_elsewhere_needs_cascade(replay_sql):
    # Dropping the owner drops the sequence, and with it the other defaults that use it.
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id serial, b int);\nCREATE TABLE u (x int DEFAULT nextval('t_id_seq'));\n",
        "002_b.sql": "DROP TABLE t;\n",
        "003_c.sql": "ALTER SEQUENCE t_id_seq OWNED BY t.b;\nALTER TABLE t DROP COLUMN b;\n",
        "004_d.sql": "ALTER SEQUENCE t_id_seq OWNED BY t.b;\nALTER TABLE t DROP COLUMN b CASCADE;\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "2BP01"
    assert result.failed_files["003_c.sql"].sqlstate == "2BP01"
    assert result.catalog.sequences == {}
    assert result.catalog.tables["public.t"].column("id").default_sequence is None
    assert result.catalog.tables["public.u"].column("x").default_sequence is None


def test_drop_table_cascade_drops_defaults_using_its_sequences(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id serial);\nCREATE TABLE u (x int DEFAULT nextval('t_id_seq'));\n"
                                      "DROP TABLE t CASCADE;\n"})
    assert result.catalog.tables["public.u"].column("x").default_sequence is None
    assert result.catalog.sequences == {}


def test_sequences_in_a_schema(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SCHEMA app;\nCREATE SEQUENCE app.s;\nCREATE TABLE app.t (id serial);\n"
                                      "CREATE SEQUENCE s;\n"})
    assert set(result.catalog.sequences) == {"app.s", "app.t_id_seq", "public.s"}
    assert result.catalog.tables["app.t"].column("id").default_sequence == "app.t_id_seq"
