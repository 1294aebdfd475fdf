"""PL/pgSQL row triggers on seed DML, against PostgreSQL 15: BEFORE triggers that change NEW or skip the row
(RETURN NULL), AFTER triggers that write other tables (audit logs), TG_OP and TG_TABLE_NAME, triggers fired by the
statements of other triggers and of DO blocks. The same files replayed into the model and run on a server leave
the same rows and sequence positions, and the baseline rebuilds them (the fixtures of test_seed_rows.py)."""

from __future__ import annotations

import pytest

from tests.replay.test_seed_rows import _run, accepted_as_on_the_server

AUDIT = """
CREATE TABLE items (id serial PRIMARY KEY, name text UNIQUE, price int, status text DEFAULT 'new', touched timestamptz);
CREATE TABLE audit (id serial PRIMARY KEY, op text, tbl text, item_id int, detail text);
CREATE FUNCTION audit_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO audit (op, tbl, item_id, detail) VALUES (TG_OP, TG_TABLE_NAME, OLD.id, OLD.name);
    RETURN OLD;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit (op, tbl, item_id, detail) VALUES (TG_OP, TG_TABLE_NAME, NEW.id, OLD.price || '->' || NEW.price);
  ELSE
    INSERT INTO audit (op, tbl, item_id, detail) VALUES (TG_OP, TG_TABLE_NAME, NEW.id, NEW.name);
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION check_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.price IS NULL OR NEW.price < 0 THEN
    RETURN NULL;
  END IF;
  NEW.name := upper(NEW.name);
  NEW.status := CASE WHEN NEW.price > 5 THEN 'dear' ELSE 'cheap' END;
  NEW.touched = now();
  RETURN NEW;
END $$;
CREATE FUNCTION keep_dear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'dear' THEN RETURN NULL; END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER items_audit AFTER INSERT OR UPDATE OR DELETE ON items FOR EACH ROW EXECUTE FUNCTION audit_items();
CREATE TRIGGER items_check BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION check_items();
CREATE TRIGGER items_keep BEFORE DELETE ON items FOR EACH ROW EXECUTE FUNCTION keep_dear();
"""

ACCEPTED = {
    "audit log, BEFORE changes and skips": AUDIT + """
INSERT INTO items (name, price) VALUES ('a', 1), ('b', -1), ('c', 3), ('d', NULL), ('e', 9);
UPDATE items SET price = price * 10 WHERE name = 'A';
UPDATE items SET price = -5 WHERE name = 'C';
DELETE FROM items WHERE name IN ('A', 'E');
INSERT INTO items (name, price) VALUES ('c', 4) ON CONFLICT (name) DO UPDATE SET price = EXCLUDED.price;
INSERT INTO items (name, price) VALUES ('f', 2) ON CONFLICT (name) DO UPDATE SET price = EXCLUDED.price;
""",
    "triggers fired from a DO block and from other triggers, undone with its sub-block": AUDIT + """
CREATE TABLE counts (tbl text PRIMARY KEY, n int NOT NULL);
CREATE FUNCTION count_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE counts SET n = n + 1 WHERE tbl = NEW.tbl;
  IF NOT FOUND THEN
    INSERT INTO counts VALUES (NEW.tbl, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_count AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION count_audit();
DO $$
BEGIN
  FOR i IN 1..3 LOOP
    INSERT INTO items (name, price) VALUES ('n' || i, i * 3);
  END LOOP;
  BEGIN
    INSERT INTO items (name, price) VALUES ('x', 1);
    INSERT INTO items (name, price) VALUES ('n1', 1);
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO items (name, price) VALUES ('after', 2);
  END;
END $$;
""",
}


@pytest.mark.parametrize("title", sorted(ACCEPTED))
def test_triggers_leave_the_rows_the_server_leaves(title, pg_server, tmp_path):
    accepted_as_on_the_server(ACCEPTED[title], pg_server, tmp_path)


REJECTED = {
    "a BEFORE trigger that raises": """
CREATE TABLE t (n int);
CREATE FUNCTION no_big() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.n > 2 THEN RAISE EXCEPTION 'too big: %', NEW.n; END IF; RETURN NEW; END $$;
CREATE TRIGGER t_no_big BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION no_big();
--
INSERT INTO t VALUES (1), (2), (3);
""",
    "an AFTER trigger that violates a key": """
CREATE TABLE t (n int);
CREATE TABLE log (n int PRIMARY KEY);
CREATE FUNCTION log_n() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log VALUES (NEW.n % 2); RETURN NULL; END $$;
CREATE TRIGGER t_log AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION log_n();
--
INSERT INTO t VALUES (1), (2), (3);
""",
    "a trigger function without RETURN": """
CREATE TABLE t (n int);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE TRIGGER t_nothing BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nothing();
--
INSERT INTO t VALUES (1);
""",
}


@pytest.mark.parametrize("title", sorted(REJECTED))
def test_triggers_fail_as_the_server_fails(title, pg_server, tmp_path):
    setup, failing = REJECTED[title].split("--\n")
    result, errors, server, model, _ = _run({"001_a.sql": setup, "002_b.sql": failing}, pg_server, tmp_path)
    (failed,) = result.replay.failed_files.values()
    assert (failed.span.file, failed.sqlstate) == ("002_b.sql", errors["002_b.sql"][1])
    assert model == server


@pytest.mark.parametrize("trigger, reason", [
    ("CREATE TRIGGER t_s AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION f();", "statement-level"),
    ("CREATE TRIGGER t_w BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.n > 1) EXECUTE FUNCTION f();", "WHEN"),
    ("CREATE TRIGGER t_b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION g();", "BEFORE trigger's function that runs SQL"),
    ("CREATE TRIGGER t_j AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION j();", "whole record"),
])
def test_triggers_the_model_does_not_run_are_reported_with_the_function(trigger, reason, replay_sql):
    result = replay_sql({"001_a.sql": f"""CREATE TABLE t (n int);
CREATE TABLE log (n int, j jsonb);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION g() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log (n) VALUES (NEW.n); RETURN NEW; END $$;
CREATE FUNCTION j() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO log (j) VALUES (to_jsonb(NEW)); RETURN NULL; END $$;
{trigger}
INSERT INTO t VALUES (1);
"""})
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diagnostic.span.line == 7
    assert reason in diagnostic.message
    assert result.catalog.rows_unknown("public.t") is not None


def test_what_a_trigger_the_model_stopped_following_wrote_is_not_known(replay_sql):
    result = replay_sql({"001_a.sql": """CREATE TABLE t (n int);
CREATE TABLE log (n int);
CREATE TABLE later (j jsonb);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log VALUES (NEW.n);
  INSERT INTO later VALUES (to_jsonb(NEW));
  RETURN NULL;
END $$;
CREATE TRIGGER t_f AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
INSERT INTO t VALUES (1);
"""})
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diagnostic.span.line == 11 and "whole record" in diagnostic.message
    assert all(result.catalog.rows_unknown(k) is not None for k in ("public.t", "public.log", "public.later"))
