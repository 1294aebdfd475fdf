"""Seed rows against PostgreSQL 15: the same files replayed into the model and run on a server (each file in one
transaction, as psql -1 runs it) leave the same rows and sequence positions, fail at the same line with the same
SQLSTATE and message, and the baseline built from the model, applied to an empty database, holds those rows.

Values the server computes when the statement runs (now(), gen_random_uuid()) are compared by column presence only.
Statements are one per line, so the model's line (where a statement starts) is psql's (where it ends).
"""

from __future__ import annotations

import psycopg
import pytest

from consolidator.build import build
from consolidator.model.rows import KeptExpression
from consolidator.model.sequence_params import settled
from consolidator.verify.psql_messages import parse_messages


def _server_rows(dsn: str, tables: dict[str, list[str]], masked: dict[str, set[str]]) -> dict[str, list]:
    """Each table's rows as the types' output functions print them (COPY's text), sorted."""
    out = {}
    with psycopg.connect(dsn) as conn:
        for table, columns in tables.items():
            shown = [psycopg.sql.Identifier(c).as_string(conn) for c in columns if c not in masked.get(table, ())]
            name = ".".join(psycopg.sql.Identifier(p).as_string(conn) for p in table.split("."))
            with conn.cursor() as cur:
                with cur.copy(f"COPY (SELECT {', '.join(shown) or 'NULL'} FROM {name}) TO STDOUT") as copy:
                    rows = list(copy.rows())
            out[table] = sorted((tuple(r) if shown else () for r in rows), key=repr)
    return out


def _positions(dsn: str, keys: list[str]) -> dict[str, tuple[int, bool]]:
    with psycopg.connect(dsn) as conn:
        return {k: conn.execute(f"SELECT last_value, is_called FROM {k}").fetchone() for k in keys}


def _model(result) -> tuple[dict, dict, dict]:
    catalog = result.catalog
    tables = {k: [c.name for c in t.columns] for k, t in sorted(catalog.tables.items()) if k != "public.schema_migrations"}
    masked: dict[str, set[str]] = {}
    for key in tables:
        for row in catalog.rows(key):
            masked.setdefault(key, set()).update(c for c, v in row.items() if isinstance(v, KeptExpression))
    rows = {}
    for key, columns in tables.items():
        shown = [c for c in columns if c not in masked.get(key, ())]
        rows[key] = sorted((tuple(None if r.get(c) is None else r.get(c).text for c in shown) for r in catalog.rows(key)),
                           key=repr)
    return tables, masked, rows


def _run(files: dict[str, str], pg_server, tmp_path):
    """(model build, server rows, server positions, model rows, model positions, first error per file on the server)."""
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for name, sql in files.items():
        (legacy / name).write_text(sql.strip() + "\n", encoding="utf-8")
    result = build(legacy, provenance=False)
    db = f"seed_{abs(hash(tmp_path.name)) % 10**8}"
    dsn = pg_server.create_database(db)
    errors = {}
    try:
        for name in files:
            out = pg_server.psql_file(db, legacy / name, single_transaction=True, on_error_stop=True)
            found = [m for m in parse_messages(out.stderr, str(legacy / name)) if m.is_error]
            if found:
                errors[name] = (found[0].line, found[0].sqlstate, found[0].message.split("\n")[0])
        tables, masked, model_rows = _model(result)
        sequences = sorted(result.catalog.sequences)
        server_rows = _server_rows(dsn, tables, masked)
        server_positions = _positions(dsn, sequences)
    finally:
        pg_server.drop_database(db)
    model_positions = {k: (settled(s).last_value, settled(s).is_called) for k, s in sorted(result.catalog.sequences.items())}
    return result, errors, (server_rows, server_positions), (model_rows, model_positions), (tables, masked)


