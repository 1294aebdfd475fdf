"""The baseline's seed rows: one INSERT per table, after every table and before the triggers and the keys added
late, so that a trigger never fires on the baseline's own rows and cycles of foreign keys hold; `--no-data` and
`--data-only` split the file in two that together build the same database."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.build import build


def _legacy(tmp_path, sql: str):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_a.sql").write_text(sql, encoding="utf-8")
    return folder


def _rows_section(sql: str) -> list[str]:
    lines = sql.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-- ===== Seed rows"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("-- ====="))
    return [line for line in lines[start + 1:end] if line]


def test_one_insert_per_table_by_primary_key_with_literals_quoted(tmp_path):
    folder = _legacy(tmp_path, """CREATE TABLE parent (code text PRIMARY KEY, label text, n numeric, ok boolean);
CREATE TABLE child (id int GENERATED ALWAYS AS IDENTITY, code text REFERENCES parent, at timestamptz DEFAULT now());
INSERT INTO parent VALUES ('b', 'it''s', 1.50, true), ('a', NULL, -2, false), ('B', E'back\\\\slash', NULL, NULL);
INSERT INTO child (code) VALUES ('b'), ('a');
""")
    result = build(folder, provenance=False)
    assert [d.message for d in result.diagnostics] == []
    assert _rows_section(result.sql) == [
        "INSERT INTO parent (code, label, n, ok)",
        "VALUES",
        "  ('B', 'back\\slash', NULL, NULL),",  # C collation: bytes, upper case first
        "  ('a', NULL, -2, false),",
        "  ('b', 'it''s', 1.50, true);",
        "INSERT INTO child (id, code, at) OVERRIDING SYSTEM VALUE",
        "VALUES",
        "  (1, 'b', now()),",
        "  (2, 'a', now());",
    ]


def _apply(pg_server, name: str, path) -> str:
    dsn = pg_server.create_database(name)
    out = pg_server.psql_file(name, path, single_transaction=True, on_error_stop=True)
    assert out.returncode == 0, out.stderr
    return dsn


def _dump(dsn: str, tables: list[str]) -> dict:
    with psycopg.connect(dsn) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


HISTORY = """CREATE TABLE a (id int PRIMARY KEY, b_id int);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;
CREATE TABLE tree (id serial PRIMARY KEY, parent int REFERENCES tree, ok boolean);
INSERT INTO a VALUES (1, NULL), (2, NULL);
INSERT INTO b VALUES (1, 1), (2, 2);
UPDATE a SET b_id = 1;
INSERT INTO tree (parent, ok) VALUES (NULL, true), (1, false);
UPDATE tree SET parent = 2;
ALTER TABLE tree ADD CONSTRAINT tree_ok CHECK (ok) NOT VALID;
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no more rows'; END $$;
CREATE TRIGGER refuse BEFORE INSERT ON tree FOR EACH ROW EXECUTE FUNCTION refuse();
"""


def test_cycles_self_references_not_valid_checks_and_triggers(pg_server, tmp_path):
    folder = _legacy(tmp_path, HISTORY)
    result = build(folder, provenance=False)
    assert [d.message for d in result.diagnostics] == []
    baseline = tmp_path / "baseline.sql"
    baseline.write_text(result.sql, encoding="utf-8")
    tables = ["a", "b", "tree"]
    try:
        legacy = pg_server.create_database("emit_rows_legacy")
        pg_server.execute("emit_rows_legacy", HISTORY)
        dsn = _apply(pg_server, "emit_rows_base", baseline)
        expected = _dump(legacy, tables)
        assert expected == {"a": [(1, 1), (2, 1)], "b": [(1, 1), (2, 2)], "tree": [(1, 2, True), (2, 2, False)]}
        assert _dump(dsn, tables) == expected
        with psycopg.connect(dsn) as conn:  # the trigger is there, after the rows
            with pytest.raises(psycopg.errors.RaiseException):
                conn.execute("INSERT INTO tree (parent, ok) VALUES (NULL, true)")
    finally:
        pg_server.drop_database("emit_rows_legacy")
        pg_server.drop_database("emit_rows_base")


def test_no_data_then_data_only_build_the_same_database(pg_server, tmp_path):
    folder = _legacy(tmp_path, HISTORY.replace("ALTER TABLE tree ADD CONSTRAINT tree_ok CHECK (ok) NOT VALID;\n", ""))
    whole, schema, data = (build(folder, provenance=False, content=c).sql for c in ("all", "schema", "data"))
    assert "INSERT INTO tree" in whole and "INSERT INTO tree" not in schema and "CREATE TABLE" not in data
    assert "setval" in data and "schema_migrations" not in data
    paths = {}
    for name, sql in (("whole", whole), ("schema", schema), ("data", data)):
        paths[name] = tmp_path / f"{name}.sql"
        paths[name].write_text(sql, encoding="utf-8")
    try:
        full = _apply(pg_server, "emit_rows_whole", paths["whole"])
        split = _apply(pg_server, "emit_rows_split", paths["schema"])
        assert _dump(split, ["a", "b", "tree"]) == {"a": [], "b": [], "tree": []}
        out = pg_server.psql_file("emit_rows_split", paths["data"], single_transaction=True, on_error_stop=True)
        # the schema has the trigger and the cycle of keys already: as with pg_dump --data-only, they must be off
        assert out.returncode != 0 and "a_b_id_fkey" in out.stderr
        pg_server.execute("emit_rows_split", "SET session_replication_role = replica;\n" + data)
        assert _dump(split, ["a", "b", "tree"]) == _dump(full, ["a", "b", "tree"])
        with psycopg.connect(full) as one, psycopg.connect(split) as two:
            position = "SELECT last_value, is_called FROM tree_id_seq"
            assert one.execute(position).fetchone() == two.execute(position).fetchone() == (2, True)
    finally:
        pg_server.drop_database("emit_rows_whole")
        pg_server.drop_database("emit_rows_split")


def test_rows_the_model_lost_track_of_are_left_out_and_listed(tmp_path):
    folder = _legacy(tmp_path, """CREATE TABLE kept (a int);
