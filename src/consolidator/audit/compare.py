"""What changed between two compiled histories, in model terms: objects added, removed, renamed or changed (and which
attribute), each with the statement that made the new state; files added, removed or edited; files that fail now
or no longer fail."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit.findings.common import label
from consolidator.build import BuildResult
from consolidator.emit.render import constraint_body, default_sql, index_sql, sequence_sql, type_sql
from consolidator.errors import SourceSpan
from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Column
from consolidator.order.units import IndexUnit, SequenceUnit
from consolidator.replay.effects import Action, Effect

FORMAT_VERSION = 1


class ModelChange(BaseModel):
    kind: str  # table | column | constraint | index | sequence | type | extension | schema | function | file
    name: str  # as people write it: tickets.priority
    change: str  # added | removed | renamed | changed | failing | fixed
    attribute: str | None = None  # for changed: type, default, not null, definition, comment, ...
    before: str | None = None
    after: str | None = None
    file: str | None = None  # the statement that made the new state (for removed: the one that dropped it)
    line: int | None = None

    def sentence(self) -> str:
        what = f"{self.kind} {self.name}"
        if self.change == "changed":
            body = f"{self.attribute} {self.before or '(none)'} → {self.after or '(none)'}"
        elif self.change == "renamed":
            body = f"renamed from {self.before}"
        else:
            body = self.change + (f" ({self.after})" if self.change in ("failing",) and self.after else "")
        by = f" (changed by {self.file}:{self.line})" if self.file and self.line else (
            f" ({self.file})" if self.file else "")
        return f"{what}: {body}{by}"


def _at(span: SourceSpan | None) -> dict:
    return {"file": span.file, "line": span.line} if span else {}


def _column_attributes(c: Column) -> dict[str, str | None]:
    return {"type": c.type.sql, "not null": "NOT NULL" if c.not_null else None, "default": default_sql(c),
            "identity": c.identity, "generated": c.generated.render() if c.generated else None,
            "collation": c.collation, "comment": c.comment}


def _dropped_by(result: BuildResult, ref: Ref) -> SourceSpan | None:
    def walk(effects: tuple[Effect, ...]) -> bool:
        return any((e.action is Action.DROPPED and e.ref == ref) or walk(e.nested) for e in effects)

    found = [e.span for e in result.replay.events if e.status == "applied" and walk(e.effects)]
    return found[-1] if found else None


def _renames(result: BuildResult) -> dict[Ref, Ref]:
    """old name -> new name for every rename the history applies (chains followed)."""
    out: dict[Ref, Ref] = {}

    def walk(effects: tuple[Effect, ...]) -> None:
        for e in effects:
            if e.action is Action.RENAMED and e.new is not None:
                for old, new in list(out.items()):
                    if new == e.ref:
                        out[old] = e.new
                out[e.ref] = e.new
            walk(e.nested)

    for event in result.replay.events:
        if event.status == "applied":
            walk(event.effects)
    return out


def _objects(result: BuildResult) -> dict[Ref, tuple[str, dict[str, str | None], SourceSpan, SourceSpan]]:
    """Every object as (kind, its attributes, created, changed), keyed by Ref."""
    c = result.catalog
    out = {}
    for key, t in c.tables.items():
        out[Ref(Kind.TABLE, key)] = ("table", {"comment": t.comment, "unlogged": "UNLOGGED" if t.unlogged else None},
                                     t.provenance.created, t.provenance.changed)
        for col in t.columns:
            out[Ref(Kind.COLUMN, key, col.name)] = ("column", _column_attributes(col), col.provenance.created,
                                                    col.provenance.changed)
        for con in t.constraints:
            out[Ref(Kind.CONSTRAINT, key, con.name)] = ("constraint", {"definition": constraint_body(con),
                                                                       "comment": con.comment},
                                                        con.provenance.created, con.provenance.changed)
    for key, i in c.indexes.items():
        sql = index_sql(IndexUnit(node=Ref(Kind.INDEX, key), key=(0, 0, 0, ""), table_key=i.table, index=i), False)[0]
        out[Ref(Kind.INDEX, key)] = ("index", {"definition": sql, "comment": i.comment}, i.provenance.created,
                                     i.provenance.changed)
    for key, s in c.sequences.items():
        sql = sequence_sql(SequenceUnit(node=Ref(Kind.SEQUENCE, key), key=(0, 0, 0, ""), sequence=s), False)[0]
        owner = f"{s.owned_by[0]}.{s.owned_by[1]}" if s.owned_by else None
        out[Ref(Kind.SEQUENCE, key)] = ("sequence", {"definition": sql, "owned by": owner}, s.provenance.created,
                                        s.provenance.changed)
    for key, e in c.types.items():
        out[Ref(Kind.TYPE, key)] = ("type", {"definition": type_sql(c, e), "comment": e.comment},
                                    e.provenance.created, e.provenance.changed)
    for name, x in c.extensions.items():
        out[Ref(Kind.EXTENSION, name)] = ("extension", {"schema": x.schema_name}, x.provenance.created,
                                          x.provenance.changed)
    for name, s in c.schemas.items():
        out[Ref(Kind.SCHEMA, name)] = ("schema", {"comment": s.comment}, s.provenance.created, s.provenance.changed)
    for u in c.unmodelled.values():
        out[Ref(Kind.SCHEMA, f"function:{u.name}")] = ("function", {}, u.provenance.created, u.provenance.changed)
    return out


def _name(ref: Ref) -> str:
    return ref.name.removeprefix("function:") + "()" if ref.name.startswith("function:") else label(ref)


def compare(old: BuildResult, new: BuildResult) -> list[ModelChange]:
    changes: list[ModelChange] = []
    before, after = _objects(old), _objects(new)
    renames = {o: n for o, n in _renames(new).items() if o in before and n in after and o not in after and n not in before}
    for o, n in renames.items():
        kind, _, _, changed = after[n]
        changes.append(ModelChange(kind=kind, name=_name(n), change="renamed", before=_name(o), after=_name(n),
                                   **_at(changed)))
    pairs = [(r, r) for r in after if r in before] + list(renames.items())
    for o, n in pairs:
        kind, was, _, _ = before[o]
        _, now, _, changed = after[n]
        for attribute in now:
            if was.get(attribute) != now.get(attribute):
                changes.append(ModelChange(kind=kind, name=_name(n), change="changed", attribute=attribute,
                                           before=was.get(attribute), after=now.get(attribute), **_at(changed)))
    for r in after:
        if r not in before and r not in renames.values():
            changes.append(ModelChange(kind=after[r][0], name=_name(r), change="added", **_at(after[r][2])))
    for r in before:
        if r not in after and r not in renames:
            changes.append(ModelChange(kind=before[r][0], name=_name(r), change="removed",
                                       **_at(_dropped_by(new, r))))
    old_files = {m.name: m.sha256 for m in old.sources.migrations}
    new_files = {m.name: m.sha256 for m in new.sources.migrations}
    for name in sorted(old_files.keys() | new_files.keys()):
        if name not in old_files:
            changes.append(ModelChange(kind="file", name=name, change="added", file=name))
        elif name not in new_files:
            changes.append(ModelChange(kind="file", name=name, change="removed"))
        elif old_files[name] != new_files[name]:
            changes.append(ModelChange(kind="file", name=name, change="changed", attribute="sha256",
                                       before=old_files[name][:12], after=new_files[name][:12], file=name))
    was_failing, now_failing = old.replay.failed_files, new.replay.failed_files
    for name, error in now_failing.items():
        if name not in was_failing:
            changes.append(ModelChange(kind="file", name=name, change="failing", after=error.sqlstate,
                                       file=name, line=error.line))
    for name in was_failing:
        if name not in now_failing and name in new_files:
            changes.append(ModelChange(kind="file", name=name, change="fixed", file=name))
    order = {"table": 0, "column": 1, "constraint": 2, "index": 3, "sequence": 4, "type": 5, "extension": 6,
             "schema": 7, "function": 8, "file": 9}
    return sorted(changes, key=lambda c: (order.get(c.kind, 10), c.name, c.change, c.attribute or ""))
