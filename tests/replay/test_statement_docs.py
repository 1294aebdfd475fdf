"""docs/statements.md says what the replay does with each statement kind: it must be what the registries hold,
and a kind it calls reported must be reported by the replay, never applied or dropped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_committed_statement_reference_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_statement_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_kind_the_reference_calls_reported_is_reported(replay_sql):
    text = (ROOT / "docs" / "statements.md").read_text(encoding="utf-8")
    assert "`AlterSystemStmt`" in text.split("## Reported")[1]
    result = replay_sql({"001_a.sql": "CREATE TABLE t (a int);\nALTER SYSTEM SET work_mem = '8MB';\n"})
    (diagnostic,) = [d for d in result.diagnostics if d.code == "not-modelled"]
    assert diagnostic.span.line == 2
