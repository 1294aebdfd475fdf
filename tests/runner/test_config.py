"""Settings and the tracking table's name: one name for every command, from the baseline's header."""

from __future__ import annotations

import pytest

from consolidator.errors import InputError
from consolidator.runner import config, project


def test_the_configuration_file_is_read_and_options_win(tmp_path):
    path = tmp_path / "consolidator.toml"
    path.write_text('migrations_dir = "db/migrations"\ntracking_table = "ours"\n')
    settings = config.load(path, tracking_table="theirs")
    assert settings.migrations_dir.as_posix() == "db/migrations" and settings.tracking_table == "theirs"


@pytest.mark.parametrize("text, message", [
    ('dsn = "postgresql://u:p@h/d"\n', "never read from a file"),
    ("migrations_dir = 3\n", "migrations_dir must be a string"),
    ("migrations_dir = \n", "not valid TOML"),
])
def test_a_bad_configuration_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "consolidator.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        config.load(path)


def test_the_tracking_table_is_the_one_the_baseline_names(workspace):
    workspace.build_baseline(workspace.legacy({"001_sm.sql": "CREATE TABLE schema_migrations (version bigint);\n"}))
    loaded = workspace.project()
    assert loaded.tracking_table == "consolidator_migrations"
    assert "000_consolidated_baseline.sql" in loaded.tracking_reason
    with pytest.raises(InputError, match="they must agree"):
        workspace.project(tracking_table="schema_migrations")


def test_without_a_baseline_the_default_name_or_the_explicit_one(workspace):
    assert workspace.project().tracking_table == "schema_migrations"
    assert workspace.project(tracking_table="mine").tracking_table == "mine"
    with pytest.raises(InputError, match="baseline file not found"):
        project.load(config.load(baseline=workspace.root / "missing.sql"))
