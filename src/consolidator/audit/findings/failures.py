"""Replay failures: each statement the server rejects (file:line, SQLSTATE, message) and what was lost with it: the
statements its rolled-back file had already run, and the ones that never ran."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import Change
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.errors import OnError, Severity
from consolidator.pg15 import sqlstate


class Lost(BaseModel):
    file: str
    line: int
    kind: str
    statement: str  # its first line
    effects: list[Change]  # what it had done before the rollback undid it


class Failure(BaseModel):
    file: str
    line: int
    sqlstate: str
    condition: str | None
    message: str
    statement: str  # the rejected statement's first line
    outcome: str  # what became of the file, as the replay says it
    rolled_back: list[Lost]
    never_run: list[Lost]


class Failures(BaseModel):
    failures: list[Failure]


def compute(history: History, lineage: Lineage | None = None) -> Failures:
    out = []
    for event in history.events:
        if event.status != "failed":
            continue
        error = next((d for d in history.replay.diagnostics if d.severity is Severity.ERROR and d.span == event.span),
                     None)
        code = error.sqlstate if error and error.sqlstate else ""
        file = event.span.file
        outcome = _outcome(history, event)
        undone = [e for e in history.events_of(file) if e.status == "rolled-back"]
        rolled_back = [Lost(file=file, line=e.span.line, kind=e.kind, statement=history.excerpt(e.span),
                            effects=[Change.of(s) for s in history.steps if s.event is e])
                       for e in undone]
        never = [Lost(file=file, line=span.line, kind="", statement=history.excerpt(span), effects=[])
                 for span, _ in history.never_run(file)]
        out.append(Failure(file=file, line=event.span.line, sqlstate=code, condition=sqlstate.name_of(code) if code else None,
                           message=event.reason, statement=history.excerpt(event.span), outcome=outcome,
                           rolled_back=rolled_back, never_run=never))
    return Failures(failures=out)


def _outcome(history: History, failed) -> str:
    if history.on_error is OnError.STATEMENT:
        return "only this statement is skipped (--on-error statement)"
    before = history.events_of(failed.span.file)
    before = before[:before.index(failed)]
    if any(e.status == "applied" for e in before):
        return "the file stops here; what it committed before this statement stays"
    return "the file is rolled back whole: nothing in it applies"


def markdown(section: Failures) -> list[str]:
    out = [md.heading(2, "Replay failures"), ""]
    if not section.failures:
        return out + ["PostgreSQL 15 accepts every statement.", ""]
    out += [f"{md.plural(len(section.failures), 'statement')} PostgreSQL 15 rejects:", ""]
    for f in section.failures:
        state = f"{md.code(f.sqlstate)} {md.text(f.condition or '')}".strip()
        out.append(f"- {md.code(f'{f.file}:{f.line}')}: {state}: {md.text(f.message)}")
        out.append(f"  - statement: {md.code(f.statement)}")
        if f.outcome:
            out.append(f"  - {md.text(f.outcome)}")
        for lost in f.rolled_back:
            did = "; ".join(md.text(c.sentence) for c in lost.effects) or "nothing the model carries"
            out.append(f"  - lost (rolled back): {md.code(f'{lost.file}:{lost.line}')} {md.code(lost.statement)}: {did}")
        for lost in f.never_run:
            out.append(f"  - never run: {md.code(f'{lost.file}:{lost.line}')} {md.code(lost.statement)}")
    out.append("")
    return out
