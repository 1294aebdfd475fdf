"""Row-level security against PostgreSQL 15: the same statements run on the model and on a throwaway server
must end the same way (success, or the same SQLSTATE), and a baseline built from a history with policies must
give the pg_dump the history gives."""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from consolidator.build import build
from consolidator.replay.engine import replay
from consolidator.source.discover import SourceFile, Sources
from consolidator.verify.compare import compare
from consolidator.verify.introspect import snapshot
from consolidator.verify.legacy import replay_folder
from tests.test_equivalence import dump_entries

SETUP = """CREATE TABLE tickets (id int PRIMARY KEY, owner_id text, status text);
CREATE TABLE notes (id int, body text);
CREATE VIEW open_tickets AS SELECT id FROM tickets;
CREATE POLICY own ON tickets USING (owner_id = current_setting('app.user_id', true));
"""

CASES = {
    "enable, force, no force, disable": "ALTER TABLE tickets ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;"
                                        "ALTER TABLE tickets NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;",
    "row security on a view": "ALTER TABLE open_tickets ENABLE ROW LEVEL SECURITY;",
    "row security on a missing table": "ALTER TABLE nope ENABLE ROW LEVEL SECURITY;",
    "every clause": "CREATE POLICY ins ON tickets AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (status <> 'x');",
    "duplicate policy": "CREATE POLICY own ON tickets USING (true);",
    "duplicate policy with a missing column": "CREATE POLICY own ON tickets USING (nope = 1);",
    "missing table": "CREATE POLICY p ON nope USING (true);",
    "policy on a view": "CREATE POLICY p ON open_tickets USING (true);",
    "missing column in USING": "CREATE POLICY p ON tickets USING (zzz = 1);",
    "missing column in WITH CHECK": "CREATE POLICY p ON tickets FOR UPDATE WITH CHECK (zzz = 1);",
    "WITH CHECK on FOR SELECT": "CREATE POLICY p ON tickets FOR SELECT WITH CHECK (true);",
    "WITH CHECK on FOR DELETE": "CREATE POLICY p ON tickets FOR DELETE USING (true) WITH CHECK (true);",
    "USING on FOR INSERT": "CREATE POLICY p ON tickets FOR INSERT USING (true);",
    "a missing table is found before a bad clause": "CREATE POLICY p ON nope FOR SELECT WITH CHECK (true);",
    "a role the server does not have": "CREATE POLICY p ON tickets TO priv_nobody USING (true);",
    "a missing role after PUBLIC": "CREATE POLICY p ON tickets TO PUBLIC, priv_nobody USING (true);",
    "alter: a missing role": "ALTER POLICY own ON tickets TO priv_nobody;",
    "PUBLIC and CURRENT_USER": "CREATE POLICY p ON tickets FOR DELETE TO PUBLIC, CURRENT_USER USING (id > 0);",
    "alter USING and WITH CHECK": "ALTER POLICY own ON tickets USING (id > 0) WITH CHECK (id > 1);",
    "alter a missing policy": "ALTER POLICY nope ON tickets USING (true);",
    "alter: the column before the policy": "ALTER POLICY nope ON tickets USING (zz = 1);",
    "alter SELECT policy WITH CHECK": "CREATE POLICY s ON tickets FOR SELECT USING (true);"
                                      "ALTER POLICY s ON tickets WITH CHECK (true);",
    "alter INSERT policy USING": "CREATE POLICY i ON tickets FOR INSERT WITH CHECK (true);"
                                 "ALTER POLICY i ON tickets USING (true);",
    "rename": "ALTER POLICY own ON tickets RENAME TO mine; DROP POLICY mine ON tickets;",
    "rename to a taken name": "CREATE POLICY b ON tickets USING (true); ALTER POLICY own ON tickets RENAME TO b;",
    "rename a missing policy to a taken name": "ALTER POLICY nope ON tickets RENAME TO own;",
    "rename a missing policy": "ALTER POLICY nope ON tickets RENAME TO other;",
    "drop a missing policy": "DROP POLICY nope ON tickets;",
    "drop if exists": "DROP POLICY IF EXISTS nope ON tickets; DROP POLICY IF EXISTS nope ON nope; DROP POLICY own ON tickets;",
    "drop on a missing table": "DROP POLICY p ON nope;",
    "drop twice": "DROP POLICY own ON tickets; DROP POLICY own ON tickets;",
    "comment": "COMMENT ON POLICY own ON tickets IS 'mine';",
    "comment on a missing policy": "COMMENT ON POLICY nope ON tickets IS 'x';",
    "drop a column a policy uses": "ALTER TABLE tickets DROP COLUMN owner_id;",
    "drop it with CASCADE": "ALTER TABLE tickets DROP COLUMN owner_id CASCADE; CREATE POLICY own ON tickets USING (true);",
    "a renamed column is followed": "ALTER TABLE tickets RENAME COLUMN owner_id TO who;"
                                    "ALTER POLICY own ON tickets USING (who IS NOT NULL);",
    "a renamed table carries its policy": "ALTER TABLE tickets RENAME TO t2; CREATE POLICY own ON t2 USING (true);",
    "the table dropped with its policy": "DROP VIEW open_tickets; DROP TABLE tickets; CREATE TABLE tickets (id int);"
                                         "DROP POLICY own ON tickets;",
    "a function a policy calls": "CREATE FUNCTION ok(t text) RETURNS boolean LANGUAGE sql AS 'SELECT true';"
                                 "CREATE POLICY f ON notes USING (ok(body)); DROP FUNCTION ok(text);",
}


