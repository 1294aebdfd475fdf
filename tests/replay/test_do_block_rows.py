"""DO blocks that write seed rows, against PostgreSQL 15: the same files replayed into the model and run on a server
leave the same rows and sequence positions, and the baseline built from the model rebuilds them (the fixtures of
test_seed_rows.py). What the model cannot follow is reported, never guessed."""

from __future__ import annotations

import pytest

from tests.replay.test_seed_rows import _run, accepted_as_on_the_server

ACCEPTED = {
    "the idempotent role seed": """
CREATE TABLE roles (id serial PRIMARY KEY, name text UNIQUE NOT NULL);
INSERT INTO roles (name) VALUES ('user');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin') THEN
    INSERT INTO roles (name) VALUES ('admin');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM roles WHERE name = 'user') THEN
    INSERT INTO roles (name) VALUES ('user');
  END IF;
END $$;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin') THEN INSERT INTO roles (name) VALUES ('admin'); END IF; END $$;
""",
    "variables, FOR over rows, ROW_COUNT, FOUND, RETURNING INTO, EXECUTE USING, sub-block undo": """
CREATE TABLE roles (id serial PRIMARY KEY, name text UNIQUE, rank int);
CREATE TABLE log (id serial PRIMARY KEY, msg text, n int);
INSERT INTO roles (name, rank) VALUES ('a', 1), ('b', 2), ('c', 3);
DO $$
DECLARE r record; n int; v_id int; total int := 0; label text := 'role ';
BEGIN
  FOR r IN SELECT id, name, rank FROM roles WHERE rank > 1 LOOP
    INSERT INTO log (msg, n) VALUES (label || r.name, r.rank * 10);
    total := total + r.rank;
  END LOOP;
  INSERT INTO log (msg) VALUES ('loop found ' || FOUND);
  UPDATE roles SET rank = rank + 100 WHERE rank >= 2;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO log (msg, n) VALUES ('updated', n);
  INSERT INTO log (msg, n) VALUES ('total', total);
  DELETE FROM roles WHERE name = 'zzz';
  IF NOT FOUND THEN
    INSERT INTO log (msg) VALUES ('nothing deleted');
  END IF;
  INSERT INTO roles (name) VALUES ('admin') RETURNING id INTO v_id;
  INSERT INTO log (msg, n) VALUES ('admin id', v_id);
  SELECT rank INTO n FROM roles WHERE name = 'a';
  INSERT INTO log (msg, n) VALUES ('rank of a', n);
  SELECT rank INTO n FROM roles WHERE name = 'nobody';
  INSERT INTO log (msg, n) VALUES ('no row: ' || FOUND, n);
  EXECUTE format('INSERT INTO %I (msg, n) VALUES ($1, $2)', 'log') USING 'dyn', total + 1;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO log (msg, n) VALUES ('dyn count', n);
  EXECUTE 'SELECT count(*) FROM roles WHERE rank > $1' INTO n USING 100;
  INSERT INTO log (msg, n) VALUES ('counted', n);
  PERFORM 1 FROM roles WHERE rank > 100;
  IF FOUND THEN INSERT INTO log (msg) VALUES ('found big'); END IF;
  BEGIN
    INSERT INTO log (msg) VALUES ('undone');
    UPDATE roles SET rank = 0;
    INSERT INTO roles (name) VALUES ('a');
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO log (msg) VALUES ('caught ' || SQLSTATE);
  END;
  IF (SELECT count(*) FROM log) > 3 THEN INSERT INTO log (msg) VALUES ('many'); END IF;
  FOR i IN 1..3 LOOP
    UPDATE roles SET rank = rank + i WHERE id = i;
  END LOOP;
END $$;
""",
    "loops that seed and a DELETE by variable": """
CREATE TABLE flags (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key text UNIQUE, enabled boolean DEFAULT false);
DO $$
DECLARE i int := 0;
BEGIN
  WHILE i < 5 LOOP
    i := i + 1;
    INSERT INTO flags (key, enabled) VALUES ('f' || i, i % 2 = 0);
  END LOOP;
END $$;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT key, enabled FROM flags WHERE enabled LOOP
    EXECUTE format('UPDATE flags SET key = %L WHERE key = %L', r.key || '_on', r.key);
  END LOOP;
  UPDATE flags SET enabled = NOT enabled WHERE id > 2;
  DELETE FROM flags WHERE key = 'f' || (5 - 1);
END $$;
""",
    "ROW_COUNT after ON CONFLICT, a FOR loop and DDL": """
CREATE TABLE k (id int PRIMARY KEY, v text);
INSERT INTO k VALUES (1, 'a');
DO $$
DECLARE n int; r record;
BEGIN
  INSERT INTO k VALUES (1, 'x'), (2, 'b') ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO k VALUES (10 + n, 'after on conflict');
  FOR r IN SELECT id FROM k WHERE id < 3 LOOP NULL; END LOOP;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO k VALUES (30 + n, 'after for');
  INSERT INTO k VALUES (1, 'y'), (3, 'c') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO k VALUES (20 + n, 'after upsert');
  CREATE TABLE z (a int);
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO k VALUES (40 + n, 'after ddl');
  n := 0;
  WHILE n < 3 LOOP
    n := n + 1;
    UPDATE k SET v = v || n WHERE id = n;
  END LOOP;
  IF FOUND THEN INSERT INTO k VALUES (50, 'found after while'); END IF;
END $$;
""",
}



