"""blame follows an object through its renames, back to the statement that created it, with its definition after
each file and in the baseline."""

from __future__ import annotations

import pytest

from tests.audit.conftest import LEGACY, one_error_line, run_cli


def blame(target: str) -> str:
    result = run_cli("blame", target, "--legacy", str(LEGACY))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_renamed_column_is_followed_to_its_old_name():
    out = blame("tickets.user_id")
    assert out.startswith("column tickets.user_id in legacy_migrations/ (named tickets.created_by_id → tickets.user_id)")
    assert "000_baseline_schema.sql:35  created with table tickets" in out
    assert "after 000_baseline_schema.sql: created_by_id uuid NOT NULL" in out
    assert "037_fix_tickets_table_column_names.sql:5  renamed column tickets.created_by_id to user_id" in out
    assert "    ALTER TABLE tickets RENAME COLUMN created_by_id TO user_id" in out
    assert out.rstrip().endswith("in the baseline:\n    user_id uuid NOT NULL")


def test_a_renamed_table_shows_its_old_name_and_parts():
    out = blame("remote_action_history")
    assert "(named remote_actions_log → remote_action_history)" in out
    assert "006_create_remote_actions_log.sql:3  created table remote_actions_log" in out
    assert "030_rename_remote_actions_log.sql:3  renamed table remote_actions_log to remote_action_history" in out
    assert "047_update_notification_preferences.sql:11  created index idx_remote_action_history_initiated_by" in out
    assert "CREATE TABLE remote_action_history (" in out.split("in the baseline:")[1]


def test_a_column_of_a_renamed_table():
    out = blame("remote_action_history.device_name")
    assert "(named remote_actions_log.device_name → remote_action_history.device_name)" in out


def test_type_changes_show_each_definition():
    out = blame("users.phone")
    assert "after 000_baseline_schema.sql: phone varchar(50)" in out
    assert "004_add_user_preferences.sql:3  column phone of users already exists, skipped (IF NOT EXISTS)" in out
    assert "after 056_add_user_email_lower_index.sql: phone varchar(20)" in out


def test_an_index_name_used_again_after_a_rename():
    out = blame("idx_tickets_status")
    assert "(an earlier index of this name, created in 000_baseline_schema.sql:90, was renamed to " \
           "idx_tickets_status_legacy)" in out
    assert "035_create_tickets_table.sql:18  created index idx_tickets_status on tickets" in out
    legacy = blame("idx_tickets_status_legacy")
    assert "026_fix_ticket_comments_index.sql:8  renamed index idx_tickets_status to idx_tickets_status_legacy" in legacy


def test_constraints_by_name_and_renamed():
    out = blame("feedback_confidence_nonnegative")
    assert "(named feedback.feedback_confidence_check → feedback.feedback_confidence_nonnegative)" in out
    assert "036_feedback_confidence_constraints.sql:4" in out
    fk = blame("tickets.tickets_user_id_fkey")
    assert "tickets.tickets_created_by_id_fkey → tickets.tickets_user_id_fkey" in fk


def test_rolled_back_and_dropped_objects():
    out = blame("push_subscriptions.failed_attempts")
    assert "038_push_subscription_platform.sql:4  dropped column failed_attempts of push_subscriptions" in out
    assert "in the baseline: not there (dropped in 038_push_subscription_platform.sql:4)" in out
    comments = blame("checklist_submissions")
    assert "039_add_checklist_supplies.sql:4  added column supplies_needed text to checklist_submissions " \
           "(rolled back with its file: it did not happen)" in comments


@pytest.mark.parametrize("target,message", [
    ("no_such_thing", "no table, column, constraint, index, sequence, type, view, function or trigger (TABLE.TRIGGER) "
                      "named no_such_thing"),
])
def test_unknown_names_are_one_line(target, message):
    assert message in one_error_line(run_cli("blame", target, "--legacy", str(LEGACY)))


ROUTINES = {
    "001_a.sql": "CREATE TABLE t (id int, a text);\n"
                 "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
                 "CREATE FUNCTION f1(a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                 "CREATE FUNCTION f1(a text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                 "CREATE VIEW v1 AS SELECT id FROM t;\n"
                 "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();\n",
    "002_b.sql": "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.a := lower(NEW.a); "
                 "RETURN NEW; END $$;\nCREATE OR REPLACE VIEW v1 AS SELECT id, a FROM t;\n"
                 "ALTER FUNCTION f1(int) RENAME TO f2;\n",
    "003_c.sql": "ALTER VIEW v1 RENAME TO v2;\nALTER TRIGGER tr ON t RENAME TO tr2;\n"
                 "CREATE OR REPLACE FUNCTION f2(a int) RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n",
}


def _blame_routines(tmp_path, target: str) -> str:
    for name, sql in ROUTINES.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
    result = run_cli("blame", target, "--legacy", str(tmp_path))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_function_replaced_and_renamed(tmp_path):
    touch = _blame_routines(tmp_path, "touch")
    assert "002_b.sql:1  replaced function touch()" in touch
    assert "after 002_b.sql:\n      CREATE FUNCTION touch()" in touch
    assert touch.rstrip().endswith("AS $function$ BEGIN NEW.a := lower(NEW.a); RETURN NEW; END $function$;")
    f2 = _blame_routines(tmp_path, "f2")
    assert "(named f1(int4) → f2(int4))" in f2
    assert "002_b.sql:3  renamed function f1(integer) to f2" in f2
    assert "003_c.sql:3  replaced function f2(integer)" in f2
    assert f2.rstrip().endswith("AS $function$ SELECT 2 $function$;")


def test_an_overloaded_function_is_named_with_its_argument_types(tmp_path):
    for name, sql in ROUTINES.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
    (tmp_path / "004_d.sql").write_text("CREATE FUNCTION f2(a text) RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;\n")
    assert "names more than one object" in one_error_line(run_cli("blame", "f2", "--legacy", str(tmp_path)))
    out = run_cli("blame", "f2(text)", "--legacy", str(tmp_path)).stdout
    assert out.startswith("function f2(text) in ") and "004_d.sql:1  created function f2(text)" in out


def test_a_view_and_a_trigger_replaced_and_renamed(tmp_path):
    view = _blame_routines(tmp_path, "v2")
    assert "(named v1 → v2)" in view
    assert "after 001_a.sql:\n      CREATE VIEW v1 AS\n          SELECT t.id AS id FROM t;" in view
    assert "002_b.sql:2  replaced view v1" in view
    assert "after 003_c.sql:\n      CREATE VIEW v2 AS\n          SELECT t.id AS id, t.a AS a FROM t;" in view
    trigger = _blame_routines(tmp_path, "t.tr2")
    assert "(named t.tr → t.tr2)" in trigger
    assert "after 003_c.sql:\n      CREATE TRIGGER tr2 BEFORE INSERT ON t" in trigger