def _sources(*files: str) -> Sources:
    migrations = [SourceFile(name=f"{i:03d}_case.sql", version=f"{i:03d}", data=sql.encode(),
                             sha256=hashlib.sha256(sql.encode()).hexdigest()) for i, sql in enumerate(files)]
    return Sources(folder=".", migrations=migrations, skipped=[], duplicate_versions={})


def model_outcome(sql: str) -> str | None:
    result = replay(_sources(SETUP, sql))
    assert not result.files[0].failed
    assert not [d for d in result.diagnostics if d.code == "not-modelled"]
    last = result.files[-1]
    return last.first_error.sqlstate if last.failed else None


def server_outcome(dsn: str, sql: str) -> str | None:
    with psycopg.connect(dsn) as conn:
        conn.execute(SETUP)
        conn.commit()
        try:
            conn.execute(sql)
        except psycopg.Error as e:
            return e.sqlstate
        finally:
            conn.rollback()
    return None


@pytest.mark.parametrize("sql", CASES.values(), ids=CASES.keys())
def test_the_model_ends_as_the_server_does(pg_database, sql):
    assert model_outcome(sql) == server_outcome(pg_database.dsn, sql)


def test_the_expected_sqlstates_are_met():
    """The outcomes the brief names, so the comparison above cannot pass by both sides accepting everything."""
    assert model_outcome(CASES["duplicate policy"]) == "42710"
    assert model_outcome(CASES["alter a missing policy"]) == "42704"
    assert model_outcome(CASES["missing table"]) == "42P01"
    assert model_outcome(CASES["WITH CHECK on FOR SELECT"]) == "42601"
    assert model_outcome(CASES["missing column in USING"]) == "42703"
    assert model_outcome(CASES["drop a column a policy uses"]) == "2BP01"
    assert model_outcome(CASES["a function a policy calls"]) == "2BP01"


def test_a_subquery_is_reported_not_modelled():
    result = replay(_sources(SETUP, "CREATE POLICY p ON tickets USING (id IN (SELECT id FROM notes));"))
    assert [d.message for d in result.diagnostics if d.code == "not-modelled"] == [
        "a policy expression with a subquery is not modelled"]


HISTORY = {
    "001_tables.sql": SETUP + "CREATE FUNCTION visible(n text) RETURNS boolean LANGUAGE sql STABLE "
                              "AS $$SELECT n IS NOT NULL$$;\n",
    "002_rls.sql": """ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY "Read Own" ON notes FOR SELECT TO CURRENT_USER USING (visible(body));
CREATE POLICY ins ON tickets AS RESTRICTIVE FOR INSERT WITH CHECK (status IN ('open', 'new'));
CREATE POLICY upd ON tickets FOR UPDATE USING (true) WITH CHECK (status <> 'closed');
COMMENT ON POLICY own ON tickets IS 'a user sees the tickets they own';
""",
    "003_later.sql": """ALTER POLICY upd ON tickets RENAME TO edit;
ALTER POLICY edit ON tickets TO PUBLIC USING (owner_id IS NOT NULL);
ALTER TABLE tickets RENAME COLUMN status TO state;
ALTER TABLE tickets RENAME TO ticket;
DROP POLICY IF EXISTS gone ON ticket;
ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;
""",
}


def test_the_baseline_gives_the_same_dump(pg_server, tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for name, sql in HISTORY.items():
        (legacy / name).write_text(sql, encoding="utf-8")
    result = build(legacy)
    assert "CREATE POLICY" in result.sql and not result.not_modelled_kinds()
    baseline = tmp_path / "baseline.sql"
    baseline.write_text(result.sql, encoding="utf-8")
    pg_server.create_database("rls_legacy")
    pg_server.create_database("rls_baseline")
    try:
        replay_folder(pg_server, "rls_legacy", legacy)
        applied = pg_server.psql_file("rls_baseline", baseline)
        assert applied.returncode == 0, applied.stderr
        expected = dump_entries(pg_server, "rls_legacy")
        assert sum(k.startswith("POLICY ") for k in expected) == 4
        assert dump_entries(pg_server, "rls_baseline") == expected
    finally:
        pg_server.drop_database("rls_legacy")
        pg_server.drop_database("rls_baseline")


def test_a_named_role_is_kept_and_listed_in_the_header(tmp_path):
    (tmp_path / "001_a.sql").write_text(SETUP + 'CREATE ROLE "Support Staff"; CREATE ROLE auditor;\n'
                                                'CREATE POLICY staff ON notes TO "Support Staff", auditor '
                                                "USING (true);\n", encoding="utf-8")
    result = build(tmp_path)
    assert 'TO "Support Staff", auditor' in result.sql
    header = result.sql.split("\n\n", 1)[0]
    assert '-- Roles the target server must have (policies name them): "Support Staff", auditor' in header


def test_verify_tells_differing_policies_apart(pg_server, tmp_path):
    """A policy or a row security flag that differs is a finding, never 'equivalent'."""
    history = "".join(HISTORY.values())
    pg_server.create_database("rls_a")
    pg_server.create_database("rls_b")
    try:
        pg_server.execute("rls_a", history)
        pg_server.execute("rls_b", history + "ALTER POLICY own ON ticket USING (true);"
                                             "ALTER TABLE notes FORCE ROW LEVEL SECURITY;")
        a, b = snapshot(pg_server.dsn("rls_a")), snapshot(pg_server.dsn("rls_b"))
        assert compare(a, a) == []
        messages = " | ".join(f.message for f in compare(a, b))
        assert "own" in messages and "notes" in messages
    finally:
        pg_server.drop_database("rls_a")
        pg_server.drop_database("rls_b")
