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
    ("no_such_thing", "no table, column, constraint, index, sequence or type named no_such_thing"),
])
def test_unknown_names_are_one_line(target, message):
    assert message in one_error_line(run_cli("blame", target, "--legacy", str(LEGACY)))
