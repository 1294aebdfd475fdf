"""A history with grants, revokes, default privileges, owners and roles: the baseline built with --privileges gives
PostgreSQL 15 the owners and ACLs the history gives it (verify, on throwaway servers of their own), its roles block
applies twice, and without --privileges the header lists everything left out and verify says it did not compare."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from consolidator.build import build
from consolidator.verify.run import VerifyOptions, verify
from tests.replay.test_privileges import model_state, server_state

HISTORY = {
    "001_init.sql": """CREATE ROLE privh_read;
CREATE ROLE privh_write LOGIN PASSWORD 'do-not-copy-me' CONNECTION LIMIT 5;
CREATE SCHEMA app;
CREATE TABLE app.users (id serial PRIMARY KEY, name text, email text);
CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY, body text);
CREATE FUNCTION app.ping() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TYPE mood AS ENUM ('ok', 'bad');
CREATE VIEW app.names AS SELECT name FROM app.users;
""",
    "002_grants.sql": """GRANT USAGE ON SCHEMA app TO privh_read, privh_write;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO privh_read;
GRANT SELECT, INSERT, UPDATE (name, email) ON app.users TO privh_write WITH GRANT OPTION;
GRANT USAGE ON SEQUENCE app.users_id_seq TO privh_write;
REVOKE EXECUTE ON FUNCTION app.ping() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.ping() TO privh_read;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER TABLE notes OWNER TO privh_write;
ALTER TYPE mood OWNER TO privh_read;
ALTER VIEW app.names OWNER TO privh_write;
GRANT privh_read TO privh_write;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO privh_read;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE privh_write GRANT SELECT ON SEQUENCES TO privh_read;
""",
    "003_later.sql": """CREATE TABLE app.orders (id int);
CREATE FUNCTION pong() RETURNS int LANGUAGE sql AS 'SELECT 2';
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON TYPES TO privh_write;
CREATE TYPE app.span AS RANGE (subtype = int4);
REVOKE ALL ON app.users FROM CURRENT_USER;
GRANT SELECT ON app.users TO CURRENT_USER;
ALTER SCHEMA public OWNER TO privh_read;
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
""",
}


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("privileges") / "legacy"
    folder.mkdir()
    for name, sql in HISTORY.items():
        (folder / name).write_text(sql)
    return folder


def test_the_baseline_gives_the_history_s_owners_and_acls(history):
    report = verify(VerifyOptions(legacy_dir=history, privileges=True))
    assert report.findings == [] and report.gaps == [] and report.not_compared == []
    assert report.exit_code == 0


def test_a_missing_grant_is_found(history, tmp_path):
    sql = build(history, privileges=True).sql
    cut = tmp_path / "baseline.sql"
    cut.write_text("\n".join(line for line in sql.splitlines() if not line.startswith("GRANT UPDATE (email)")) + "\n")
    report = verify(VerifyOptions(legacy_dir=history, baseline=cut, privileges=True))
    assert [f.message.split(":")[0] for f in report.findings] == ["column app.users.email"]


def test_the_roles_apply_twice_and_give_what_the_model_holds(history, pg_server):
    result = build(history, privileges=True)
    assert "do-not-copy-me" not in result.sql and "PASSWORD" not in result.sql
    states = []
    for name in ("privh_first", "privh_second"):  # the second finds the roles there already
        dsn = pg_server.create_database(name)
        path = Path(pg_server.datadir).parent / f"{name}.sql"
        path.write_text(result.sql)
        outcome = pg_server.psql_file(name, path)
        assert outcome.returncode == 0, outcome.stderr
        with psycopg.connect(dsn) as conn:
            states.append(server_state(conn))
            members = conn.execute("SELECT roleid::regrole::text, member::regrole::text FROM pg_auth_members "
                                   "WHERE member::regrole::text LIKE 'privh%'").fetchall()
            assert members == [("privh_read", "privh_write")]
            assert conn.execute("SELECT rolcanlogin, rolconnlimit, rolpassword IS NULL FROM pg_authid "
                                "WHERE rolname = 'privh_write'").fetchone() == (True, 5, True)
    assert states[0] == states[1]
    model = {k: v for k, v in model_state(result.catalog).items() if not k.startswith("member ")}  # checked above
    assert {k: v for k, v in states[0].items() if k in model} == model


def test_without_the_flag_the_header_lists_what_was_left_out(history):
    sql = build(history).sql
    header = sql.split("\n\n")[0]
    assert "GRANT" not in sql.split("-- =====", 1)[1] and "CREATE ROLE" not in sql
    assert "-- Roles the target server must have (the history creates or names them): privh_read, privh_write" in header
    assert "--     owner of table public.notes: privh_write" in header
    assert "--     privileges on column app.users.email: {privh_write=w*/postgres}" in header
    assert "--     default privileges of privh_write on new sequences: {privh_write=rwU/privh_write,privh_read=r/privh_write}" in header
    assert "--     owner of schema public: privh_read" in header
    assert "Passwords are never copied into the baseline" in header


def test_verify_without_the_flag_says_privileges_were_not_compared(history):
    report = verify(VerifyOptions(legacy_dir=history))
    # pg_dump --no-owner still writes the public schema once its owner changed: the only difference it sees
    assert [f.name for f in report.findings] in ([], ["public; Type: SCHEMA; Schema: -; Owner: -"])
    assert report.not_compared
    assert report.exit_code == 1
    assert "compares them only with --privileges" in report.to_text()


def test_the_configuration_key_turns_the_privileges_on(history, tmp_path):
    import shutil
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    shutil.copytree(history, tmp_path / "legacy")
    (tmp_path / "consolidator.toml").write_text("privileges = true\n")
    run = lambda *args: subprocess.run([sys.executable, "-m", "consolidator", "build", "legacy", "-o", "out.sql",  # noqa: E731
                                        "-q", *args], cwd=tmp_path, capture_output=True, text=True)
    assert run().returncode == 0
    assert "GRANT UPDATE (email) ON TABLE app.users TO privh_write WITH GRANT OPTION;" in (tmp_path / "out.sql").read_text()
    (tmp_path / "consolidator.toml").write_text("privileges = false\n")
    assert run().returncode == 0
    assert "GRANT UPDATE (email)" not in (tmp_path / "out.sql").read_text()


def test_a_hostile_role_name_stays_a_name(tmp_path, pg_server):
    """Quotes, a dollar quote, a newline and a comment in a role's name: the baseline's guard and grants keep it a
    name, and the baseline applies twice."""
    name = "privh x'); DROP TABLE t; --$role$\n\"q\""
    quoted = '"' + name.replace('"', '""') + '"'
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "001.sql").write_text(f"CREATE ROLE {quoted};\nCREATE TABLE t (id int);\nGRANT SELECT ON t TO {quoted};\n"
                                    f"ALTER TABLE t OWNER TO {quoted};\n")
    result = build(folder, privileges=True)
    assert not result.failed_files
    for db in ("privh_hostile_1", "privh_hostile_2"):
        dsn = pg_server.create_database(db)
        path = tmp_path / f"{db}.sql"
        path.write_text(result.sql)
        outcome = pg_server.psql_file(db, path)
        assert outcome.returncode == 0, outcome.stderr
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't'").fetchone() == (name,)
    header = result.sql.split("\n\n")[0]
    assert all(line.startswith("--") for line in header.splitlines())
