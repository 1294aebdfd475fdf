"""GRANT / REVOKE, ALTER DEFAULT PRIVILEGES, OWNER TO and roles against PostgreSQL 15: the same statements run on the
model and on a throwaway server end the same way (success, or the same SQLSTATE), and leave the same owners and
privileges (aclitem text, compared as sets: the server sorts a new object's items by role OID)."""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from consolidator.model.acl import BOOTSTRAP, acl_text
from consolidator.replay.engine import replay
from consolidator.source.discover import SourceFile, Sources

ROLES = ("priv_app", "priv_r2")  # server-wide: created once on the session's server, known to the model by SETUP
SETUP = """CREATE TABLE t (a int, b int);
CREATE TABLE s_owner (id serial);
CREATE VIEW v AS SELECT 1 AS x;
CREATE SEQUENCE s;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE pr() LANGUAGE sql AS 'SELECT 1';
CREATE TYPE e AS ENUM ('a');
CREATE DOMAIN d AS int;
CREATE SCHEMA sc;
"""
MODEL_ROLES = "".join(f"CREATE ROLE {r};\n" for r in ROLES)

CASES = {
    "grant select": "GRANT SELECT ON t TO priv_app",
    "grant twice": "GRANT SELECT ON t TO priv_app; GRANT SELECT ON t TO priv_app",
    "with grant option, then revoke the option": "GRANT SELECT ON t TO priv_app WITH GRANT OPTION;"
                                                "REVOKE GRANT OPTION FOR SELECT ON t FROM priv_app",
    "column privileges": "GRANT SELECT, UPDATE (a), INSERT (a, b) ON t TO priv_app WITH GRANT OPTION",
    "column and table": "GRANT UPDATE (a) ON t TO priv_app; GRANT UPDATE ON t TO priv_app; REVOKE UPDATE ON t FROM priv_app",
    "a table's revoke reaches its columns": "GRANT SELECT (a), UPDATE (a, b) ON t TO priv_app; GRANT INSERT (b) ON t TO priv_r2;"
                                            "REVOKE UPDATE, SELECT ON t FROM priv_app",
    "revoke a column privilege": "GRANT SELECT (a) ON t TO priv_app; REVOKE SELECT (a) ON t FROM priv_app",
    "revoke all from the owner": "REVOKE ALL ON t FROM CURRENT_USER",
    "revoke from the owner, grant back": "REVOKE ALL ON t FROM postgres; GRANT SELECT ON t TO postgres",
    "owner with grant option": "GRANT SELECT ON t TO postgres WITH GRANT OPTION",
    "public and a role": "GRANT SELECT ON t TO PUBLIC, priv_app",
    "public with grant option": "GRANT SELECT ON t TO PUBLIC WITH GRANT OPTION",
    "predefined role": "GRANT SELECT ON t TO pg_read_all_data",
    "all privileges": "GRANT ALL PRIVILEGES ON t, v TO priv_app",
    "truncate references trigger": "GRANT TRUNCATE, REFERENCES, TRIGGER ON t TO priv_app",
    "usage on a table": "GRANT USAGE ON TABLE t TO priv_app",
    "execute on a relation": "GRANT EXECUTE ON t TO priv_app",
    "a table as a sequence": "GRANT SELECT ON SEQUENCE t TO priv_app",
    "sequence": "GRANT USAGE ON SEQUENCE s TO priv_app; GRANT SELECT ON s TO priv_r2 WITH GRANT OPTION",
    "insert on a sequence (a warning)": "GRANT INSERT ON t, s TO priv_app",
    "all on a sequence": "GRANT ALL ON s TO priv_app",
    "insert on sequence": "GRANT INSERT ON SEQUENCE s TO priv_app",
    "select on a function": "GRANT SELECT ON FUNCTION f() TO priv_app",
    "execute": "GRANT EXECUTE ON FUNCTION f() TO priv_app; GRANT EXECUTE ON PROCEDURE pr TO priv_r2",
    "execute on a routine": "GRANT EXECUTE ON ROUTINE f, pr TO priv_app",
    "function as procedure": "GRANT EXECUTE ON PROCEDURE f() TO priv_app",
    "revoke execute from public": "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC",
    "revoke from public, grant back": "REVOKE ALL ON FUNCTION f() FROM PUBLIC; GRANT EXECUTE ON FUNCTION f() TO PUBLIC",
    "missing function": "GRANT EXECUTE ON FUNCTION nope() TO priv_app",
    "missing overload": "GRANT EXECUTE ON FUNCTION f(int) TO priv_app",
    "missing relation": "GRANT SELECT ON nope TO priv_app",
    "missing relation before a missing role": "GRANT SELECT ON nope TO nobody",
    "missing role": "GRANT SELECT ON t TO priv_app, nobody",
    "revoke from a missing role": "REVOKE SELECT ON t FROM nobody",
    "missing column": "GRANT SELECT (zz) ON t TO priv_app",
    "usage on a column": "GRANT USAGE (a) ON t TO priv_app",
    "schema": "GRANT USAGE ON SCHEMA sc TO priv_app; GRANT CREATE ON SCHEMA sc TO priv_r2 WITH GRANT OPTION",
    "missing schema": "GRANT USAGE ON SCHEMA nope TO priv_app",
    "public schema": "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT ALL ON SCHEMA public TO priv_app",
    "type and domain": "GRANT USAGE ON TYPE e TO priv_app; GRANT ALL ON DOMAIN d TO priv_r2; REVOKE USAGE ON TYPE d FROM PUBLIC",
    "an enum as a domain": "GRANT USAGE ON DOMAIN e TO priv_app",
    "missing type": "GRANT USAGE ON TYPE nope TO priv_app",
    "array type": "GRANT USAGE ON TYPE _e TO priv_app",
    "create on a type": "GRANT CREATE ON TYPE e TO priv_app",
    "all tables in schema": "GRANT SELECT ON ALL TABLES IN SCHEMA public TO priv_app",
    "all sequences in schema": "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO priv_app",
    "all routines in schema": "GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA public TO priv_app;"
                              "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC",
    "all in a missing schema": "GRANT SELECT ON ALL TABLES IN SCHEMA nope TO priv_app",
    "granted by the current user": "GRANT SELECT ON t TO priv_app GRANTED BY CURRENT_USER",
    "granted by another role": "GRANT SELECT ON t TO priv_app GRANTED BY priv_r2",
    "granted by another role, on a missing table": "GRANT SELECT ON nope TO priv_app GRANTED BY priv_r2",
    "revoke cascade": "GRANT ALL ON t TO priv_app WITH GRANT OPTION; REVOKE ALL ON t FROM priv_app CASCADE",
    "revoke the grant option of all": "GRANT ALL ON t TO priv_app WITH GRANT OPTION; REVOKE GRANT OPTION FOR ALL ON t FROM priv_app",
    "owner among other sub-commands": "ALTER TABLE t OWNER TO priv_app, ADD COLUMN z int; GRANT SELECT (z) ON t TO priv_r2",
    "create or replace keeps the privileges": "GRANT SELECT ON v TO priv_app; ALTER VIEW v OWNER TO priv_r2;"
                                              "GRANT EXECUTE ON FUNCTION f() TO priv_app; ALTER FUNCTION f() OWNER TO priv_r2;"
                                              "CREATE OR REPLACE VIEW v AS SELECT 1 AS x, 2 AS y;"
                                              "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'",
    # owners
    "owner of a table": "GRANT SELECT ON t TO priv_app; GRANT UPDATE (a) ON t TO priv_app; ALTER TABLE t OWNER TO priv_r2",
    "owner to a grantee": "GRANT SELECT ON t TO priv_app; ALTER TABLE t OWNER TO priv_app",
    "owner twice": "ALTER TABLE t OWNER TO priv_app; ALTER TABLE t OWNER TO priv_r2; GRANT SELECT ON t TO priv_app",
    "owner: the serial sequence follows": "ALTER TABLE s_owner OWNER TO priv_app; GRANT SELECT ON s_owner_id_seq TO priv_r2",
    "owner of an owned sequence": "ALTER SEQUENCE s_owner_id_seq OWNER TO priv_app",
    "owner of a sequence": "ALTER SEQUENCE s OWNER TO priv_app",
    "owner of a view": "ALTER VIEW v OWNER TO priv_app; ALTER TABLE v OWNER TO priv_r2",
    "a table as a view": "ALTER VIEW t OWNER TO priv_app",
    "a table as a foreign table": "ALTER FOREIGN TABLE t OWNER TO priv_app",
    "back to the role that connected": "RESET ROLE; SET ROLE NONE; SET SESSION AUTHORIZATION DEFAULT;"
                                       "RESET SESSION AUTHORIZATION; GRANT SELECT ON t TO priv_app",
    "owner to a missing role": "ALTER TABLE t OWNER TO nobody",
    "owner of a missing table": "ALTER TABLE nope OWNER TO nobody",
    "owner if exists": "ALTER TABLE IF EXISTS nope OWNER TO priv_app",
    "owner to public": "ALTER TABLE t OWNER TO public",
    "owner of a function": "GRANT EXECUTE ON FUNCTION f() TO priv_app; ALTER FUNCTION f() OWNER TO priv_r2",
    "owner of a missing function": "ALTER FUNCTION nope() OWNER TO priv_app",
    "owner of a missing function, missing role": "ALTER FUNCTION nope() OWNER TO nobody",
    "owner of a schema": "ALTER SCHEMA sc OWNER TO priv_app; GRANT USAGE ON SCHEMA sc TO priv_r2",
    "owner of the public schema": "ALTER SCHEMA public OWNER TO priv_app",
    "owner of a missing schema": "ALTER SCHEMA nope OWNER TO priv_app",
    "owner of types": "ALTER TYPE e OWNER TO priv_app; ALTER DOMAIN d OWNER TO priv_app",
    "owner of an enum as a domain": "ALTER DOMAIN e OWNER TO priv_app",
    "owner of a row type": "ALTER TYPE t OWNER TO priv_app",
    "owner of a missing type": "ALTER TYPE nope OWNER TO priv_app",
    "owner of an index": "CREATE INDEX ti ON t (a); ALTER INDEX ti OWNER TO priv_app",
    # default privileges
    "default privileges on tables": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO priv_app;"
                                    "CREATE TABLE x (id serial); CREATE VIEW xv AS SELECT 1 AS one",
    "default privileges in a schema": "ALTER DEFAULT PRIVILEGES IN SCHEMA sc GRANT INSERT ON TABLES TO priv_r2;"
                                      "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO priv_app;"
                                      "CREATE TABLE sc.x (); CREATE TABLE y ()",
    "default privileges on sequences": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON SEQUENCES TO priv_app;"
                                       "CREATE TABLE x (id serial, i int GENERATED ALWAYS AS IDENTITY); CREATE SEQUENCE xs",
    "default privileges on functions": "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
                                       "CREATE FUNCTION fx() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "default privileges on types": "ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO priv_app;"
                                   "CREATE TYPE xe AS ENUM ('a'); CREATE DOMAIN xd AS int; CREATE TYPE xc AS (a int);"
                                   "CREATE TYPE xr AS RANGE (subtype = int4); ALTER TYPE xr OWNER TO priv_r2",
    "default privileges on schemas": "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO priv_app WITH GRANT OPTION;"
                                     "CREATE SCHEMA xs",
    "default privileges back to the default": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO priv_app;"
                                              "ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM priv_app;"
                                              "CREATE TABLE x ()",
    "default privileges emptied": "ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM postgres; CREATE TABLE x ()",
    "default privileges for another role": "ALTER DEFAULT PRIVILEGES FOR ROLE priv_app GRANT SELECT ON TABLES TO priv_r2;"
                                           "CREATE TABLE x ()",
    "default privileges: existing objects unchanged": "CREATE TABLE x (); ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO priv_app",
    "default privileges in a missing schema": "ALTER DEFAULT PRIVILEGES IN SCHEMA nope GRANT SELECT ON TABLES TO priv_app",
    "default privileges to a missing role": "ALTER DEFAULT PRIVILEGES IN SCHEMA nope GRANT SELECT ON TABLES TO nobody",
    "default privileges for a missing role": "ALTER DEFAULT PRIVILEGES FOR ROLE nobody IN SCHEMA nope GRANT SELECT ON TABLES TO priv_app",
    "default privileges on schemas in a schema": "ALTER DEFAULT PRIVILEGES IN SCHEMA sc GRANT USAGE ON SCHEMAS TO priv_app",
    "default usage on tables": "ALTER DEFAULT PRIVILEGES GRANT USAGE ON TABLES TO priv_app",
    "default select on functions": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON FUNCTIONS TO priv_app",
    "default privileges on columns": "ALTER DEFAULT PRIVILEGES GRANT SELECT (a) ON TABLES TO priv_app",
    "default public with grant option": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC WITH GRANT OPTION",
    # roles
    "create an existing role": "CREATE ROLE priv_app",
    "create a reserved role": "CREATE ROLE pg_mine",
    "create and grant": "CREATE ROLE priv_new; GRANT SELECT ON t TO priv_new",
    "create user with a password": "CREATE USER priv_new PASSWORD 'secret' IN ROLE priv_app",
    "drop a missing role": "DROP ROLE priv_nope",
    "drop if exists": "DROP ROLE IF EXISTS priv_nope",
    "drop a role with privileges": "CREATE ROLE priv_new; GRANT SELECT ON t TO priv_new; DROP ROLE priv_new",
    "drop a role that owns": "CREATE ROLE priv_new; ALTER TABLE t OWNER TO priv_new; DROP ROLE priv_new",
    "drop a role with default privileges": "CREATE ROLE priv_new; ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO priv_new;"
                                           "DROP ROLE priv_new",
    "drop a role after revoking": "CREATE ROLE priv_new; GRANT SELECT ON t TO priv_new; REVOKE ALL ON t FROM priv_new;"
                                  "DROP ROLE priv_new",
    "drop the current user": "DROP ROLE postgres",
    "drop current_user": "DROP ROLE CURRENT_USER",
    "alter a missing role": "ALTER ROLE priv_nope LOGIN",
    "rename a role": "CREATE ROLE priv_new; GRANT SELECT ON t TO priv_new; ALTER TABLE t OWNER TO priv_new;"
                     "ALTER ROLE priv_new RENAME TO priv_newer; GRANT UPDATE ON t TO priv_newer",
    "rename to an existing role": "CREATE ROLE priv_new; ALTER ROLE priv_new RENAME TO priv_app",
    "rename the session user": "ALTER ROLE postgres RENAME TO priv_pg",
    "grant a role": "CREATE ROLE priv_new; GRANT priv_app TO priv_new; GRANT priv_app TO priv_new WITH ADMIN OPTION",
    "alter group": "CREATE ROLE priv_g; ALTER GROUP priv_g ADD USER priv_app, priv_r2; ALTER GROUP priv_g DROP USER priv_app",
    "revoke the admin option": "CREATE ROLE priv_new ADMIN priv_app; REVOKE ADMIN OPTION FOR priv_new FROM priv_app",
    "create role in role": "CREATE ROLE priv_new IN ROLE priv_app ROLE priv_r2",
    "drop a role with members": "CREATE ROLE priv_new; GRANT priv_new TO priv_app; DROP ROLE priv_new",
    "grant a role to itself": "GRANT priv_app TO priv_app",
    "a membership loop": "CREATE ROLE priv_new; GRANT priv_app TO priv_new; GRANT priv_new TO priv_app",
    "grant a missing role": "GRANT priv_nope TO priv_app",
    "grant to a missing role": "GRANT priv_app TO priv_nope",
}