def _baseline_rows(result, tables, masked, pg_server, tmp_path):
    db = f"seedb_{abs(hash(tmp_path.name)) % 10**8}"
    dsn = pg_server.create_database(db)
    try:
        path = tmp_path / "000_consolidated_baseline.sql"
        path.write_text(result.sql, encoding="utf-8")
        out = pg_server.psql_file(db, path, single_transaction=True, on_error_stop=True)
        assert out.returncode == 0, out.stderr
        return _server_rows(dsn, tables, masked), _positions(dsn, sorted(result.catalog.sequences))
    finally:
        pg_server.drop_database(db)


ACCEPTED = {
    "values, column lists, DEFAULT, serial": """
CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL, n int DEFAULT 5, note varchar(10));
INSERT INTO t (name) VALUES ('a'), ('b');
INSERT INTO t (name, n) VALUES ('c', DEFAULT), ('d', 7);
INSERT INTO t VALUES (10, 'e', NULL, 'it''s');
INSERT INTO t (id, name) VALUES (nextval('t_id_seq'), 'f');
INSERT INTO t (name, n, note) VALUES ('g', '42', 'ten chars!');
""",
    "identity columns and OVERRIDING": """
CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, b bigint GENERATED BY DEFAULT AS IDENTITY, v text);
INSERT INTO i (v) VALUES ('x');
INSERT INTO i (id, v) OVERRIDING SYSTEM VALUE VALUES (100, 'y');
INSERT INTO i (b, v) VALUES (50, 'z');
INSERT INTO i (b, v) OVERRIDING USER VALUE VALUES (60, 'w');
INSERT INTO i (id, v) VALUES (DEFAULT, 'd');
""",
    "INSERT ... SELECT": """
CREATE TABLE src (k text PRIMARY KEY, on_ boolean);
INSERT INTO src VALUES ('a', true), ('b', false), ('c', NULL);
CREATE TABLE dst (n int, k text, flag boolean DEFAULT true);
INSERT INTO dst (n) SELECT g FROM generate_series(1, 4) AS g;
INSERT INTO dst (n) SELECT * FROM generate_series(10, 1, -4);
INSERT INTO dst (k, flag) SELECT k, on_ FROM src WHERE on_;
INSERT INTO dst (k) SELECT 'const';
INSERT INTO dst SELECT 7, s.k FROM src s;
INSERT INTO dst (n, k) VALUES (1, 'x') RETURNING n;
""",
    "ON CONFLICT": """
CREATE TABLE k (key text PRIMARY KEY, v text, u int UNIQUE);
INSERT INTO k VALUES ('a', '1', 1), ('b', '2', 2);
INSERT INTO k VALUES ('a', 'new', 9) ON CONFLICT DO NOTHING;
INSERT INTO k VALUES ('c', 'x', 1) ON CONFLICT DO NOTHING;
INSERT INTO k VALUES ('d', '4', 4), ('d', '5', 5) ON CONFLICT (key) DO NOTHING;
INSERT INTO k VALUES ('a', 'updated', 10) ON CONFLICT (key) DO UPDATE SET v = EXCLUDED.v;
INSERT INTO k AS old VALUES ('b', 'kept', 11) ON CONFLICT ON CONSTRAINT k_pkey DO UPDATE SET v = old.v, u = EXCLUDED.u;
INSERT INTO k VALUES ('e', NULL, NULL), ('f', NULL, NULL);
""",
    "foreign keys and their actions": """
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE cascade_c (p_id int REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE null_c (p_id int REFERENCES p ON DELETE SET NULL);
CREATE TABLE default_c (p_id int DEFAULT 0 REFERENCES p ON DELETE SET DEFAULT);
INSERT INTO p VALUES (0), (1);
INSERT INTO cascade_c VALUES (1), (1), (NULL);
INSERT INTO null_c VALUES (1), (0);
INSERT INTO default_c VALUES (1);
DELETE FROM p USING null_c WHERE false;
UPDATE cascade_c SET p_id = 0 WHERE false;
""",
    "delete, update and truncate": """
CREATE TABLE f (k text PRIMARY KEY, enabled boolean NOT NULL DEFAULT false, n int);
INSERT INTO f (k, enabled) VALUES ('a', true), ('b', false), ('c', true);
UPDATE f SET enabled = false WHERE enabled;
UPDATE f SET n = 3;
DELETE FROM f WHERE enabled;
CREATE TABLE g (id serial, v text);
INSERT INTO g (v) VALUES ('1'), ('2');
TRUNCATE g RESTART IDENTITY;
INSERT INTO g (v) VALUES ('3');
CREATE TABLE h (id serial, v text);
INSERT INTO h (v) VALUES ('1'), ('2');
TRUNCATE h;
INSERT INTO h (v) VALUES ('3');
CREATE TABLE hp (id int PRIMARY KEY);
CREATE TABLE hc (id int REFERENCES hp);
INSERT INTO hp VALUES (1);
INSERT INTO hc VALUES (1);
TRUNCATE hp CASCADE;
""",
    "cascades remove and change rows": """
CREATE TABLE p (id int PRIMARY KEY, name text);
CREATE TABLE c (id serial, p_id int REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE gc (c_id int, p_id int REFERENCES p ON DELETE SET NULL ON UPDATE SET NULL);
INSERT INTO p VALUES (1, 'one');
INSERT INTO c (p_id) VALUES (1), (1);
INSERT INTO gc VALUES (1, 1);
UPDATE p SET id = 2;
DELETE FROM p;
""",
    "renames and dropped columns keep the rows": """
CREATE TABLE r (a int, b text, c boolean);
INSERT INTO r VALUES (1, 'x', true), (2, 'y', false);
ALTER TABLE r RENAME COLUMN b TO bb;
ALTER TABLE r DROP COLUMN c;
ALTER TABLE r RENAME TO r2;
INSERT INTO r2 (bb) VALUES ('z');
CREATE TABLE gone (a int);
INSERT INTO gone VALUES (1);
DROP TABLE gone;
CREATE TABLE gone (a int);
""",
    "volatile values": """
CREATE TABLE v (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), at timestamptz DEFAULT now(), k text UNIQUE);
INSERT INTO v (k) VALUES ('a'), ('b');
INSERT INTO v (k, at) VALUES ('c', CURRENT_TIMESTAMP);
""",
    "DDL after data": """
CREATE TABLE d (a int, f boolean);
INSERT INTO d VALUES (1, true), (2, false), (NULL, NULL);
ALTER TABLE d ADD COLUMN s text DEFAULT 'x';
ALTER TABLE d ADD COLUMN n serial;
ALTER TABLE d ADD COLUMN i bigint GENERATED BY DEFAULT AS IDENTITY;
ALTER TABLE d ADD COLUMN at timestamptz DEFAULT now();
ALTER TABLE d ADD COLUMN plain int;
ALTER TABLE d ADD CONSTRAINT f_true CHECK (f) NOT VALID;
ALTER TABLE d ADD CONSTRAINT n_unique UNIQUE (n);
ALTER TABLE d DROP COLUMN plain;
ALTER TABLE d ALTER COLUMN a TYPE bigint;
ALTER TABLE d ALTER COLUMN s TYPE varchar(3);
ALTER TABLE d ALTER COLUMN n TYPE text USING n::text;
ALTER TABLE d ALTER COLUMN i SET NOT NULL;
CREATE UNIQUE INDEX d_i ON d (i);
CREATE TABLE dp (id int PRIMARY KEY);
INSERT INTO dp VALUES (1), (2);
ALTER TABLE d ADD CONSTRAINT d_fk FOREIGN KEY (a) REFERENCES dp;
""",
    "BEFORE ROW triggers that set a column": """
CREATE TABLE tr (k text PRIMARY KEY, v int, updated_at timestamptz DEFAULT now(), stamp text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE FUNCTION mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.stamp := 'marked'; RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON tr FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_mark BEFORE INSERT OR UPDATE ON tr FOR EACH ROW EXECUTE FUNCTION mark();
INSERT INTO tr (k, v) VALUES ('a', 1), ('b', 1);
UPDATE tr SET v = 2, stamp = 'x' WHERE k = 'a';
ALTER TABLE tr DISABLE TRIGGER t_mark;
INSERT INTO tr (k, v) VALUES ('c', 3);
CREATE TABLE ch (k text PRIMARY KEY, v int, updated_at timestamptz);
CREATE FUNCTION touch_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at = NOW();
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER ch_touch BEFORE UPDATE ON ch FOR EACH ROW EXECUTE FUNCTION touch_changed();
INSERT INTO ch VALUES ('a', 1, NULL), ('b', 2, NULL);
UPDATE ch SET v = 2;
""",
    "predicates and expressions": """
CREATE TABLE f (k varchar(20) PRIMARY KEY, enabled boolean NOT NULL DEFAULT false, n int CHECK (n BETWEEN 0 AND 100));
INSERT INTO f (k, enabled, n) VALUES ('a', true, 10), ('b', false, 20), ('c', true, NULL);
UPDATE f SET n = n + 5 WHERE enabled AND n IS NOT NULL;
UPDATE f SET enabled = NOT enabled WHERE k = 'b' OR k = 'zz';
DELETE FROM f WHERE k = 'c';
INSERT INTO f (k, n) VALUES ('d', 1) ON CONFLICT (k) DO UPDATE SET n = f.n + EXCLUDED.n WHERE f.n < 50;
INSERT INTO f (k, n) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = f.n + EXCLUDED.n WHERE f.n < 50;
INSERT INTO f (k, n) SELECT 'g' || g, g * 10 FROM generate_series(1, 3) AS g WHERE g <> 2;
CREATE TABLE o (k varchar(20) REFERENCES f ON DELETE CASCADE, note text);
INSERT INTO o SELECT k, 'copy' FROM f WHERE n > 10;
DELETE FROM f USING o WHERE o.k = f.k AND f.n = 30;
UPDATE o SET note = f.k FROM f WHERE f.k = o.k;
""",
    "ON CONFLICT DO UPDATE of a referenced key": """
CREATE TABLE p (k text PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (code text REFERENCES p (code) ON UPDATE CASCADE);
INSERT INTO p VALUES ('a', 'x');
INSERT INTO c VALUES ('x');
INSERT INTO p VALUES ('a', 'y') ON CONFLICT (k) DO UPDATE SET code = EXCLUDED.code;
CREATE TABLE s (id int PRIMARY KEY, parent int REFERENCES s ON DELETE CASCADE);
INSERT INTO s VALUES (1, NULL);
INSERT INTO s VALUES (2, 1);
INSERT INTO s VALUES (3, 2);
DELETE FROM s WHERE id = 2;
INSERT INTO s VALUES (2, 1);
INSERT INTO s VALUES (3, 2);
""",
    "EXISTS subqueries (the idempotent seed)": """
CREATE TABLE roles (name text PRIMARY KEY, n int);
INSERT INTO roles SELECT 'admin', 1 WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin');
INSERT INTO roles SELECT 'admin', 2 WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin');
INSERT INTO roles (name, n) SELECT 'ops', 3 WHERE EXISTS (SELECT FROM roles);
CREATE TABLE x (name text);
INSERT INTO x VALUES ('admin'), ('other'), ('ops');
DELETE FROM x WHERE EXISTS (SELECT 1 FROM roles r WHERE r.name = x.name AND r.n > 2);
UPDATE roles SET n = 5 WHERE EXISTS (SELECT 1 FROM x WHERE x.name = 'other' AND n = 1);
UPDATE roles SET n = n + 1 WHERE NOT EXISTS (SELECT 1 FROM roles AS r2 WHERE r2.n > roles.n);
""",
    "ON CONFLICT checks the arbiters first": """
CREATE TABLE k (a int PRIMARY KEY, b int UNIQUE);
INSERT INTO k VALUES (1, 1), (2, 2);
INSERT INTO k VALUES (1, 2) ON CONFLICT (a) DO NOTHING;
""",
    "typed values": """
CREATE TABLE ty (n numeric(6,2), c char(4), s smallint, b bigint, f boolean, vc varchar(3));
INSERT INTO ty VALUES (1.005, 'ab', '12', 5000000000, 'yes', 'abc   ');
INSERT INTO ty VALUES ('2.5', NULL, 1.5, '7', 'off', NULL);
""",
    "enums, jsonb, uuid and arrays": """
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE feelings (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', doc jsonb, u uuid, tags text[]);
INSERT INTO feelings (id, m, doc, u, tags) VALUES
  (1, 'happy', '{"b": 1, "a": [true, null], "a": 2}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{x,"y z"}'),
  (2, DEFAULT, '{"k": "v"}'::jsonb || '{"n": 1}', NULL, ARRAY['q']);
UPDATE feelings SET doc = jsonb_set(doc, '{n}', '2') WHERE id = 2;
DELETE FROM feelings WHERE doc ->> 'k' = 'v' AND id = 3;
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
""",
}


