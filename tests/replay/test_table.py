"""CREATE / DROP / ALTER TABLE ... RENAME: catalog before → statement → catalog after, provenance, event.

Every expected name, SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

from consolidator.errors import SourceSpan


def _span(file: str, line: int) -> SourceSpan:
    return SourceSpan(file=file, line=line, column=1)


def test_create_table_columns_in_order_with_types_and_provenance(replay_sql):
    sql = (
        "-- the users table\n"
        "CREATE TABLE users (\n"
        "  id bigserial PRIMARY KEY,\n"
        "  email varchar(255) NOT NULL,\n"
        "  balance numeric(10,2) DEFAULT 0,\n"
        "  tags text[],\n"
        "  matrix int[][],\n"
        "  seen_at timestamptz DEFAULT now(),\n"
        "  plain_ts timestamp,\n"
        "  doc json,\n"
        "  meta jsonb DEFAULT '{}'::jsonb,\n"
        "  token uuid,\n"
        "  flag boolean,\n"
        "  small int2\n"
        ");\n"
    )
    result = replay_sql({"001_users.sql": sql})
    assert result.failed_files == {}
    t = result.catalog.tables["public.users"]
    assert [(c.name, c.type.sql) for c in t.columns] == [
        ("id", "bigint"),
        ("email", "varchar(255)"),
        ("balance", "numeric(10,2)"),
        ("tags", "text[]"),
        ("matrix", "integer[][]"),
        ("seen_at", "timestamptz"),
        ("plain_ts", "timestamp"),
        ("doc", "json"),
        ("meta", "jsonb"),
        ("token", "uuid"),
        ("flag", "boolean"),
        ("small", "smallint"),
    ]
    assert t.column("email").not_null and not t.column("balance").not_null
    assert t.column("seen_at").default.render() == "now()"
    assert t.column("meta").default.render() == "'{}'::jsonb"
    # The statement starts on line 2 (after the comment): that is where everything was created.
    assert t.provenance.created == t.provenance.changed == _span("001_users.sql", 2)
    assert t.column("token").provenance.created == _span("001_users.sql", 2)
    assert [(e.description, e.status) for e in result.events] == [("created table users (12 columns)", "applied")]
    assert result.events[0].span == _span("001_users.sql", 2)


def test_create_table_twice_fails_with_42P07_and_rolls_back_the_file(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id int);\n", "002_b.sql": "CREATE TABLE u (x int);\nCREATE TABLE t (id int);\n"})
    failure = result.failed_files["002_b.sql"]
    assert (failure.sqlstate, failure.span) == ("42P07", _span("002_b.sql", 2))
    assert 'relation "t" already exists' in failure.message
    assert set(result.catalog.tables) == {"public.t"}  # u went with the rolled-back file


def test_create_table_if_not_exists_keeps_the_first_definition(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE IF NOT EXISTS t (id int);\n",
        "002_b.sql": "CREATE TABLE IF NOT EXISTS t (id bigint, other text);\n",
    })
    t = result.catalog.tables["public.t"]
    assert [(c.name, c.type.sql) for c in t.columns] == [("id", "integer")]
    assert t.provenance.changed == _span("001_a.sql", 1)  # the skipped re-creation changed nothing
    assert result.events[1].status == "applied"
    assert "already exists, skipped" in result.events[1].description


def test_create_table_if_not_exists_is_skipped_when_an_index_has_the_name(replay_sql):
    # Tables, indexes and sequences share one namespace: the server skips (NOTICE) rather than failing.
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE TABLE IF NOT EXISTS i (x int);\n"})
    assert result.failed_files == {}
    assert "public.i" not in result.catalog.tables and "public.i" in result.catalog.indexes


def test_create_table_with_the_name_of_a_sequence_fails(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE SEQUENCE s;\nCREATE TABLE s (x int);\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P07"


def test_duplicate_column_in_create_table_fails_42701(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int, a text);\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42701"
    assert result.catalog.tables == {}


def test_unknown_column_type_fails_42704(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (m mood);\n"})
    failure = result.failed_files["001_a.sql"]
    assert failure.sqlstate == "42704" and 'type "mood" does not exist' in failure.message


def test_create_table_in_a_missing_schema_fails_3F000(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE s.t (id int);\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "3F000"


def test_quoted_identifiers_keep_their_case_and_unquoted_ones_fold(replay_sql):
    result = replay_sql({"001_a.sql": 'CREATE TABLE "Users" ("ID" int PRIMARY KEY, Name text, "b c" int UNIQUE);\n'})
    t = result.catalog.tables["public.Users"]
    assert [c.name for c in t.columns] == ["ID", "name", "b c"]
    assert [c.name for c in t.constraints] == ["Users_pkey", "Users_b c_key"]


def test_names_longer_than_63_bytes_are_truncated(replay_sql):
    long = "a" * 70
    result = replay_sql({"001_a.sql": f"CREATE TABLE {long} ({'c' * 80} int);\nCREATE TABLE IF NOT EXISTS {'a' * 63}x (y int);\n"})
    t = result.catalog.tables["public." + "a" * 63]
    assert [c.name for c in t.columns] == ["c" * 63]
    assert len(result.catalog.tables) == 1  # the second name truncates to the same table: skipped


def test_unlogged_table_and_temporary_table(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE UNLOGGED TABLE u (a int);\nCREATE TEMP TABLE tmp (a int);\n"})
    assert result.catalog.tables["public.u"].unlogged
    assert "public.tmp" not in result.catalog.tables
    [diag] = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diag.span == _span("001_a.sql", 2)


def test_drop_table_removes_its_indexes_and_owned_sequences(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id serial PRIMARY KEY, a int);\nCREATE INDEX ON t (a);\nCREATE SEQUENCE free;\n",
        "002_b.sql": "DROP TABLE t;\n",
    })
    c = result.catalog
    assert c.tables == {} and c.indexes == {}
    assert set(c.sequences) == {"public.free"}
    assert result.events[-1].description == "dropped table t"


def test_drop_missing_table_fails_42P01_and_if_exists_skips(replay_sql):
    result = replay_sql({"001_a.sql": "DROP TABLE zz;\n", "002_b.sql": "DROP TABLE IF EXISTS zz;\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P01"
    assert "002_b.sql" not in result.failed_files
    assert result.events[-1].description == "table zz does not exist, skipped (IF EXISTS)"


def test_drop_table_of_several_names_fails_on_the_missing_one(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\n", "002_b.sql": "DROP TABLE t, zz;\n",
                         "003_c.sql": "DROP TABLE IF EXISTS zz, t;\n"})
    assert result.failed_files["002_b.sql"].sqlstate == "42P01"
    assert result.catalog.tables == {}  # 003 dropped it


def test_drop_table_of_an_index_or_sequence_is_wrong_object_type_even_with_if_exists(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE SEQUENCE s;\n",
        "002_b.sql": "DROP TABLE IF EXISTS i;\n",
        "003_c.sql": "DROP TABLE s;\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "42809"
    assert result.failed_files["003_c.sql"].sqlstate == "42809"


def test_drop_table_referenced_by_a_foreign_key_needs_cascade(replay_sql):
    setup = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p);\n"
    result = replay_sql({"001_a.sql": setup, "002_b.sql": "DROP TABLE p;\n", "003_c.sql": "DROP TABLE p CASCADE;\n"})
    assert result.failed_files["002_b.sql"].sqlstate == "2BP01"
    c = result.catalog.tables["public.c"]
    assert "public.p" not in result.catalog.tables
    assert [x.name for x in c.constraints] == ["c_pkey"]  # CASCADE dropped the foreign key, kept the column
    assert [x.name for x in c.columns] == ["id", "pid"]


def test_drop_table_with_a_self_reference_needs_no_cascade(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES t);\nDROP TABLE t;\n"})
    assert result.failed_files == {}
    assert result.catalog.tables == {}


def test_rename_table_reaches_indexes_foreign_keys_and_owned_sequences(replay_sql):
    result = replay_sql({
        "001_a.sql": (
            "CREATE TABLE p (id serial PRIMARY KEY, code text);\n"
            "CREATE INDEX p_code_idx ON p (code);\n"
            "CREATE TABLE c (pid int REFERENCES p);\n"
        ),
        "002_b.sql": "\nALTER TABLE p RENAME TO parents;\n",
    })
    c = result.catalog
    assert set(c.tables) == {"public.parents", "public.c"}
    # The names the server chose keep the old table name: renaming a table renames nothing else.
    assert c.indexes["public.p_code_idx"].table == "public.parents"
    assert c.tables["public.parents"].constraint("p_pkey") is not None
    fk = c.tables["public.c"].constraint("c_pid_fkey")
    assert (fk.ref_table, fk.ref_columns) == ("public.parents", ["id"])
    assert c.sequences["public.p_id_seq"].owned_by == ("public.parents", "id")
    assert c.tables["public.parents"].column("id").default_sequence == "public.p_id_seq"
    t = c.tables["public.parents"]
    assert (t.provenance.created, t.provenance.changed) == (_span("001_a.sql", 1), _span("002_b.sql", 2))
    assert result.events[-1].description == "renamed table p to parents"


def test_a_renamed_table_frees_its_name_but_not_its_constraint_names(replay_sql):
    # After the rename the old table keeps t_pkey / t_id_seq / t_a_check: the new table's
    # generated names step around them (checked on PostgreSQL 15).
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (id serial PRIMARY KEY, a int CHECK (a > 0));\nALTER TABLE t RENAME TO old_t;\n"
                     "CREATE TABLE t (id serial PRIMARY KEY, a int CHECK (a > 0));\n",
    })
    t = result.catalog.tables["public.t"]
    assert sorted(c.name for c in t.constraints) == ["t_a_check1", "t_pkey1"]
    assert t.column("id").default_sequence == "public.t_id_seq1"


def test_rename_table_to_a_taken_name_fails_42P07(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nCREATE SEQUENCE s;\nALTER TABLE t RENAME TO s;\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P07"


def test_rename_missing_table_fails_and_if_exists_skips(replay_sql):
    result = replay_sql({"001_a.sql": "ALTER TABLE zz RENAME TO t;\n", "002_b.sql": "ALTER TABLE IF EXISTS zz RENAME TO t;\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P01"
    assert "002_b.sql" not in result.failed_files


def test_alter_table_rename_works_on_an_index_and_a_sequence(replay_sql):
    # ALTER TABLE ... RENAME accepts any relation, as the server does.
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE SEQUENCE s;\n"
                     "ALTER TABLE i RENAME TO j;\nALTER TABLE s RENAME TO s2;\n",
    })
    assert result.failed_files == {}
    assert set(result.catalog.indexes) == {"public.j"}
    assert set(result.catalog.sequences) == {"public.s2"}


def test_alter_missing_table_fails_42P01_and_if_exists_skips(replay_sql):
    result = replay_sql({"001_a.sql": "ALTER TABLE zz ADD COLUMN a int;\n",
                         "002_b.sql": "ALTER TABLE IF EXISTS zz ADD COLUMN a int;\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P01"
    assert "002_b.sql" not in result.failed_files
    assert result.events[-1].description == "relation zz does not exist, skipped (IF EXISTS)"