def _sources(*files: str) -> Sources:
    migrations = [SourceFile(name=f"{i:03d}_case.sql", version=f"{i:03d}", data=sql.encode(),
                             sha256=hashlib.sha256(sql.encode()).hexdigest()) for i, sql in enumerate(files)]
    return Sources(folder=".", migrations=migrations, skipped=[], duplicate_versions={})


def _items(text: str | None) -> frozenset[str] | None:
    return None if text is None else frozenset(text.strip("{}").split(",")) - {""}


def model_state(catalog) -> dict[str, tuple]:
    out = {}
    for target, obj in catalog.privileged_objects():
        name = target.key.split("(")[0]
        if name.split(".")[0] in ("public", "sc", "app") or target.store in ("schemas", "builtin_schemas"):
            out[f"{target.kind} {name}"] = (obj.owner_role, _items(acl_text(obj.acl)))
            if getattr(obj, "multirange", None):
                out[f"type {obj.multirange}"] = (BOOTSTRAP, _items(acl_text(obj.multirange_acl)))
        for column in getattr(obj, "columns", []) if target.store == "tables" else []:
            if column.acl is not None:
                out[f"column {name}.{column.name}"] = (None, _items(acl_text(column.acl)))
    for d in catalog.default_acls.values():
        out[f"default {d.schema_name or '-'} {d.objtype} {d.role}"] = (None, _items(acl_text(d.acl)))
    for m in catalog.role_members.values():
        out[f"member {m.role} {m.member}"] = (None, frozenset({str(m.admin).lower()}))
    return out