@pytest.mark.parametrize("title", sorted(ACCEPTED))
def test_rows_and_positions_as_the_server_leaves_them(title, pg_server, tmp_path):
    result, errors, server, model, (tables, masked) = _run({"001_a.sql": ACCEPTED[title]}, pg_server, tmp_path)
    assert errors == {}
    assert result.replay.failed_files == {}
    assert [d.message for d in result.replay.diagnostics if d.code == "not-modelled"] == []
    assert model == server
    assert _baseline_rows(result, tables, masked, pg_server, tmp_path) == server


def test_a_failed_file_still_uses_its_sequence_values(pg_server, tmp_path):
    files = {
        "001_a.sql": "CREATE TABLE t (id serial PRIMARY KEY, k text UNIQUE);\nINSERT INTO t (k) VALUES ('a');",
        "002_dup.sql": "INSERT INTO t (k) VALUES ('b');\nINSERT INTO t (k) VALUES ('c'), ('a');",
        "003_b.sql": "INSERT INTO t (k) VALUES ('d');",
    }
    result, errors, server, model, (tables, masked) = _run(files, pg_server, tmp_path)
    assert errors == {"002_dup.sql": (2, "23505", 'duplicate key value violates unique constraint "t_k_key"')}
    failed = result.replay.failed_files["002_dup.sql"]
    assert (failed.span.line, failed.sqlstate) == (2, "23505")
    assert model == server
    assert server[0]["public.t"] == [("1", "a"), ("5", "d")]
    assert _baseline_rows(result, tables, masked, pg_server, tmp_path) == server


