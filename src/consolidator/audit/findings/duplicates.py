"""Duplicate creates: every name that more than one file created, and what each later creation did.

A creation is a `created` effect, an IF NOT EXISTS that found the object already there (`skipped`, "exists"), or,
for a column or constraint written inside CREATE TABLE, its table's creation. A later creation either did nothing
(IF NOT EXISTS), or made a new object after the earlier one was dropped or renamed away. Creations the server
rejected because the object existed (a duplicate_* SQLSTATE) are listed with the server's message: the replay
does not say which object a rejected statement named.
"""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import full_name, label, short, table_of, where
from consolidator.audit.history import History, Step
from consolidator.audit.lineage import Lifetime, Lineage
from consolidator.errors import Severity
from consolidator.model.keys import Kind, Ref
from consolidator.pg15 import sqlstate
from consolidator.replay.effects import Action


class Creation(BaseModel):
    file: str
    line: int
    outcome: str  # created | created with its table | skipped (IF NOT EXISTS) | created again
    reason: str | None = None  # why it was possible: "the earlier one was dropped", ...
    reason_at: str | None = None  # file:line of what the reason names

    def sentence(self) -> str:
        return self.outcome + (f": {self.reason} in {self.reason_at}" if self.reason else "")


class DuplicateCreate(BaseModel):
    kind: str
    name: str  # schema-qualified; a column or constraint after its table
    table: str  # the table's key ("" for objects that are not a table or part of one)
    column: str | None = None
    files: list[str]
    creations: list[Creation]


class RejectedCreation(BaseModel):
    file: str
    line: int
    sqlstate: str
    condition: str
    message: str


class Duplicates(BaseModel):
    objects: list[DuplicateCreate]
    rejected: list[RejectedCreation]


def _creations(history: History, lineage: Lineage) -> dict[Ref, list[tuple[Step, Lifetime | None]]]:
    found: dict[Ref, list[tuple[Step, Lifetime | None]]] = {}
    for lifetime in lineage.lifetimes:
        if lifetime.implicit and lifetime.born is not None:
            found.setdefault(lifetime.names[0], []).append((lifetime.born, lifetime))
    for step in history.steps:
        e = step.effect
        if not step.applied or e.ref is None:
            continue
        if e.action is Action.CREATED or (e.action is Action.SKIPPED and e.change == "exists"):
            found.setdefault(e.ref, []).append((step, lineage.owner.get(step.position)))
    return found


def _outcome(step: Step, lifetime: Lifetime | None, earlier: list[tuple[Step, Lifetime | None]]) -> Creation:
    e = step.effect
    at = dict(file=step.file, line=step.span.line)
    if lifetime is not None and lifetime.implicit and step is lifetime.born:
        return Creation(**at, outcome="created with its table")
    if e.action is Action.SKIPPED:
        first = lifetime.born if lifetime is not None else None
        return Creation(**at, outcome="skipped (IF NOT EXISTS)", reason="it already existed, created" if first else None,
                        reason_at=where(first.span) if first else None)
    if not earlier:
        return Creation(**at, outcome="created")
    previous = next((lt for _, lt in reversed(earlier) if lt is not None and lt is not lifetime), None)
    if previous is not None:
        renamed_away = [s for s in previous.steps if s.effect.action is Action.RENAMED and s.effect.ref == e.ref
                        and s.position < step.position]
        if renamed_away:
            s = renamed_away[-1]
            return Creation(**at, outcome="created again", reason=f"the earlier one was renamed to {label(s.effect.new)}",
                            reason_at=where(s.span))
        if previous.end is not None and previous.end.position < step.position:
            with_table = previous.end.effect.ref != previous.ref and previous.end.effect.ref.kind is Kind.TABLE
            return Creation(**at, outcome="created again",
                            reason=f"the earlier one was {'dropped with its table' if with_table else 'dropped'}",
                            reason_at=where(previous.end.span))
    return Creation(**at, outcome="created again")


def compute(history: History, lineage: Lineage) -> Duplicates:
    objects = []
    for ref, found in _creations(history, lineage).items():
        found.sort(key=lambda pair: pair[0].position)
        files = list(dict.fromkeys(step.file for step, _ in found))
        if len(files) < 2:
            continue
        creations = [_outcome(step, lt, found[:i]) for i, (step, lt) in enumerate(found)]
        objects.append(DuplicateCreate(kind=ref.kind.value, name=full_name(ref), table=table_of(ref),
                                       column=ref.part if ref.kind is Kind.COLUMN else None, files=files,
                                       creations=creations))
    objects.sort(key=lambda d: (_KIND_ORDER.get(d.kind, 9), d.name))
    rejected = []
    for event in history.events:
        if event.status != "failed":
            continue
        error = next((d for d in history.replay.diagnostics
                      if d.severity is Severity.ERROR and d.span == event.span and d.sqlstate), None)
        name = sqlstate.name_of(error.sqlstate) if error else None
        if name and name.startswith("duplicate_"):
            rejected.append(RejectedCreation(file=event.span.file, line=event.span.line, sqlstate=error.sqlstate,
                                             condition=name, message=event.reason))
    return Duplicates(objects=objects, rejected=rejected)


_KIND_ORDER = {"table": 0, "column": 1, "constraint": 2, "index": 3, "sequence": 4, "type": 5}


def markdown(section: Duplicates) -> list[str]:
    out = [md.heading(2, "Duplicate creates"), ""]
    if not section.objects and not section.rejected:
        return out + ["No object is created by more than one file.", ""]
    out.append(f"{md.plural(len(section.objects), 'object')} created by more than one file "
               f"({', '.join(f'{n} {k}' for k, n in _count(section.objects))}):")
    out.append("")
    for d in section.objects:
        first, later = d.creations[0], d.creations[1:]
        out.append(f"- {md.text(d.kind)} {md.code(_display(d))}: {md.text(first.outcome)} in "
                   f"{md.code(f'{first.file}:{first.line}')}")
        out += md.bullets([_creation(c) for c in later], indent=2)
    out.append("")
    if section.rejected:
        out.append("Creations the server rejects because the object already exists (each rolled back its file):")
        out.append("")
        out += md.bullets([f"{md.code(f'{r.file}:{r.line}')}: {md.code(r.sqlstate)} {md.text(r.condition)}: "
                           f"{md.text(r.message)}" for r in section.rejected])
        out.append("")
    return out


def _creation(c: Creation) -> str:
    text = f"{md.code(f'{c.file}:{c.line}')}: {md.text(c.outcome)}"
    if c.reason:
        text += f": {md.text(c.reason)} in {md.code(c.reason_at)}"
    return text


def _display(d: DuplicateCreate) -> str:
    if d.kind in ("schema", "extension"):
        return d.name
    return short(d.name) if d.kind in ("table", "index", "sequence", "type") else short(d.table) + d.name[len(d.table):]


def _count(objects: list[DuplicateCreate]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for d in objects:
        counts[d.kind] = counts.get(d.kind, 0) + 1
    plural = {"index": "indexes"}
    return [(plural.get(k, k + "s") if n != 1 else k, n) for k, n in counts.items()]