SERVER_STATE = """
SELECT CASE WHEN c.relkind IN ('S') THEN 'sequence ' ELSE 'table ' END || n.nspname || '.' || c.relname,
       pg_get_userbyid(c.relowner)::text, c.relacl::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('public', 'sc', 'app') AND c.relkind IN ('r', 'v', 'm', 'S', 'p')
UNION ALL
SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname, NULL, a.attacl::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('public', 'sc', 'app') AND a.attacl IS NOT NULL AND a.attnum > 0
UNION ALL
SELECT 'function ' || n.nspname || '.' || p.proname, pg_get_userbyid(p.proowner)::text, p.proacl::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('public', 'sc', 'app')
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
UNION ALL
SELECT 'type ' || n.nspname || '.' || t.typname, pg_get_userbyid(t.typowner)::text, t.typacl::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname IN ('public', 'sc', 'app') AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND t.typrelid = 0
  OR n.nspname IN ('public', 'sc', 'app') AND t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'
UNION ALL
SELECT 'schema ' || nspname, pg_get_userbyid(nspowner)::text, nspacl::text FROM pg_namespace
WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
UNION ALL
SELECT 'default ' || coalesce(defaclnamespace::regnamespace::text, '-') || ' ' || defaclobjtype::text || ' '
       || pg_get_userbyid(defaclrole), NULL, defaclacl::text FROM pg_default_acl
UNION ALL
SELECT 'member ' || pg_get_userbyid(roleid) || ' ' || pg_get_userbyid(member), NULL, '{' || admin_option::text || '}'
FROM pg_auth_members WHERE pg_get_userbyid(member) LIKE 'priv\\_%' OR pg_get_userbyid(roleid) LIKE 'priv\\_%'
"""