def test_an_old_violation_of_a_not_valid_key_is_not_judged(pg_server, tmp_path):
    """The server checks a key an UPDATE leaves unchanged only for a row written in the same transaction."""
    files = {"001_a.sql": "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int, n int);\n"
                          "INSERT INTO c VALUES (5, 1);\nALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p NOT VALID;",
             "002_b.sql": "UPDATE c SET n = 2;"}
    result, errors, *_ = _run(files, pg_server, tmp_path)
    assert errors == {}  # the row is from an earlier transaction; in 001 itself the same UPDATE fails (23503)
    notes = [(d.span.file, d.code) for d in result.replay.diagnostics if d.code in ("not-modelled", "failed-statement")]
    assert notes == [("002_b.sql", "not-modelled")]


def test_scan_order_moved_by_updates_is_not_guessed(replay_sql):
    """After an UPDATE the server reads a table's rows in an order the model does not follow: what depends on it
    (serial values handed out row by row) is not modelled; what does not is."""
    result = replay_sql({"001_a.sql": """CREATE TABLE src (k text);
INSERT INTO src VALUES ('a'), ('b'), ('c');
CREATE TABLE ids (id serial, k text);
CREATE TABLE plain (k text);
INSERT INTO ids (k) SELECT k FROM src;
UPDATE src SET k = 'A' WHERE k = 'a';
INSERT INTO plain SELECT k FROM src;
INSERT INTO ids (k) SELECT k FROM src;
TRUNCATE src;
INSERT INTO src VALUES ('x'), ('y');
CREATE TABLE ids2 (id serial, k text);
INSERT INTO ids2 (k) SELECT k FROM src;
"""})
    (line,) = [d.span.line for d in result.diagnostics if d.code == "not-modelled"]
    assert line == 8  # after TRUNCATE the rows are read in insertion order again
    assert [r["k"].text for r in result.catalog.rows("public.plain")] == ["A", "b", "c"]
    assert [(r["id"].text, r["k"].text) for r in result.catalog.rows("public.ids2")] == [("1", "x"), ("2", "y")]


