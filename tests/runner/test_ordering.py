"""Order: by version number, then requirements; a cycle and a missing requirement name the files."""

from __future__ import annotations

import pytest

from consolidator.errors import InputError
from consolidator.runner.files import load_folder
from consolidator.runner.ordering import in_order, requirement_errors, resolve_version


def _folder(workspace, files: dict[str, str]):
    for name, requires in files.items():
        header = f"-- requires: {requires}\n" if requires else ""
        workspace.write(name, f"{header}-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n")
    return load_folder(workspace.migrations).migrations


def test_numbers_order_and_a_requirement_moves_a_migration_after_what_it_needs(workspace):
    migrations = _folder(workspace, {"1_a.sql": "3_c", "2_b.sql": "", "3_c.sql": "", "10_d.sql": ""})
    assert [m.version for m in in_order(migrations)] == ["2_b", "3_c", "1_a", "10_d"]


def test_a_cycle_is_named_with_its_files(workspace):
    migrations = _folder(workspace, {"001_a.sql": "002_b", "002_b.sql": "001_a", "003_c.sql": ""})
    with pytest.raises(InputError, match=r"001_a.sql:1: requirements form a cycle: 001_a -> 002_b -> 001_a"):
        in_order(migrations)


def test_a_missing_requirement_is_named_with_its_file_and_line(workspace):
    migrations = _folder(workspace, {"001_a.sql": "000_consolidated_baseline, 007_gone"})
    (error,) = requirement_errors(migrations, frozenset({"000_consolidated_baseline"}))
    assert str(error).endswith("001_a.sql:1: 001_a requires 007_gone, which is no migration in this folder")


def test_versions_are_found_by_name_or_unique_number():
    versions = ["001_a", "002_b", "002_c"]
    assert resolve_version("1", versions, "migration") == "001_a"
    assert resolve_version("002_c.sql", versions, "migration") == "002_c"
    with pytest.raises(InputError, match="ambiguous: 002_b, 002_c"):
        resolve_version("002", versions, "migration")
    with pytest.raises(InputError, match="no migration of that version"):
        resolve_version("9", versions, "migration")
