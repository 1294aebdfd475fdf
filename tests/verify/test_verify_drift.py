"""Drift: a database built from the baseline, then changed in one way, is reported precisely.

Each case applies BASELINE to a fresh database, runs one change, and runs verify with --dsn on it:
the report must hold exactly the expected sentence (and nothing else).
"""

from __future__ import annotations

import pytest

from consolidator.verify.run import VerifyOptions, apply_baseline, verify

BASELINE = """\
CREATE TYPE ticket_status AS ENUM ('open', 'closed');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  created_at timestamptz DEFAULT now()
);
CREATE TABLE tickets (
  id serial PRIMARY KEY,
  user_id int REFERENCES users(id),
  title varchar(200) NOT NULL CHECK (length(title) > 0),
  status ticket_status NOT NULL DEFAULT 'open',
  priority text DEFAULT 'normal'
);
CREATE INDEX tickets_status_idx ON tickets (status);
CREATE TABLE notes (id int PRIMARY KEY, body text, author text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at = now();
  RETURN NEW;
END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE system_config (key text PRIMARY KEY, value text, updated_at timestamptz DEFAULT now());
INSERT INTO system_config (key, value) VALUES ('max_tickets', '10'), ('theme', 'dark');
CREATE TABLE prompt_templates (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO prompt_templates (name) VALUES ('greeting'), ('escalation');
CREATE TABLE schema_migrations (version varchar(255) PRIMARY KEY, executed_at timestamp DEFAULT CURRENT_TIMESTAMP);
INSERT INTO schema_migrations (version) VALUES ('000');
"""


@pytest.fixture
def baseline_file(tmp_path):
    path = tmp_path / "000_consolidated_baseline.sql"
    path.write_text(BASELINE)
    return path


def drift(pg_database, baseline_file, change: str) -> list[str]:
    apply_baseline(pg_database.server, pg_database.name, BASELINE)
    if change:
        pg_database.execute(change)
    report = verify(VerifyOptions(dsn=pg_database.dsn, baseline=baseline_file), cluster=pg_database.server)
    assert report.exit_code == (1 if report.findings else 0)
    return [f.message for f in report.findings]


def test_untouched_database_is_equivalent(pg_database, baseline_file):
    assert drift(pg_database, baseline_file, "") == []


def test_rows_the_application_added_and_the_tracking_table_are_not_drift(pg_database, baseline_file):
    change = """
        INSERT INTO users (email) VALUES ('someone@example.com');
        INSERT INTO prompt_templates (name) VALUES ('custom');
        INSERT INTO schema_migrations (version) VALUES ('001_new');
        UPDATE system_config SET updated_at = now() - interval '1 day';
    """
    assert drift(pg_database, baseline_file, change) == []


CASES = {
    "extra index": (
        "CREATE INDEX tickets_priority_idx ON tickets (priority);",
        "index tickets_priority_idx: present in database, missing in baseline: "
        "CREATE INDEX tickets_priority_idx ON public.tickets USING btree (priority)",
    ),
    "changed default": (
        "ALTER TABLE tickets ALTER COLUMN priority SET DEFAULT 'high';",
        "column tickets.priority: default 'high'::text in database, 'normal'::text in baseline",
    ),
    "dropped check constraint": (
        "ALTER TABLE tickets DROP CONSTRAINT tickets_title_check;",
        "constraint tickets.tickets_title_check: missing in database, present in baseline: "
        "CHECK (length(title::text) > 0)",
    ),
    "reordered column": (
        "DROP TABLE notes; CREATE TABLE notes (id int PRIMARY KEY, author text, body text);",
        "table notes: column order (id, author, body) in database, (id, body, author) in baseline",
    ),
    "extra enum value": (
        "ALTER TYPE ticket_status ADD VALUE 'archived';",
        "type ticket_status: enum labels ('open', 'closed', 'archived') in database, ('open', 'closed') in baseline",
    ),
    "changed function body": (
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n  NEW.created_at = clock_timestamp();\n  RETURN NEW;\nEND $$;",
        "function touch(): definition differs at line 6: 'NEW.created_at = clock_timestamp();' in database, "
        "'NEW.created_at = now();' in baseline",
    ),
    "missing seed row": (
        "DELETE FROM system_config WHERE key = 'theme';",
        "seed row system_config (key)=(theme): missing in database, present in baseline",
    ),
    "changed seed value": (
        "UPDATE system_config SET value = '20' WHERE key = 'max_tickets';",
        "seed row system_config (key)=(max_tickets): value '20' in database, '10' in baseline",
    ),
    "widened column": (
        "ALTER TABLE tickets ALTER COLUMN title TYPE varchar(250);",
        "column tickets.title: type varchar(250) in database, varchar(200) in baseline",
    ),
    "dropped not null": (
        "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
        "column users.email: nullability nullable in database, NOT NULL in baseline",
    ),
    "extra column": (
        "ALTER TABLE users ADD COLUMN nickname text;",
        "column users.nickname: present in database, missing in baseline: text",
    ),
    "disabled trigger": (
        "ALTER TABLE users DISABLE TRIGGER users_touch;",
        "trigger users.users_touch: enabled disabled in database, enabled in baseline",
    ),
    "sequence behind its seed rows": (
        "SELECT setval('prompt_templates_id_seq', 1);",
        "sequence prompt_templates_id_seq: next value 2 in database, 3 in baseline",
    ),
    "missing table": (
        "DROP TABLE notes;",
        "table notes: missing in database, present in baseline",
    ),
}


@pytest.mark.parametrize("change, expected", CASES.values(), ids=CASES.keys())
def test_one_change_one_finding(pg_database, baseline_file, change, expected):
    assert drift(pg_database, baseline_file, change) == [expected]


def test_json_report_carries_the_same_findings(pg_database, baseline_file):
    apply_baseline(pg_database.server, pg_database.name, BASELINE)
    pg_database.execute("ALTER TABLE tickets ALTER COLUMN priority SET DEFAULT 'high';")
    report = verify(VerifyOptions(dsn=pg_database.dsn, baseline=baseline_file), cluster=pg_database.server)
    import json

    data = json.loads(report.to_json())
    assert data["equivalent"] is False
    assert data["findings"] == [
        {
            "category": "changed",
            "kind": "column",
            "name": "tickets.priority",
            "attribute": "default",
            "reference": "'high'::text",
            "baseline": "'normal'::text",
            "origin": None,
            "message": "column tickets.priority: default 'high'::text in database, 'normal'::text in baseline",
        }
    ]
