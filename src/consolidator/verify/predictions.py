"""Check the compiler's predictions against the server: which legacy files fail, and with which SQLSTATE.

The model replays the history without a server; whenever it disagrees with PostgreSQL about a
file's fate, the baseline is built on a wrong premise. Each disagreement is a "compiler defect".
Lines are shown but not compared: psql reports the statement's last line, the model its first.
"""

from __future__ import annotations

from typing import Any, Mapping

from consolidator.verify.compare import Finding
from consolidator.verify.legacy import LegacyReplay


def _server(outcome) -> str:
    e = outcome.first_error
    return f"line {e.line}, {e.sqlstate or 'psql error'}: {e.one_line()}"


def _model(diagnostic: Any) -> str:
    span = getattr(diagnostic, "span", None)
    line = f"line {span.line}, " if span is not None else ""
    return f"{line}{getattr(diagnostic, 'sqlstate', None) or 'no SQLSTATE'}: {' '.join(str(diagnostic.message).split())}"


def _finding(name: str, text: str, server: str | None, model: str | None) -> Finding:
    return Finding(
        category="compiler-defect", kind="file", name=name, reference=server, baseline=model,
        message=f"compiler defect: {name}: {text}",
    )


def compare_predictions(replay: LegacyReplay, predicted_failures: Mapping[str, Any]) -> list[Finding]:
    """Findings for every file whose fate differs between the server and the compiler."""
    findings: list[Finding] = []
    ran = {f.name: f for f in replay.files if f.status != "not-run"}
    for name in sorted(set(ran) | set(predicted_failures)):
        outcome = ran.get(name)
        diagnostic = predicted_failures.get(name)
        if outcome is None:
            continue  # not run by the server (after a stop): nothing to compare
        server_failed = outcome.status == "failed"
        if server_failed and diagnostic is None:
            findings.append(_finding(name, f"PostgreSQL rejected it ({_server(outcome)}), the compiler applied it",
                                     outcome.first_error.sqlstate, None))
        elif not server_failed and diagnostic is not None:
            findings.append(_finding(name, f"the compiler reported it failed ({_model(diagnostic)}), PostgreSQL applied it",
                                     None, getattr(diagnostic, "sqlstate", None)))
        elif server_failed and outcome.first_error.sqlstate != getattr(diagnostic, "sqlstate", None):
            findings.append(_finding(
                name,
                f"PostgreSQL rejected it with {_server(outcome)}; the compiler predicted {_model(diagnostic)}",
                outcome.first_error.sqlstate, getattr(diagnostic, "sqlstate", None),
            ))
    return findings
