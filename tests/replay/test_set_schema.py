"""ALTER ... SET SCHEMA against PostgreSQL 15: the same statements on the model and on a throwaway server end the same
way, and leave the same relations and types in each schema (a table's indexes, key indexes, owned sequences and row
type move with it); a history that moves objects verifies equivalent."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.verify.run import VerifyOptions, verify
from tests.replay.test_privileges import _sources
from consolidator.replay.engine import replay

SETUP = """CREATE SCHEMA sc;
CREATE TABLE t (id serial PRIMARY KEY, a int UNIQUE, b int GENERATED ALWAYS AS IDENTITY, c int CHECK (c > 0));
CREATE INDEX t_a_idx2 ON t (a);
CREATE TABLE r (id int REFERENCES t (id));
CREATE VIEW v AS SELECT id, a FROM t;
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
CREATE INDEX mv_idx ON mv (x);
CREATE SEQUENCE s;
CREATE TYPE e AS ENUM ('a');
CREATE DOMAIN d AS int CHECK (VALUE > 0);
CREATE TYPE co AS (a int);
CREATE TABLE uses (x e, y d, z co);
"""

CASES = {
    "a table and what belongs to it": "ALTER TABLE t SET SCHEMA sc",
    "into a missing schema": "ALTER TABLE t SET SCHEMA nope",
    "into its own schema": "ALTER TABLE t SET SCHEMA public",
    "a missing table": "ALTER TABLE nope SET SCHEMA sc",
    "a missing table, IF EXISTS": "ALTER TABLE IF EXISTS nope SET SCHEMA sc",
    "the name is taken": "CREATE TABLE sc.t (); ALTER TABLE t SET SCHEMA sc",
    "a key index's name is taken": "CREATE TABLE sc.t_pkey (); ALTER TABLE t SET SCHEMA sc",
    "an index's name is taken": "CREATE TABLE sc.t_a_idx2 (); ALTER TABLE t SET SCHEMA sc",
    "a sequence's name is taken": "CREATE TABLE sc.t_b_seq (); ALTER TABLE t SET SCHEMA sc",
    "a composite type has the name": "CREATE TYPE sc.t AS (a int); ALTER TABLE t SET SCHEMA sc",
    "an enum has the name": "CREATE TYPE sc.t AS ENUM ('x'); ALTER TABLE t SET SCHEMA sc",
    "a constraint name may repeat": "CREATE TABLE sc.x (id int CONSTRAINT t_c_check CHECK (id > 0));"
                                    "ALTER TABLE t SET SCHEMA sc",
    "a referencing table": "ALTER TABLE r SET SCHEMA sc",
    "then use it": "ALTER TABLE t SET SCHEMA sc; ALTER TABLE sc.t ADD COLUMN z int; CREATE INDEX ON sc.t (z)",
    "the old name is free": "ALTER TABLE t SET SCHEMA sc; CREATE TABLE t (id int)",
    "a view": "ALTER VIEW v SET SCHEMA sc",
    "a view through ALTER TABLE": "ALTER TABLE v SET SCHEMA sc",
    "a table as a view": "ALTER VIEW t SET SCHEMA sc",
    "a materialized view and its index": "ALTER MATERIALIZED VIEW mv SET SCHEMA sc",
    "a view as a materialized view": "ALTER MATERIALIZED VIEW v SET SCHEMA sc",
    "a sequence": "ALTER SEQUENCE s SET SCHEMA sc",
    "a table as a sequence": "ALTER SEQUENCE t SET SCHEMA sc",
    "an owned sequence": "ALTER SEQUENCE t_id_seq SET SCHEMA sc",
    "an identity sequence": "ALTER SEQUENCE t_b_seq SET SCHEMA sc",
    "an enum": "ALTER TYPE e SET SCHEMA sc",
    "an enum, the name taken": "CREATE TYPE sc.e AS ENUM ('b'); ALTER TYPE e SET SCHEMA sc",
    "an enum, a table has the name": "CREATE TABLE sc.e (); ALTER TYPE e SET SCHEMA sc",
    "a domain": "ALTER DOMAIN d SET SCHEMA sc; ALTER DOMAIN sc.d ADD CONSTRAINT d_big CHECK (VALUE < 100)",
    "a domain through ALTER TYPE": "ALTER TYPE d SET SCHEMA sc",
    "an enum as a domain": "ALTER DOMAIN e SET SCHEMA sc",
    "a composite type": "ALTER TYPE co SET SCHEMA sc",
    "a composite type, a table has the name": "CREATE TABLE sc.co (); ALTER TYPE co SET SCHEMA sc",
    "a row type": "ALTER TYPE t SET SCHEMA sc",
    "a missing type": "ALTER TYPE nope SET SCHEMA sc",
    "a type into a missing schema": "ALTER TYPE e SET SCHEMA nope",
    "privileges follow": "GRANT SELECT ON t TO PUBLIC; ALTER TABLE t SET SCHEMA sc; REVOKE SELECT ON sc.t FROM PUBLIC",
}

SERVER_NAMES = """
SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'sc') AND c.relkind IN ('r', 'i', 'S', 'v', 'm')
UNION ALL
SELECT n.nspname || '.' || t.typname || ' type' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname IN ('public', 'sc') AND t.typtype IN ('e', 'd') OR n.nspname IN ('public', 'sc') AND t.typtype = 'c'
  AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'