CREATE TABLE lost (a int);
INSERT INTO kept VALUES (1);
INSERT INTO lost VALUES (1);
INSERT INTO lost SELECT 2 LIMIT 1;
""")
    sql = build(folder, provenance=False).sql
    assert _rows_section(sql) == ["INSERT INTO kept (a)", "VALUES", "  (1);"]
    assert "--   lost: since 001_a.sql:5 (SELECT with LIMIT is not evaluated yet as a source of rows)" in sql.splitlines()


def test_rows_of_a_table_without_columns_to_name_are_inserted_with_default_values(pg_server, tmp_path):
    # `INSERT INTO t () VALUES ()` is a syntax error: a table whose columns were all dropped, or that has only a
    # generated one, still holds rows (found by the procedural differential run, seed 9221)
    history = ("CREATE TABLE t1 (c int);\nCREATE TABLE t2 (g int GENERATED ALWAYS AS (1) STORED);\n"
               "ALTER TABLE t1 DROP COLUMN c;\nINSERT INTO t1 DEFAULT VALUES;\nINSERT INTO t1 DEFAULT VALUES;\n"
               "INSERT INTO t2 DEFAULT VALUES;\n")
    result = build(_legacy(tmp_path, history), provenance=False)
    assert [d.message for d in result.diagnostics] == []
    assert _rows_section(result.sql) == ["INSERT INTO t1 DEFAULT VALUES;", "INSERT INTO t1 DEFAULT VALUES;",
                                         "INSERT INTO t2 DEFAULT VALUES;"]
    baseline = tmp_path / "baseline.sql"
    baseline.write_text(result.sql, encoding="utf-8")
    try:
        dsn = _apply(pg_server, "emit_rows_no_columns", baseline)
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT (SELECT count(*) FROM t1), (SELECT array_agg(g) FROM t2)").fetchone() == (
                2, [1])
    finally:
        pg_server.drop_database("emit_rows_no_columns")
