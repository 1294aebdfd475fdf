"""CREATE TABLE AS and SELECT INTO against PostgreSQL 15: the table's columns (names, types with their modifiers,
collations) come from the query as the server derives them; the same files fail with the same SQLSTATE; a query
writes the rows the seed data computes from the query; one it does not evaluate keeps the table's shape in the
model and reports the rows, never guessed."""

from __future__ import annotations

from consolidator.verify.run import VerifyOptions, verify

TABLE = 'CREATE TABLE t (id int NOT NULL DEFAULT 1, a varchar(20), b numeric(8,2), c text COLLATE "C", d int[]);\n'

EXACT = {
    "001.sql": TABLE
    + "CREATE TABLE x4 (p) AS SELECT id, a, b, c, d, 'lit' AS l, id::bigint AS e, 2.5 AS f, 7 AS g, true AS h\n"
      "    FROM t WITH NO DATA;\n"
      "SELECT id, a INTO x5 FROM t WHERE false;\n"
      "SELECT * INTO UNLOGGED x6 FROM t LIMIT 0;\n"
      "CREATE TABLE IF NOT EXISTS x5 AS SELECT 1 AS z;\n"
      "CREATE TABLE x9 AS SELECT x5.id AS key, t.c FROM x5 JOIN t USING (id) WITH NO DATA;\n",
    "002.sql": "CREATE TABLE IF NOT EXISTS t AS SELECT nosuch FROM t;\n",
    "003.sql": "CREATE TABLE x1 (p, q, r) AS SELECT id, a FROM t;\n",
    "004.sql": "CREATE TABLE x3 AS SELECT id, id FROM t WITH NO DATA;\n",
    "005.sql": "CREATE VIEW v AS SELECT 1 AS one;\nCREATE TABLE v AS SELECT 1 AS x WITH NO DATA;\n",
    "006.sql": "CREATE TABLE x10 AS SELECT * FROM nosuch WITH NO DATA;\n",
    "007.sql": "CREATE TABLE x4 AS SELECT 1 AS one WITH NO DATA;\n",
    "008.sql": "ALTER TABLE x4 ADD COLUMN z int;\nCREATE INDEX ON x6 (a);\n",
}


def test_columns_derived_as_on_postgres(as_on_postgres):
    as_on_postgres(EXACT, {"002.sql": "42703", "003.sql": "42601", "004.sql": "42701", "005.sql": "42P07",
                           "006.sql": "42P01", "007.sql": "42P07"})


def test_rows_are_the_querys_as_on_postgres(tmp_path, pg_server, replay_sql):
    files = {"001.sql": TABLE + "CREATE TABLE e (k int);\n"
                                "INSERT INTO t (id, a, c, d) VALUES (1, 'x', 'p', '{1,2}'), (2, NULL, 'q', NULL);\n",
             "002.sql": "CREATE TABLE x7 AS SELECT id, c FROM t;\nCREATE INDEX ON x7 (c);\n"
                        "SELECT a, id AS tens INTO x8 FROM t WHERE id > 1;\n"
                        "CREATE TABLE x9 AS SELECT * FROM e WITH DATA;\nCREATE TABLE x10 (p, q) AS SELECT d, b FROM t;\n",
             "003.sql": "ALTER TABLE x7 ADD PRIMARY KEY (id);\nINSERT INTO x7 VALUES (1, 'z');\n",
             "004.sql": "ALTER TABLE x9 ADD PRIMARY KEY (k);\nINSERT INTO x9 VALUES (1), (2);\n"}
    model = replay_sql(files)
    assert {n: d.sqlstate for n, d in model.failed_files.items()} == {"003.sql": "23505"}  # x7 holds id 1
    assert not [d for d in model.diagnostics if d.code == "not-modelled"], model.diagnostics
    assert model.catalog.tables["public.x7"].columns[1].collation is not None
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    report = verify(VerifyOptions(legacy_dir=tmp_path), cluster=pg_server)
    assert report.equivalent and not report.gaps, report.to_text()  # the rows are compared too


def test_rows_of_a_query_the_model_does_not_evaluate_are_reported_and_the_table_is_kept(tmp_path, pg_server,
                                                                                         replay_sql):
    files = {"001.sql": TABLE, "002.sql": "CREATE TABLE x7 AS SELECT id, c FROM t ORDER BY c;\n"
                                          "CREATE INDEX ON x7 (c);\nSELECT DISTINCT a INTO x8 FROM t;\n"}
    model = replay_sql(files)
    assert not model.failed_files
    reported = [d for d in model.diagnostics if d.code == "not-modelled"]
    assert [(d.span.file, d.span.line) for d in reported] == [("002.sql", 1), ("002.sql", 3)]
    assert "its columns are modelled; the rows the query writes are not" in reported[0].message
    assert [c.name for c in model.catalog.tables["public.x7"].columns] == ["id", "c"]
    assert "public.x7_c_idx" in model.catalog.indexes  # what a later statement does to it is modelled too
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    report = verify(VerifyOptions(legacy_dir=tmp_path), cluster=pg_server)
    assert not report.findings, report.to_text()  # the columns and the index are the server's; t has no rows


def test_what_the_model_cannot_type_is_reported(replay_sql):
    model = replay_sql({"001.sql": TABLE, "002.sql": "CREATE TABLE n AS SELECT count(*) FROM t;\n"
                                                     "CREATE TABLE m AS SELECT NULL AS x WITH NO DATA;\n"
                                                     "CREATE TABLE k AS EXECUTE q;\n"})
    assert not model.failed_files
    assert [d.span.line for d in model.diagnostics if d.code == "not-modelled"] == [1, 2, 3]
    assert "public.n" not in model.catalog.tables


def test_rows_written_by_the_query_are_unknown_so_later_data_statements_are_not_judged(replay_sql):
    # t has a row: x7 holds it on the server; a model that took x7 for empty would accept the duplicate key
    files = {"001.sql": TABLE + "INSERT INTO t (id) VALUES (1);\n",
             "002.sql": "CREATE TABLE x7 AS SELECT id FROM t ORDER BY id;\nALTER TABLE x7 ADD PRIMARY KEY (id);\n"
                        "INSERT INTO x7 VALUES (1);\n"}
    model = replay_sql(files)
    assert not model.failed_files
    assert "rows the query writes are not" in model.catalog.rows_unknown("public.x7")
    reported = [(d.span.file, d.span.line) for d in model.diagnostics if d.code == "not-modelled"]
    assert ("002.sql", 3) in reported