"""


def model_names(catalog) -> set[str]:
    out = {f"{k} r" for k in catalog.tables} | {f"{k} S" for k in catalog.sequences}
    out |= {f"{k} {'m' if v.materialized else 'v'}" for k, v in catalog.views.items()}
    out |= {f"{k} i" for k in catalog.indexes}
    out |= {f"{t.key.rsplit('.', 1)[0]}.{c.name} i" for t in catalog.tables.values() for c in t.constraints
            if c.kind in ("primary key", "unique")}
    out |= {f"{k} type" for k in catalog.types}
    return out


def model_outcome(sql: str):
    result = replay(_sources(SETUP, sql))
    assert not result.files[0].failed
    assert not [d.message for d in result.diagnostics if d.code == "not-modelled"]
    last = result.files[-1]
    return (last.first_error.sqlstate, None) if last.failed else (None, model_names(result.catalog))


def server_outcome(dsn: str, sql: str):
    with psycopg.connect(dsn) as conn:
        conn.execute(SETUP)
        conn.commit()
        try:
            conn.execute(sql)
            return None, {row[0] for row in conn.execute(SERVER_NAMES)}
        except psycopg.Error as e:
            return e.sqlstate, None
        finally:
            conn.rollback()


@pytest.mark.parametrize("sql", CASES.values(), ids=CASES.keys())
def test_the_model_ends_as_the_server_does(pg_database, sql):
    assert model_outcome(sql) == server_outcome(pg_database.dsn, sql)


def test_the_expected_sqlstates_are_met():
    assert model_outcome(CASES["the name is taken"])[0] == "42P07"
    assert model_outcome(CASES["an enum, the name taken"])[0] == "42710"
    assert model_outcome(CASES["into a missing schema"])[0] == "3F000"
    assert model_outcome(CASES["an owned sequence"])[0] == "0A000"
    assert "sc.t_pkey i" in model_outcome(CASES["a table and what belongs to it"])[1]


def test_a_history_that_moves_objects_verifies_equivalent(tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001.sql").write_text(SETUP)
    (folder / "002.sql").write_text("ALTER TABLE t SET SCHEMA sc; ALTER VIEW v SET SCHEMA sc;"
                                    "ALTER MATERIALIZED VIEW mv SET SCHEMA sc; ALTER SEQUENCE s SET SCHEMA sc;"
                                    "ALTER TYPE e SET SCHEMA sc; ALTER DOMAIN d SET SCHEMA sc; ALTER TYPE co SET SCHEMA sc;"
                                    "GRANT SELECT ON sc.t TO PUBLIC;")
    report = verify(VerifyOptions(legacy_dir=folder, privileges=True))
    assert report.findings == [] and report.gaps == [], report.to_text()