def server_state(conn) -> dict[str, tuple]:
    return {name: (owner, _items(acl)) for name, owner, acl in conn.execute(SERVER_STATE).fetchall()}


def model_outcome(sql: str):
    result = replay(_sources(MODEL_ROLES + SETUP, sql))
    assert not result.files[0].failed
    not_modelled = [d.message for d in result.diagnostics if d.code == "not-modelled"]
    assert not not_modelled, not_modelled
    last = result.files[-1]
    if last.failed:
        return last.first_error.sqlstate, None
    state = model_state(result.catalog)
    return None, state


def server_outcome(dsn: str, sql: str):
    with psycopg.connect(dsn) as conn:
        conn.execute(SETUP)
        conn.commit()
        try:
            conn.execute(sql)
            state = server_state(conn)
        except psycopg.Error as e:
            return e.sqlstate, None
        finally:
            conn.rollback()
    return None, state


@pytest.fixture(scope="module")
def roles(pg_server):
    for role in ROLES:
        pg_server.execute("postgres", f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                                      f"THEN CREATE ROLE {role}; END IF; END$$")


def _comparable(state):
    """The server's state without the rows of its own that the model does not keep (and the reverse): a
    relation's row type, the multirange types; the public schema as PostgreSQL 15 creates it."""
    if state is None:
        return None
    out = dict(state)
    if "schema public" not in out:
        out["schema public"] = ("pg_database_owner", frozenset({"pg_database_owner=UC/pg_database_owner",
                                                                "=U/pg_database_owner"}))
    return {k: v for k, v in out.items() if not k.startswith("type ") or v[1] is not None or v[0] != BOOTSTRAP}


