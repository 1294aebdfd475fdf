"""Risks: destructive statements (dropped tables and columns), type changes that narrow, reinterpret or rewrite the
values, files the server rejects, foreign-key cycles, and what the audit cannot check: statements not modelled,
seed values computed when the baseline runs, tables whose rows are not known."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import label, short
from consolidator.audit.graph import Graph, schema_graph
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.build import volatile_columns
from consolidator.model.keys import Kind
from consolidator.model.types import SqlType
from consolidator.replay.effects import Action

_INTEGER_WIDTH = {"int2": 2, "int4": 4, "int8": 8}
_LENGTH_TYPES = {"varchar", "bpchar", "varbit", "bit"}


class Risk(BaseModel):
    kind: str  # destructive | narrowing | reinterpreting | rewriting | failed-file | cycle | not-checked
    file: str | None = None
    line: int | None = None
    object: str | None = None
    message: str


class Risks(BaseModel):
    risks: list[Risk]


def type_change_risk(before: SqlType, after: SqlType) -> tuple[str, str] | None:
    """(kind, why) when changing a column from `before` to `after` can fail on, lose or change existing values."""
    b, a = before.internal, after.internal
    if b is None or a is None or before.array_dims != after.array_dims or before.sql == after.sql:
        return None
    if b in _INTEGER_WIDTH and a in _INTEGER_WIDTH and _INTEGER_WIDTH[a] < _INTEGER_WIDTH[b]:
        return "narrowing", "larger values make the ALTER fail (22003)"
    if b == "numeric" and a in _INTEGER_WIDTH:
        return "narrowing", "fractions are rounded away"
    if b == a == "numeric" and before.typmods and after.typmods:
        (bp, bs), (ap, as_) = (tuple(before.typmods) + (0,))[:2], (tuple(after.typmods) + (0,))[:2]
        if ap - as_ < bp - bs:
            return "narrowing", "fewer integer digits: larger values make the ALTER fail (22003)"
        if as_ < bs:
            return "narrowing", "fewer decimal places: values are rounded"
        return None
    if b == "numeric" and not before.typmods and after.typmods and a == "numeric":
        return "narrowing", "an unconstrained numeric gets a precision: values may be rounded or fail"
    if a in _LENGTH_TYPES and after.typmods:
        if b in _LENGTH_TYPES and before.typmods and after.typmods[0] >= before.typmods[0]:
            return None
        if b in _LENGTH_TYPES or b == "text":
            return "narrowing", "longer values make the ALTER fail (22001)"
    if {b, a} == {"timestamp", "timestamptz"}:
        return "reinterpreting", "existing values are read in the session's TimeZone"
    if (b, a) == ("json", "jsonb"):
        return "rewriting", "jsonb keeps neither key order, duplicate keys nor white space"
    if (b, a) == ("float8", "float4"):
        return "narrowing", "precision is lost"
    return None


def _type_changes(history: History, lineage: Lineage) -> list[Risk]:
    out, seen = [], set()
    for step in history.steps:
        e = step.effect
        if not step.applied or e.action is not Action.ALTERED or e.change != "type" or e.ref.kind is not Kind.COLUMN:
            continue
        if (step.file, e.ref) in seen:
            continue
        seen.add((step.file, e.ref))
        before = history.before(step.file).column_types.get((e.ref.name, e.ref.part))
        owner = lineage.owner.get(step.position)
        names = [e.ref] + (list(reversed(owner.names)) if owner else [])
        after = next((history.after[step.file].column_types.get((r.name, r.part)) for r in names
                      if (r.name, r.part) in history.after[step.file].column_types), None)
        if before is None or after is None:
            continue
        verdict = type_change_risk(before, after)
        if verdict:
            kind, why = verdict
            out.append(Risk(kind=kind, file=step.file, line=step.span.line, object=label(e.ref),
                            message=f"column {label(e.ref)}: {before.sql} → {after.sql}: {why}"))
    return out


def compute(history: History, lineage: Lineage, graph: Graph | None = None) -> Risks:
    graph = graph or schema_graph(history.catalog, history.result.plan.tables)
    risks = []
    for step in history.steps:
        e = step.effect
        if step.applied and e.action is Action.DROPPED and e.ref.kind in (Kind.TABLE, Kind.COLUMN):
            risks.append(Risk(kind="destructive", file=step.file, line=step.span.line, object=label(e.ref),
                              message=f"{e.sentence}: the rows it held are lost on a database that has data"))
    risks += _type_changes(history, lineage)
    for name, error in history.replay.failed_files.items():
        risks.append(Risk(kind="failed-file", file=name, line=error.line,
                          message=f"rejected by PostgreSQL 15 ({error.sqlstate}): a database where it once ran "
                                  "differs from the baseline: check it with `consolidator verify --dsn`"))
    for cycle in graph.cycles:
        names = " → ".join(short(t) for t in cycle + cycle[:1])
        risks.append(Risk(kind="cycle", object=names, message=f"{names}: loading rows into these tables needs one of "
                                                              "the foreign keys deferred or added afterwards"))
    counts: dict[str, int] = {}
    for event in history.events:
        if event.status == "not-modelled":
            counts[event.kind] = counts.get(event.kind, 0) + 1
    if counts:
        listed = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        risks.append(Risk(kind="not-checked", message=f"statements not modelled yet, left out of the baseline: {listed} "
                                                      "(each listed with file:line in the baseline's header)"))
    volatile = volatile_columns(history.catalog)
    if volatile:
        risks.append(Risk(kind="not-checked", message=f"{len(volatile)} seed columns get their values when the baseline "
                                                      "runs (now(), gen_random_uuid()): they differ from the legacy "
                                                      "database's, by design; `verify` masks them"))
    for key in sorted(history.catalog.tables):
        reason = history.catalog.rows_unknown(key)
        if reason is not None:
            risks.append(Risk(kind="not-checked", object=short(key),
                              message=f"the seed rows of {short(key)} are not known, so left out: {reason}"))
    return Risks(risks=risks)


_TITLES = {"destructive": "Destructive statements", "narrowing": "Narrowing type changes",
           "reinterpreting": "Type changes that reinterpret values", "rewriting": "Type changes that rewrite values",
           "failed-file": "Files the server rejects", "cycle": "Foreign-key cycles", "not-checked": "Not checked"}


def markdown(section: Risks) -> list[str]:
    out = [md.heading(2, "Risks"), ""]
    if not section.risks:
        return out + ["None found.", ""]
    for kind, title in _TITLES.items():
        items = [r for r in section.risks if r.kind == kind]
        if not items:
            continue
        out += [md.heading(3, title), ""]
        out += md.bullets([(f"{md.code(f'{r.file}:{r.line}')}: " if r.file else "") + md.text(r.message) for r in items])
        out.append("")
    return out


