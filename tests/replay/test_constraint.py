"""Constraints: PostgreSQL's generated names, foreign keys, ADD / DROP / RENAME / VALIDATE CONSTRAINT.

Every expected name, SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan


def _names(result, table: str) -> dict[str, str]:
    """constraint name -> kind, of table `table` (in public)."""
    return {c.name: c.kind for c in result.catalog.tables[f"public.{table}"].constraints}


def _constraint(result, table: str, name: str):
    c = result.catalog.tables[f"public.{table}"].constraint(name)
    assert c is not None, f"no constraint {name} on {table}: {_names(result, table)}"
    return c


def test_generated_names_of_every_kind(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));\n"
        "CREATE TABLE t (\n"
        "  id serial PRIMARY KEY,\n"
        "  code text UNIQUE,\n"
        "  qty int CHECK (qty > 0),\n"
        "  lo int, hi int,\n"
        "  CHECK (lo < hi),\n"
        "  CHECK (true),\n"
        "  UNIQUE (lo, hi),\n"
        "  FOREIGN KEY (lo, hi) REFERENCES p,\n"
        "  parent int REFERENCES t\n"
        ");\n"
    )})
    assert result.failed_files == {}
    assert _names(result, "t") == {
        "t_pkey": "primary key",
        "t_code_key": "unique",
        "t_qty_check": "check",
        "t_check": "check",  # a check on two columns
        "t_check1": "check",  # a check on none: same label, next suffix
        "t_lo_hi_key": "unique",
        "t_lo_hi_fkey": "foreign key",
        "t_parent_fkey": "foreign key",
    }
    assert _constraint(result, "t", "t_check").check.render() == "lo < hi"
    fk = _constraint(result, "t", "t_lo_hi_fkey")
    assert (fk.columns, fk.ref_table, fk.ref_columns) == (["lo", "hi"], "public.p", ["a", "b"])
    assert _constraint(result, "t", "t_parent_fkey").ref_columns == ["id"]  # the table's own primary key
    assert _constraint(result, "t", "t_pkey").provenance.created == SourceSpan(file="001_a.sql", line=2, column=1)


def test_primary_key_columns_become_not_null(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int, b int, PRIMARY KEY (a));\n"})
    t = result.catalog.tables["public.t"]
    assert (t.column("a").not_null, t.column("b").not_null) == (True, False)


def test_collision_suffixes_on_the_same_column(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int CHECK (a > 0), CHECK (a > 0), CHECK (a < 9), b int CHECK (b > 0));\n"})
    t = result.catalog.tables["public.t"]
    assert [(c.name, c.check.render()) for c in t.constraints] == [
        ("t_a_check", "a > 0"), ("t_a_check1", "a > 0"), ("t_a_check2", "a < 9"), ("t_b_check", "b > 0"),
    ]


def test_names_are_given_in_the_order_written_table_constraints_included(replay_sql):
    # UNIQUE (a, b) is written first, so it gets t_a_b_key and the column a_b gets t_a_b_key1.
    result = replay_sql({"001_a.sql": "CREATE TABLE t (UNIQUE (a, b), a_b int UNIQUE, a int, b int);\n"})
    assert _constraint(result, "t", "t_a_b_key").columns == ["a", "b"]
    assert _constraint(result, "t", "t_a_b_key1").columns == ["a_b"]


def test_generated_check_names_avoid_every_constraint_name_of_the_schema(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE x (a int, CONSTRAINT t_a_check CHECK (a > 0));\n"
                                      "CREATE TABLE t (a int CHECK (a > 0));\n"})
    assert set(_names(result, "t")) == {"t_a_check1"}


def test_generated_check_names_do_not_avoid_relation_names(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t_a_check (x int);\nCREATE TABLE t (a int CHECK (a > 0));\n"})
    assert set(_names(result, "t")) == {"t_a_check"}


def test_generated_key_names_avoid_relation_names_and_constraint_names(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE t_pkey (x int);\n"
        "CREATE TABLE x (a int, CONSTRAINT t_a_key CHECK (a > 0));\n"
        "CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE);\n"
    )})
    assert set(_names(result, "t")) == {"t_pkey1", "t_a_key1"}


def test_generated_foreign_key_names_ignore_index_names(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE x (a int);\nCREATE INDEX t_a_fkey ON x (a);\n"
                                      "CREATE TABLE p (a int PRIMARY KEY);\nCREATE TABLE t (a int REFERENCES p);\n"})
    assert set(_names(result, "t")) == {"t_a_fkey"}


def test_key_names_number_a_repeated_include_column(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int, b int, c int);\nALTER TABLE t ADD UNIQUE (a, b) INCLUDE (a, b, c);\n"})
    assert set(_names(result, "t")) == {"t_a_b_a1_b1_c_key"}


def test_long_generated_names_are_cut_to_63_bytes_as_makeObjectName_does(replay_sql):
    table, column = "a" * 61, "b" * 51
    result = replay_sql({"001_a.sql": f"CREATE TABLE {table} ({column} int UNIQUE CHECK ({column} > 0) REFERENCES {table} ({column}));\n"})
    assert result.failed_files == {}
    names = set(_names(result, table))
    assert names == {
        "a" * 28 + "_" + "b" * 28 + "_check",
        "a" * 29 + "_" + "b" * 29 + "_key",
        "a" * 29 + "_" + "b" * 28 + "_fkey",
    }
    assert all(len(n) <= 63 for n in names)


def test_repeated_keys_in_create_table_make_one_constraint(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE a (x int PRIMARY KEY UNIQUE);\n"
        "CREATE TABLE b (x int UNIQUE, CONSTRAINT named UNIQUE (x));\n"
        "CREATE TABLE c (x int, y int, UNIQUE (x, y), UNIQUE (y, x), UNIQUE (x, y));\n"
        "CREATE TABLE d (x int UNIQUE, UNIQUE (x) DEFERRABLE);\n"
    )})
    assert _names(result, "a") == {"a_pkey": "primary key"}
    assert _names(result, "b") == {"named": "unique"}  # the name written on the dropped one is kept
    assert set(_names(result, "c")) == {"c_x_y_key", "c_y_x_key"}
    assert set(_names(result, "d")) == {"d_x_key", "d_x_key1"}  # deferrable differs: two indexes


def test_repeated_keys_in_alter_table_make_two_constraints(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int UNIQUE);\nALTER TABLE t ADD UNIQUE (a), ADD UNIQUE (a);\n"})
    assert set(_names(result, "t")) == {"t_a_key", "t_a_key1", "t_a_key2"}


def test_second_primary_key_fails_42P16(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int PRIMARY KEY, PRIMARY KEY (a));\n",
                         "002_b.sql": "CREATE TABLE u (a int PRIMARY KEY);\nALTER TABLE u ADD CONSTRAINT u_pkey PRIMARY KEY (a);\n"})
    assert result.failed_files["001_a.sql"].sqlstate == "42P16"
    assert result.failed_files["002_b.sql"].sqlstate == "42P16"  # checked before the name


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)", "42710"),  # c is the table's check
    ("ALTER TABLE t ADD CONSTRAINT t_pkey UNIQUE (b)", "42P07"),  # the index name is taken first
    ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 1)", "42710"),
    ("ALTER TABLE t ADD CONSTRAINT free UNIQUE (zz)", "42703"),
    ("ALTER TABLE t ADD CHECK (zz > 0)", "42703"),
])
def test_add_constraint_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int PRIMARY KEY, b int, CONSTRAINT c CHECK (b > 0));\n",
                         "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
    assert set(_names(result, "t")) == {"t_pkey", "c"}


def test_same_check_name_on_two_tables_is_allowed_but_not_for_keys(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int CONSTRAINT c1 CHECK (a > 0));\nCREATE TABLE u (a int CONSTRAINT c1 CHECK (a > 0));\n",
        "002_b.sql": "ALTER TABLE t ADD CONSTRAINT k UNIQUE (a);\nALTER TABLE u ADD CONSTRAINT k UNIQUE (a);\n",
    })
    assert "c1" in _names(result, "u")
    assert result.failed_files["002_b.sql"].sqlstate == "42P07"  # relation "k" already exists


def test_foreign_key_actions_match_and_deferrable(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (\n"
        "  a int REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
        "  b int REFERENCES p MATCH FULL ON DELETE SET DEFAULT DEFERRABLE,\n"
        "  d int REFERENCES p ON DELETE RESTRICT\n"
        ");\n"
    )})
    a, b = _constraint(result, "c", "c_a_fkey"), _constraint(result, "c", "c_b_fkey")
    assert (a.on_delete, a.on_update, a.deferrable, a.initially_deferred, a.match_full) == ("CASCADE", "SET NULL", True, True, False)
    assert (b.on_delete, b.on_update, b.deferrable, b.initially_deferred, b.match_full) == ("SET DEFAULT", None, True, False, True)
    assert _constraint(result, "c", "c_d_fkey").on_delete == "RESTRICT"


def test_foreign_key_to_a_unique_index_is_accepted(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE p (a int, b int);\nCREATE UNIQUE INDEX ON p (b, a);\n"
                                      "CREATE TABLE c (x int, y int, FOREIGN KEY (x, y) REFERENCES p (a, b));\n"})
    assert result.failed_files == {}


@pytest.mark.parametrize(("setup", "statement", "sqlstate"), [
    ("CREATE TABLE p (id int);", "CREATE TABLE c (x int REFERENCES p);", "42704"),  # no primary key
    ("CREATE TABLE p (id int UNIQUE);", "CREATE TABLE c (x int REFERENCES p);", "42704"),
    ("CREATE TABLE p (id int);", "CREATE TABLE c (x int REFERENCES p (id));", "42830"),  # no unique key
    ("CREATE TABLE p (id int);\nCREATE UNIQUE INDEX ON p (id) WHERE id > 0;", "CREATE TABLE c (x int REFERENCES p (id));", "42830"),
    ("CREATE TABLE p (id int UNIQUE DEFERRABLE);", "CREATE TABLE c (x int REFERENCES p (id));", "55000"),
    ("CREATE TABLE p (id int PRIMARY KEY DEFERRABLE);", "CREATE TABLE c (x int REFERENCES p);", "55000"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x int REFERENCES zz);", "42P01"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x int REFERENCES p (zz));", "42703"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x int, FOREIGN KEY (zz) REFERENCES p);", "42703"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x int, y int, FOREIGN KEY (x, y) REFERENCES p);", "42830"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x text REFERENCES p);", "42804"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x numeric REFERENCES p);", "42804"),
    ("CREATE TABLE p (id uuid PRIMARY KEY);", "CREATE TABLE c (x text REFERENCES p);", "42804"),
    ("CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (x int[] REFERENCES p);", "42804"),
    ("CREATE TABLE p (id text[] PRIMARY KEY);", "CREATE TABLE c (x varchar[] REFERENCES p);", "42804"),
])
def test_foreign_key_failures(replay_sql, setup, statement, sqlstate):
    result = replay_sql({"001_a.sql": setup + "\n", "002_b.sql": statement + "\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
    assert "public.c" not in result.catalog.tables


@pytest.mark.parametrize(("fk_type", "pk_type"), [
    ("int", "bigint"), ("bigint", "int"), ("smallint", "int"), ("int", "numeric"), ("int", "real"),
    ("numeric", "real"), ("numeric(10,2)", "numeric"), ("varchar(5)", "text"), ("text", "varchar(5)"),
    ("text", "char(3)"), ("date", "timestamp"), ("timestamp", "timestamptz"), ("int[]", "int[]"),
])
def test_foreign_key_types_the_server_accepts(replay_sql, fk_type, pk_type):
    result = replay_sql({"001_a.sql": f"CREATE TABLE p (id {pk_type} PRIMARY KEY);\nCREATE TABLE c (x {fk_type} REFERENCES p);\n"})
    assert result.failed_files == {}


def test_foreign_key_named_in_the_error(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (x int REFERENCES p);\n",
                         "002_b.sql": "ALTER TABLE c ALTER COLUMN x TYPE text;\n"})
    failure = result.failed_files["002_b.sql"]
    # Changing the type rebuilds the foreign key, which can no longer be implemented.
    assert failure.sqlstate == "42804" and 'foreign key constraint "c_x_fkey" cannot be implemented' in failure.message
    assert result.catalog.tables["public.c"].column("x").type.sql == "integer"


def test_drop_constraint(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int CONSTRAINT c1 CHECK (a > 0), b int UNIQUE);\n",
        "002_b.sql": "ALTER TABLE t DROP CONSTRAINT c1;\nALTER TABLE t DROP CONSTRAINT t_b_key;\n",
        "003_c.sql": "ALTER TABLE t DROP CONSTRAINT c1;\n",
        "004_d.sql": "ALTER TABLE t DROP CONSTRAINT IF EXISTS c1;\n",
    })
    assert _names(result, "t") == {}
    assert result.failed_files["003_c.sql"].sqlstate == "42704"
    assert "004_d.sql" not in result.failed_files
    assert [e.description for e in result.events if e.span.file == "002_b.sql"] == [
        "dropped constraint c1 of t", "dropped constraint t_b_key of t"]


def test_dropping_a_referenced_key_needs_cascade_which_drops_the_foreign_keys(replay_sql):
    setup = "CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE);\nCREATE TABLE c (x int REFERENCES p, y int REFERENCES p (code));\n"
    result = replay_sql({
        "001_a.sql": setup,
        "002_b.sql": "ALTER TABLE p DROP CONSTRAINT p_pkey;\n",
        "003_c.sql": "ALTER TABLE p DROP CONSTRAINT p_code_key;\n",
        "004_d.sql": "ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;\n",
    })
    assert result.failed_files["002_b.sql"].sqlstate == "2BP01"
    assert result.failed_files["003_c.sql"].sqlstate == "2BP01"
    assert set(_names(result, "c")) == {"c_y_fkey"}
    assert set(_names(result, "p")) == {"p_code_key"}


def test_rename_constraint_and_its_index(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0));\n",
        "002_b.sql": "\n\nALTER TABLE t RENAME CONSTRAINT t_a_key TO t_a_uq;\nALTER TABLE t RENAME CONSTRAINT t_b_check TO b_positive;\n",
        "003_c.sql": "CREATE TABLE t_a_uq (x int);\n",  # the index took the new name
        "004_d.sql": "CREATE TABLE t_b_check (x int);\nCREATE TABLE b_positive (x int);\n",  # a check has no index
    })
    assert set(_names(result, "t")) == {"t_a_uq", "b_positive"}
    c = _constraint(result, "t", "t_a_uq")
    assert c.provenance.created == SourceSpan(file="001_a.sql", line=1, column=1)
    assert c.provenance.changed == SourceSpan(file="002_b.sql", line=3, column=1)
    assert result.failed_files["003_c.sql"].sqlstate == "42P07"
    assert "004_d.sql" not in result.failed_files


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("ALTER TABLE t RENAME CONSTRAINT zz TO yy", "42704"),
    ("ALTER TABLE t RENAME CONSTRAINT t_b_check TO t_a_key", "42710"),
    ("ALTER TABLE t RENAME CONSTRAINT t_a_key TO other", "42P07"),  # other is a table
])
def test_rename_constraint_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0));\nCREATE TABLE other (x int);\n",
                         "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate


def test_not_valid_then_validate(replay_sql):
    result = replay_sql({
        "001_a.sql": "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID;\n",
        "002_b.sql": "ALTER TABLE t VALIDATE CONSTRAINT pos;\n",
        "003_c.sql": "ALTER TABLE t VALIDATE CONSTRAINT zz;\n",
    })
    c = _constraint(result, "t", "pos")
    assert not c.not_valid
    assert c.provenance.changed.file == "002_b.sql"
    assert result.failed_files["003_c.sql"].sqlstate == "42704"


def test_several_constraints_in_one_alter_table(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (id int PRIMARY KEY, a int);\n"
                                      "ALTER TABLE t ADD CHECK (a > 0), ADD CHECK (a < 100), ADD UNIQUE (a), ADD FOREIGN KEY (a) REFERENCES t;\n"})
    assert set(_names(result, "t")) == {"t_pkey", "t_a_check", "t_a_check1", "t_a_key", "t_a_fkey"}
    # The server's order (its oids): the key's index first, then the CHECKs and the foreign key.
    assert result.events[-1].description == (
        "added unique constraint t_a_key to t; added check constraint t_a_check to t; "
        "added check constraint t_a_check1 to t; added foreign key constraint t_a_fkey to t")


def test_add_constraint_using_index(replay_sql):
    result = replay_sql({"001_a.sql": (
        "CREATE TABLE t (a int, b text, c int);\n"
        "CREATE UNIQUE INDEX i ON t (a);\nALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX i;\n"
        "CREATE UNIQUE INDEX j ON t (b) INCLUDE (c);\nALTER TABLE t ADD UNIQUE USING INDEX j;\n"
        "CREATE TABLE c (x int REFERENCES t);\n"
    )})
    assert result.failed_files == {}
    pk, uq = _constraint(result, "t", "pk"), _constraint(result, "t", "j")
    assert (pk.kind, pk.columns, uq.kind, uq.columns, uq.include) == ("primary key", ["a"], "unique", ["b"], ["c"])
    assert result.catalog.tables["public.t"].column("a").not_null  # a primary key's columns become NOT NULL
    assert result.catalog.indexes == {}  # the constraints own them, under their names
    assert _constraint(result, "c", "c_x_fkey").ref_columns == ["a"]


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("CREATE INDEX i ON t (a);\nALTER TABLE t ADD UNIQUE USING INDEX i", "42809"),
    ("ALTER TABLE t ADD UNIQUE USING INDEX zz", "42704"),
    ("CREATE UNIQUE INDEX i ON t (lower(b));\nALTER TABLE t ADD UNIQUE USING INDEX i", "42809"),
    ("CREATE UNIQUE INDEX i ON t (a) WHERE a > 0;\nALTER TABLE t ADD UNIQUE USING INDEX i", "42809"),
    ("CREATE UNIQUE INDEX i ON t (a DESC);\nALTER TABLE t ADD UNIQUE USING INDEX i", "42809"),
    ("ALTER TABLE t ADD PRIMARY KEY (a);\nALTER TABLE t ADD UNIQUE USING INDEX t_pkey", "55000"),
    ("CREATE TABLE u (a int);\nCREATE UNIQUE INDEX i ON u (a);\nALTER TABLE t ADD UNIQUE USING INDEX i", "55000"),
    ("CREATE UNIQUE INDEX i ON t (a);\nCREATE TABLE pk (x int);\nALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY USING INDEX i", "42P07"),
    ("ALTER TABLE t ADD PRIMARY KEY (b);\nCREATE UNIQUE INDEX i ON t (a);\nALTER TABLE t ADD PRIMARY KEY USING INDEX i", "42P16"),
])
def test_add_constraint_using_index_failures(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int, b text);\n", "002_b.sql": statement + ";\n"})
    assert result.failed_files["002_b.sql"].sqlstate == sqlstate
