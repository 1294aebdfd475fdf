"""consolidator model: the whole catalog with provenance, as JSON with a format version, deterministic."""

from __future__ import annotations

import json

from tests.audit.conftest import LEGACY, one_error_line, run_cli


def test_the_catalog_with_provenance():
    result = run_cli("model", str(LEGACY), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format_version"] == 1 and data["source"] == "legacy_migrations"
    users = data["catalog"]["tables"]["public.users"]
    phone = next(c for c in users["columns"] if c["name"] == "phone")
    assert phone["type"]["sql"] == "varchar(20)"
    assert phone["provenance"] == {
        "created": {"file": "000_baseline_schema.sql", "line": 21, "column": 1, "included_from": None},
        "changed": {"file": "056_add_user_email_lower_index.sql", "line": 6, "column": 1, "included_from": None}}
    assert list(data["catalog"]["tables"]) == sorted(data["catalog"]["tables"])
    function = data["catalog"]["functions"]["public.update_updated_at_column()"]
    assert function["returns"]["sql"] == "trigger" and function["language"] == "plpgsql"
    assert result.stdout == run_cli("model", str(LEGACY)).stdout


def test_only_json(tmp_path):
    assert "yaml" in one_error_line(run_cli("model", str(LEGACY), "--format", "yaml"))
