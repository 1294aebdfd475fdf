"""The catalog snapshot: what it reads, what it leaves out, and that it never writes."""

from __future__ import annotations

import psycopg
import pytest

from consolidator.verify.introspect import DatabaseUnreachable, snapshot

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TYPE ticket_status AS ENUM ('open', 'closed');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  token uuid DEFAULT uuid_generate_v4(),
  code int GENERATED ALWAYS AS IDENTITY,
  doubled int GENERATED ALWAYS AS (id * 2) STORED
);
CREATE TABLE tickets (
  id bigserial PRIMARY KEY,
  user_id int REFERENCES users(id) ON DELETE CASCADE,
  status ticket_status NOT NULL DEFAULT 'open',
  title text COLLATE "C"
);
CREATE INDEX tickets_open_idx ON tickets (user_id) WHERE status = 'open';
COMMENT ON COLUMN tickets.title IS 'what the ticket is about';
CREATE VIEW open_tickets AS SELECT id, title FROM tickets WHERE status = 'open';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER tickets_touch BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE schema_migrations (version varchar(255) PRIMARY KEY, id serial);
INSERT INTO schema_migrations (version) VALUES ('000');
INSERT INTO users (email) VALUES ('b@example.com'), ('a@example.com');
"""


@pytest.fixture
def snap(pg_database):
    pg_database.execute(SCHEMA)
    return snapshot(pg_database.dsn)


def test_tables_columns_in_attnum_order(snap):
    assert snap.get("table", "public.users").attrs["columns"] == ["id", "email", "token", "code", "doubled"]
    email = snap.get("column", "public.users.email").attrs
    assert (email["type"], email["not_null"], email["default"]) == ("character varying(255)", True, None)
    assert snap.get("column", "public.users.code").attrs["identity"] == "always"
    assert snap.get("column", "public.users.doubled").attrs["generated"] == "(id * 2)"
    assert snap.get("column", "public.tickets.title").attrs["collation"] == 'pg_catalog."C"'
    assert snap.get("column", "public.tickets.title").attrs["comment"] == "what the ticket is about"
    assert snap.get("column", "public.tickets.status").attrs["default"] == "'open'::ticket_status"


def test_constraints_indexes_sequences_types(snap):
    fk = snap.get("constraint", "public.tickets.tickets_user_id_fkey").attrs
    assert fk["definition"] == "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE"
    # an index that implements a constraint belongs to the constraint
    assert snap.names("index") == ["public.tickets_open_idx"]
    seq = snap.get("sequence", "public.users_id_seq").attrs
    assert (seq["owned_by"], seq["next_value"], seq["type"]) == ("public.users.id", 3, "integer")
    assert snap.get("type", "public.ticket_status").attrs["labels"] == ["open", "closed"]


def test_functions_triggers_views(snap):
    assert snap.get("function", "public.touch()").attrs["definition"].startswith("CREATE OR REPLACE FUNCTION public.touch()")
    assert snap.get("trigger", "public.tickets.tickets_touch").attrs["definition"] == (
        "CREATE TRIGGER tickets_touch BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION touch()"
    )
    assert "WHERE tickets.status = 'open'::ticket_status" in snap.get("view", "public.open_tickets").attrs["definition"]


def test_extension_members_and_the_tracking_table_are_left_out(snap):
    assert snap.get("extension", "uuid-ossp").attrs["schema"] == "public"
    assert not [n for n in snap.names("function") if "uuid" in n]
    everything = [n for kind in snap.objects for n in snap.names(kind)]
    assert not [n for n in everything if "schema_migrations" in n]
    assert "public.schema_migrations" not in snap.rows


def test_seed_rows_sorted_as_text(snap):
    users = snap.rows["public.users"]
    assert users.key == ["id"]
    assert [r[:2] for r in users.rows] == [["1", "b@example.com"], ["2", "a@example.com"]]


def test_privileges_only_on_request(pg_database, snap):
    assert "acl" not in snap.get("table", "public.users").attrs
    with_acl = snapshot(pg_database.dsn, privileges=True)
    assert with_acl.get("table", "public.users").attrs["owner"] == "postgres"


def test_snapshot_is_read_only(pg_database, snap):
    with psycopg.connect(pg_database.dsn) as conn:
        before = conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").fetchone()
    assert snapshot(pg_database.dsn) == snap
    with psycopg.connect(pg_database.dsn) as conn:
        seq = conn.execute("SELECT last_value FROM users_id_seq").fetchone()[0]
    assert seq == 2  # reading next values did not call nextval()
    assert before is not None


def test_unreachable_database_is_one_line(tmp_path):
    with pytest.raises(DatabaseUnreachable) as e:
        snapshot(f"postgresql://postgres@/nodb?host={tmp_path}")
    assert "cannot connect to database" in str(e.value)
    assert "\n" not in str(e.value)
