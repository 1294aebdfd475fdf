"""Random histories of GRANT / REVOKE / OWNER TO / ALTER DEFAULT PRIVILEGES / CREATE over a few objects and roles:
each must end on the model as on PostgreSQL 15 (the same SQLSTATE, the same owners and ACLs). Seeded, so a failure
names the history that shows it (CONSOLIDATOR_PRIVILEGE_EXAMPLES sets how many)."""

from __future__ import annotations

import os
import random

import pytest

from tests.replay.test_privileges import _comparable, model_outcome, roles, server_outcome  # noqa: F401

EXAMPLES = int(os.environ.get("CONSOLIDATOR_PRIVILEGE_EXAMPLES", "150"))
ROLES = ("priv_app", "priv_r2", "PUBLIC", "CURRENT_USER", "nobody")
TABLE_PRIVS = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "ALL", "USAGE")
OBJECTS = [("TABLE t", TABLE_PRIVS), ("TABLE v", TABLE_PRIVS), ("SEQUENCE s", ("USAGE", "SELECT", "UPDATE", "ALL")),
           ("TABLE s", TABLE_PRIVS), ("FUNCTION f()", ("EXECUTE", "ALL")), ("PROCEDURE pr", ("EXECUTE", "ALL")),
           ("SCHEMA sc", ("USAGE", "CREATE", "ALL")), ("SCHEMA public", ("USAGE", "CREATE", "ALL")),
           ("TYPE e", ("USAGE", "ALL")), ("DOMAIN d", ("USAGE", "ALL")), ("ALL TABLES IN SCHEMA public", TABLE_PRIVS),
           ("ALL FUNCTIONS IN SCHEMA public", ("EXECUTE",)), ("TABLE nope", ("SELECT",))]
OWNED = ("TABLE t", "VIEW v", "SEQUENCE s", "FUNCTION f()", "SCHEMA sc", "TYPE e", "DOMAIN d", "TABLE s_owner")
DEFAULT_KINDS = [("TABLES", ("SELECT", "INSERT", "ALL")), ("SEQUENCES", ("USAGE", "ALL")),
                 ("FUNCTIONS", ("EXECUTE",)), ("TYPES", ("USAGE",)), ("SCHEMAS", ("USAGE", "CREATE"))]
CREATES = ("CREATE TABLE {n} (id serial, a int)", "CREATE SEQUENCE {n}", "CREATE TYPE {n} AS ENUM ('x')",
           "CREATE FUNCTION {n}() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE SCHEMA {n}",
           "CREATE TABLE sc.{n} (a int)", "CREATE VIEW {n} AS SELECT 1 AS one")


def _statement(rng: random.Random, i: int) -> str:
    pick = rng.random()
    grantees = ", ".join(rng.sample(ROLES, rng.choice((1, 1, 2))))
    if pick < 0.45:
        target, privs = rng.choice(OBJECTS)
        picked = rng.sample(privs, rng.choice((1, 1, 2)) if len(privs) > 1 else 1)
        chosen = "ALL" if "ALL" in picked else ", ".join(picked)  # ALL stands alone in the grammar
        if rng.random() < 0.2 and target == "TABLE t":
            chosen = f"{rng.choice(('SELECT', 'UPDATE', 'INSERT'))} ({rng.choice(('a', 'b', 'a, b', 'zz'))})"
        option = rng.random() < 0.25
        if rng.random() < 0.55:
            return f"GRANT {chosen} ON {target} TO {grantees}" + (" WITH GRANT OPTION" if option else "")
        return f"REVOKE {'GRANT OPTION FOR ' if option else ''}{chosen} ON {target} FROM {grantees}"
    if pick < 0.6:
        return f"ALTER {rng.choice(OWNED)} OWNER TO {rng.choice(('priv_app', 'priv_r2', 'CURRENT_USER', 'nobody'))}"
    if pick < 0.8:
        kind, privs = rng.choice(DEFAULT_KINDS)
        where = rng.choice(("", "", " IN SCHEMA sc", " FOR ROLE priv_app"))
        verb = rng.choice(("GRANT", "REVOKE"))
        role = rng.choice(("priv_app", "priv_r2", "PUBLIC", "CURRENT_USER"))
        return (f"ALTER DEFAULT PRIVILEGES{where} {verb} {rng.choice(privs)} ON {kind} "
                + (f"TO {role}" if verb == "GRANT" else f"FROM {role}"))
    return rng.choice(CREATES).format(n=f"x{i}")


def _history(seed: int) -> str:
    rng = random.Random(seed)
    return ";\n".join(_statement(rng, i) for i in range(rng.randint(2, 8)))


HISTORIES = [_history(seed) for seed in range(EXAMPLES)]


@pytest.mark.parametrize("sql", HISTORIES, ids=[f"seed{seed}" for seed in range(EXAMPLES)])
def test_a_random_history_ends_as_on_the_server(pg_database, roles, sql):  # noqa: F811
    model_error, model = model_outcome(sql)
    server_error, server = server_outcome(pg_database.dsn, sql)
    assert model_error == server_error, sql
    assert _comparable(model) == _comparable(server), sql


@pytest.mark.parametrize("seed", range(0, EXAMPLES, 3))
def test_a_random_history_s_baseline_gives_its_acls(pg_server, pg_database, roles, tmp_path, seed):  # noqa: F811
    """build --privileges, applied to an empty database, gives the owners and ACLs the history gives."""
    import psycopg

    from consolidator.build import build
    from tests.replay.test_privileges import MODEL_ROLES, SETUP, server_state

    sql = HISTORIES[seed]
    server_error, legacy = server_outcome(pg_database.dsn, sql)
    if server_error is not None:
        return
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001_roles.sql").write_text(MODEL_ROLES)  # the roles exist on the session's server: the guard keeps them
    (folder / "002_setup.sql").write_text(SETUP)
    (folder / "003_case.sql").write_text(sql + ";\n")
    result = build(folder, privileges=True)
    assert not result.failed_files, sql
    name = f"privrand_{seed}"
    dsn = pg_server.create_database(name)
    try:
        path = tmp_path / "baseline.sql"
        path.write_text(result.sql)
        applied = pg_server.psql_file(name, path)
        assert applied.returncode == 0, applied.stderr
        with psycopg.connect(dsn) as conn:
            baseline = {k: v for k, v in server_state(conn).items() if k != "table public.schema_migrations"}
    finally:
        pg_server.drop_database(name)
    assert _comparable(baseline) == _comparable(legacy), sql