def test_an_enum_comparison_is_reported_never_called_a_server_failure(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE t (m mood);\n"
                                      "INSERT INTO t VALUES ('sad');\nUPDATE t SET m = 'ok' WHERE m < 'ok';\n"})
    assert not result.failed_files  # the server accepts it (anyenum's operators)
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diagnostic.span.line == 4 and "operators on the type mood" in diagnostic.message


def test_triggers_the_model_does_not_run_are_reported(replay_sql):
    result = replay_sql({"001_a.sql": """CREATE TABLE t (a int);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (0); RETURN NEW; END $$;
CREATE TRIGGER after_insert AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
INSERT INTO t VALUES (1);
"""})
    (message,) = [d.message for d in result.diagnostics if d.code == "not-modelled"]
    assert message.startswith("trigger after_insert (function f(), created at 001_a.sql:2): triggers nested more "
                              "than 16 levels")  # it inserts into its own table (on the server: 54001)
    assert result.catalog.rows_unknown("public.t") is not None


REJECTED = [
    "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE t (m mood);\nINSERT INTO t VALUES ('sad'), ('glad');",
    "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE t (m mood);\nALTER TYPE mood ADD VALUE 'glad';\n"
    "INSERT INTO t VALUES ('glad');",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int, n int);\nINSERT INTO c VALUES (5, 1);\n"
    "ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p NOT VALID;\nUPDATE c SET p = 6;",
    "CREATE TABLE k (a int PRIMARY KEY, b int UNIQUE);\nINSERT INTO k VALUES (1, 1), (2, 2);\n"
    "INSERT INTO k VALUES (3, 2) ON CONFLICT (a) DO NOTHING;",
    "CREATE TABLE t (n int CHECK (n > 0));\nINSERT INTO t VALUES (1), (0);",
    "CREATE TABLE t (k text PRIMARY KEY, n int);\nINSERT INTO t VALUES ('a', 1), ('b', 2);\nUPDATE t SET k = 'a' WHERE n = 2;",
    "CREATE TABLE t (id int, n text NOT NULL);\nINSERT INTO t (id) VALUES (1);",
    "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (NULL);",
    "CREATE TABLE t (ok boolean CHECK (ok));\nINSERT INTO t VALUES (true), (false);",
    "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2), (1);",
    "CREATE TABLE t (id int UNIQUE);\nINSERT INTO t VALUES (1), (1);",
    "CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX t_ab ON t (a, b);\nINSERT INTO t VALUES (1, 2), (1, 2);",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p);\nINSERT INTO c VALUES (1);",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p);\nINSERT INTO p VALUES (1);\n"
    "INSERT INTO c VALUES (1);\nDELETE FROM p;",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p ON DELETE RESTRICT);\n"
    "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1);\nDELETE FROM p;",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p);\nINSERT INTO p VALUES (1);\n"
    "INSERT INTO c VALUES (1);\nUPDATE p SET id = 2;",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int NOT NULL REFERENCES p ON DELETE SET NULL);\n"
    "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1);\nDELETE FROM p;",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int DEFAULT 9 REFERENCES p ON DELETE SET DEFAULT);\n"
    "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1);\nDELETE FROM p;",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p int REFERENCES p);\nTRUNCATE p;",
    "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);\nINSERT INTO t (id, v) VALUES (1, 'a');",
    "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);\nINSERT INTO t (v) VALUES ('a');\n"
    "UPDATE t SET id = 5;",
    "CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a) STORED);\nINSERT INTO t VALUES (1, 2);",
    "CREATE TABLE t (k text, v text);\nINSERT INTO t VALUES ('a', 'b') ON CONFLICT (k) DO NOTHING;",
    "CREATE TABLE t (k text PRIMARY KEY, v text);\nINSERT INTO t VALUES ('a', 'b') ON CONFLICT DO UPDATE SET v = 'c';",
    "CREATE TABLE t (k text PRIMARY KEY, v text);\n"
    "INSERT INTO t VALUES ('a', 'b'), ('a', 'c') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;",
    "CREATE TABLE t (k text PRIMARY KEY, v text);\nINSERT INTO t VALUES ('a', 'b') ON CONFLICT ON CONSTRAINT nope DO NOTHING;",
    "CREATE TABLE t (k text PRIMARY KEY, u text UNIQUE);\nINSERT INTO t VALUES ('a', 'x'), ('b', 'y');\n"
    "INSERT INTO t VALUES ('a', 'y') ON CONFLICT (k) DO UPDATE SET u = EXCLUDED.u;",
    "CREATE TABLE t (a int, b int);\nINSERT INTO t VALUES (1, 2, 3);",
    "CREATE TABLE t (a int, b int);\nINSERT INTO t (a, b) VALUES (1);",
    "CREATE TABLE t (a int, b int);\nINSERT INTO t (a, a) VALUES (1, 2);",
    "CREATE TABLE t (a int);\nINSERT INTO t (nope) VALUES (1);",
    "CREATE TABLE t (a varchar(2));\nINSERT INTO t VALUES ('abc');",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES ('x1');",
    "CREATE TABLE t (a smallint);\nINSERT INTO t VALUES (40000);",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nUPDATE t SET nope = 1;",
    "INSERT INTO nope VALUES (1);",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nALTER TABLE t ADD COLUMN b int NOT NULL;",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (NULL);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;",
    "CREATE TABLE t (f boolean);\nINSERT INTO t VALUES (true), (false);\nALTER TABLE t ADD CONSTRAINT c CHECK (f);",
    "CREATE TABLE t (f boolean);\nINSERT INTO t VALUES (false);\nALTER TABLE t ADD CONSTRAINT c CHECK (f) NOT VALID;\n"
    "ALTER TABLE t VALIDATE CONSTRAINT c;",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);\nALTER TABLE t ADD UNIQUE (a);",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (NULL);\nALTER TABLE t ADD PRIMARY KEY (a);",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);\nCREATE UNIQUE INDEX t_a ON t (a);",
    "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nALTER TABLE t ADD COLUMN b int UNIQUE DEFAULT 5;\n"
    "INSERT INTO t VALUES (2);",
    "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n"
    "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p;",
    "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('ab');\nALTER TABLE t ALTER COLUMN a TYPE varchar(1);",
    "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('ab');\nALTER TABLE t ALTER COLUMN a TYPE int USING a::int;",
    "CREATE TABLE t (a int);\nINSERT INTO t SELECT * FROM generate_series(1, 2), generate_series(1, 2);",
]


@pytest.mark.parametrize("sql", REJECTED)
def test_rejected_as_the_server_rejects(sql, pg_server, tmp_path):
    result, errors, *_ = _run({"001_a.sql": sql}, pg_server, tmp_path)
    assert "001_a.sql" in errors, "the case's expectation is wrong: PostgreSQL accepts it"
    failed = result.replay.failed_files.get("001_a.sql")
    assert failed is not None, [d.message for d in result.replay.diagnostics]
    assert (failed.span.line, failed.sqlstate, failed.message) == (
        *errors["001_a.sql"][:2], f"{errors['001_a.sql'][2]} (001_a.sql rolled back)")