@pytest.mark.parametrize("title", sorted(ACCEPTED))
def test_do_blocks_leave_the_rows_the_server_leaves(title, pg_server, tmp_path):
    accepted_as_on_the_server(ACCEPTED[title], pg_server, tmp_path)


REJECTED = {
    "a duplicate inserted by a DO block": """
CREATE TABLE roles (name text PRIMARY KEY);
DO $$ BEGIN INSERT INTO roles VALUES ('a'); INSERT INTO roles VALUES ('a'); END $$;
""",
    "SELECT INTO STRICT without a row": """
CREATE TABLE roles (name text PRIMARY KEY);
DO $$ DECLARE v text; BEGIN SELECT name INTO STRICT v FROM roles; END $$;
""",
    "SELECT INTO STRICT with two rows": """
CREATE TABLE roles (name text PRIMARY KEY);
INSERT INTO roles VALUES ('a'), ('b');
DO $$ DECLARE v text; BEGIN SELECT name INTO STRICT v FROM roles; END $$;
""",
    "UPDATE RETURNING INTO of two rows": """
CREATE TABLE roles (name text PRIMARY KEY);
INSERT INTO roles VALUES ('a'), ('b');
DO $$ DECLARE v text; BEGIN UPDATE roles SET name = name || '!' RETURNING name INTO v; END $$;
""",
    "a scalar subquery of two rows": """
CREATE TABLE roles (name text PRIMARY KEY);
INSERT INTO roles VALUES ('a'), ('b');
DO $$ BEGIN IF (SELECT name FROM roles) = 'a' THEN RAISE NOTICE 'x'; END IF; END $$;
""",
    "a check violated inside a loop": """
CREATE TABLE t (n int CHECK (n < 3));
DO $$ BEGIN FOR i IN 1..5 LOOP INSERT INTO t VALUES (i); END LOOP; END $$;
""",
}


@pytest.mark.parametrize("title", sorted(REJECTED))
def test_do_blocks_fail_as_the_server_fails(title, pg_server, tmp_path):
    result, errors, server, model, _ = _run({"001_a.sql": REJECTED[title]}, pg_server, tmp_path)
    (failed,) = result.replay.failed_files.values()
    assert failed.sqlstate == errors["001_a.sql"][1]
    assert model == server


def test_a_read_of_rows_the_model_lost_is_reported(replay_sql):
    result = replay_sql({"001_a.sql": """CREATE TABLE roles (name text);
CREATE TABLE src (name text);
INSERT INTO src SELECT 'a' ORDER BY 1;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM src) THEN INSERT INTO roles VALUES ('x'); END IF; END $$;
"""})
    messages = [d.message for d in result.diagnostics if d.code == "not-modelled"]
    assert any("rows of src are not known" in m for m in messages), messages
    assert result.catalog.rows("public.roles") == ()


def test_a_variable_that_is_also_a_column_is_reported(replay_sql):
    result = replay_sql({"001_a.sql": """CREATE TABLE roles (name text);
DO $$ DECLARE name text := 'x'; BEGIN DELETE FROM roles WHERE name = name; END $$;
"""})
    (message,) = [d.message for d in result.diagnostics if d.code == "not-modelled"]
    assert "names both a PL/pgSQL variable and a column" in message


def test_the_rows_a_do_block_left_out_writes_are_not_known(replay_sql):
    result = replay_sql({"001_a.sql": """CREATE TABLE roles (name text PRIMARY KEY);
CREATE TABLE other (n int);
INSERT INTO other VALUES (1);
DO $$
DECLARE k text;
BEGIN
  INSERT INTO roles VALUES ('a');
  FOREACH k IN ARRAY ARRAY['b'] LOOP INSERT INTO roles VALUES (k); END LOOP;
END $$;
INSERT INTO roles VALUES ('a');
INSERT INTO other VALUES (2);
"""})
    lines = [d.span.line for d in result.diagnostics if d.code == "not-modelled"]
    assert lines == [4, 10]  # the second 'a' fails on the server (23505): the model cannot say so
    assert result.failed_files == {}
    assert [r["n"].text for r in result.catalog.rows("public.other")] == ["1", "2"]