@pytest.mark.parametrize("sql", CASES.values(), ids=CASES.keys())
def test_the_model_ends_as_the_server_does(pg_database, roles, sql):
    model_error, model = model_outcome(sql)
    server_error, server = server_outcome(pg_database.dsn, sql)
    assert model_error == server_error
    assert _comparable(model) == _comparable(server)


def test_the_expected_sqlstates_are_met():
    """The outcomes the brief names, so the comparison above cannot pass by both sides accepting everything."""
    assert model_outcome(CASES["missing role"])[0] == "42704"
    assert model_outcome(CASES["missing relation"])[0] == "42P01"
    assert model_outcome(CASES["missing function"])[0] == "42883"
    assert model_outcome(CASES["usage on a table"])[0] == "0LP01"
    assert model_outcome(CASES["drop a role that owns"])[0] == "2BP01"
    assert model_outcome(CASES["create an existing role"])[0] == "42710"
    assert model_outcome(CASES["grant select"])[1]["table public.t"] == (
        "postgres", frozenset({"postgres=arwdDxt/postgres", "priv_app=r/postgres"}))


def test_what_the_model_leaves_to_the_server_is_reported():
    statements = ["CREATE TYPE xr AS RANGE (subtype = int4); GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO priv_app",
                  "SET ROLE priv_app", "GRANT CONNECT ON DATABASE postgres TO priv_app",
                  "GRANT SELECT (x) ON v TO priv_app", "ALTER ROLE priv_app SET work_mem = '1MB'",
                  "GRANT USAGE ON LANGUAGE sql TO priv_app", "GRANT EXECUTE ON FUNCTION now() TO priv_app"]
    result = replay(_sources(MODEL_ROLES + SETUP, *statements))
    reported = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert [d.span.file for d in reported] == [f"{i:03d}_case.sql" for i in range(1, len(statements) + 1)]
    assert not [f for f in result.files if f.failed]
