"""Differences in kinds the model does not carry yet are gaps only when the build reported such statements."""

from __future__ import annotations

from consolidator.verify.compare import Finding
from consolidator.verify.run import _Compiled, split_gaps


def _finding(kind: str) -> Finding:
    return Finding(category="missing", kind=kind, name="x", message=f"{kind} x: present in legacy, missing in baseline")


def test_a_trigger_difference_is_a_gap_when_triggers_were_not_modelled():
    compiled = _Compiled(sql="", not_modelled_kinds={"CreateTrigStmt"})
    findings, gaps = split_gaps([_finding("trigger"), _finding("column")], compiled)
    assert [f.kind for f in gaps] == ["trigger"]
    assert [f.kind for f in findings] == ["column"]


def test_a_trigger_difference_is_a_finding_when_no_trigger_statement_was_left_out():
    compiled = _Compiled(sql="", not_modelled_kinds={"InsertStmt"})
    findings, gaps = split_gaps([_finding("trigger"), _finding("seed row")], compiled)
    assert [f.kind for f in findings] == ["trigger"]
    assert [f.kind for f in gaps] == ["seed row"]


def test_without_a_compiled_history_nothing_is_a_gap():
    findings, gaps = split_gaps([_finding("function")], None)
    assert gaps == [] and len(findings) == 1


def test_a_pg_dump_difference_is_a_gap_only_when_something_was_not_modelled():
    compiled = _Compiled(sql="", not_modelled_kinds={"CreateCastStmt"})
    assert split_gaps([_finding("pg_dump entry")], compiled)[1]
    assert split_gaps([_finding("pg_dump entry")], _Compiled(sql=""))[0]
