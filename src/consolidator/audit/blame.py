"""blame: the history of one object, through its renames, ending with its definition in the baseline.

Each file and line that created, altered, renamed or dropped it, with the statement and the object's definition
after that file (the files are replayed one at a time and the definition is read from the catalog after each).
A table's history includes its columns, constraints and indexes. Functions (by name, or by name and argument
types when overloaded), views and triggers (TABLE.TRIGGER) are followed through CREATE OR REPLACE and RENAME.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consolidator.audit.findings.common import label, short, where
from consolidator.audit.history import History, replay_by_file
from consolidator.audit.lineage import Lifetime, Lineage
from consolidator.audit.markdown import visible
from consolidator.emit.render import (
    column_sql, constraint_sql, function_sql, index_sql, sequence_sql, table_sql, trigger_sql, type_sql, unit_sql,
    view_sql,
)
from consolidator.errors import InputError
from consolidator.model.catalog import Catalog
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import DEFAULT_SCHEMA
from consolidator.order.units import FunctionUnit, IndexUnit, SequenceUnit, TableUnit, TriggerUnit, Unit, ViewUnit
from consolidator.replay.effects import Action


@dataclass
class Blame:
    target: str
    kind: str
    names: list[str]
    lines: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        return "\n".join(self.lines) + "\n"


def resolve(history: History, lineage: Lineage, target: str) -> Ref:
    """The object `target` names: TABLE, TABLE.COLUMN, TABLE.CONSTRAINT, TABLE.TRIGGER, an index, sequence, type, view,
    function or policy, with or without its schema; an object the history dropped is found by its last name."""
    catalog = history.catalog
    parts = target.split(".")
    candidates: list[Ref] = []
    for schema, rest in ([(DEFAULT_SCHEMA, parts)] + ([(parts[0], parts[1:])] if len(parts) > 1 else [])):
        if not rest:
            continue
        key = f"{schema}.{rest[0]}"
        if len(rest) == 1:
            for kind, store in ((Kind.TABLE, catalog.tables), (Kind.INDEX, catalog.indexes),
                                (Kind.SEQUENCE, catalog.sequences), (Kind.TYPE, catalog.types),
                                (Kind.VIEW, catalog.views)):
                if key in store:
                    candidates.append(Ref(kind, key))
            candidates += _functions(catalog, schema, rest[0])
        elif len(rest) == 2 and key in catalog.tables:
            table = catalog.tables[key]
            if table.column(rest[1]) is not None:
                candidates.append(Ref(Kind.COLUMN, key, rest[1]))
            if table.constraint(rest[1]) is not None:
                candidates.append(Ref(Kind.CONSTRAINT, key, rest[1]))
            if any(t.name == rest[1] for t in table.triggers):
                candidates.append(Ref(Kind.TRIGGER, key, rest[1]))
    if len(parts) == 1:
        candidates += [Ref(Kind.CONSTRAINT, t.key, c.name) for t in catalog.tables.values() for c in t.constraints
                       if c.name == target]
        if target in catalog.extensions:
            candidates.append(Ref(Kind.EXTENSION, target))
    candidates = list(dict.fromkeys(candidates))
    if not candidates:  # dropped on the way: its last name
        candidates = list(dict.fromkeys(lt.ref for lt in lineage.lifetimes if target in (label(lt.ref), _full(lt.ref))))
    if len(candidates) > 1:
        raise InputError(f"{target} names more than one object: "
                         + ", ".join(f"{r.kind.value} {label(r)}" for r in candidates) + " (qualify it)")
    if not candidates:
        raise InputError(f"no table, column, constraint, index, sequence, type, view, function or trigger "
                         f"(TABLE.TRIGGER) named {target} in {history.folder}/")
    return candidates[0]


def _functions(catalog: Catalog, schema: str, written: str) -> list[Ref]:
    """The functions 'name' or 'name(type, ...)' names (the types as the catalog spells them: int4, text)."""
    name, _, args = written.partition("(")
    wanted = tuple(a.strip() for a in args.rstrip(")").split(",") if a.strip()) if args else None
    return [Ref(Kind.FUNCTION, f.key, args=f.arg_types) for f in catalog.functions.values()
            if f.schema_name == schema and f.name == name and (wanted is None or tuple(f.arg_types) == wanted)]


def _full(ref: Ref) -> str:
    return f"{ref.name}.{ref.part}" if ref.part else ref.name


def name_at(lifetime: Lifetime, position: int) -> Ref:
    """The object's name after the step at `position` ran."""
    ref = lifetime.names[0]
    for step in lifetime.steps:
        if step.position > position:
            break
        if step.effect.action is Action.RENAMED and step.effect.new is not None:
            ref = step.effect.new
    if ref.kind in (Kind.COLUMN, Kind.CONSTRAINT) and lifetime.parent is not None:
        ref = Ref(ref.kind, name_at(lifetime.parent, position).name, ref.part)
    return ref


def definition(catalog: Catalog, ref: Ref) -> str | None:
    """The object as SQL in `catalog`, or None when it does not exist there."""
    if ref.kind in (Kind.TABLE, Kind.COLUMN, Kind.CONSTRAINT):
        table = catalog.tables.get(ref.name)
        if table is None:
            return None
        unit = TableUnit(node=ref, key=(0, 0, 0, ""), table=table, inline=tuple(table.constraints))
        if ref.kind is Kind.TABLE:
            return "\n".join(table_sql(unit, provenance=False))
        if ref.kind is Kind.COLUMN:
            column = table.column(ref.part)
            pk = table.primary_key()
            return column_sql(unit, column, bool(pk and column.name in pk.columns)) if column else None
        c = table.constraint(ref.part)
        return constraint_sql(c) if c else None
    if ref.kind is Kind.INDEX:
        index = catalog.indexes.get(ref.name)
        return index_sql(IndexUnit(node=ref, key=(0, 0, 0, ""), table_key=index.table, index=index), False)[0] \
            if index else None
    if ref.kind is Kind.SEQUENCE:
        seq = catalog.sequences.get(ref.name)
        return sequence_sql(SequenceUnit(node=ref, key=(0, 0, 0, ""), sequence=seq), False)[0] if seq else None
    if ref.kind is Kind.TYPE:
        user_type = catalog.types.get(ref.name)
        return type_sql(catalog, user_type) if user_type else None
    if ref.kind is Kind.VIEW:
        view = catalog.views.get(ref.name)
        return "\n".join(view_sql(ViewUnit(node=ref, key=(0, 0, 0, ""), view=view), False)) if view else None
    if ref.kind is Kind.FUNCTION:
        function = catalog.functions.get(ref.name)
        return "\n".join(function_sql(FunctionUnit(node=ref, key=(0, 0, 0, ""), function=function), False)) \
            if function else None
    if ref.kind is Kind.TRIGGER:
        table = catalog.tables.get(ref.name)
        trigger = next((t for t in table.triggers if t.name == ref.part), None) if table else None
        function = catalog.functions.get(trigger.function) if trigger else None
        if trigger is None or function is None:
            return None
        unit = TriggerUnit(node=ref, key=(0, 0, 0, ""), table_key=table.key, trigger=trigger,
                           function_name=f"{function.schema_name}.{function.name}")
        return "\n".join(trigger_sql(unit, False))
    return None


def in_baseline(history: History, ref: Ref) -> str | None:
    units: list[Unit] = history.result.plan.units
    for unit in units:
        if isinstance(unit, TableUnit) and ref.kind in (Kind.COLUMN, Kind.CONSTRAINT) and unit.table.key == ref.name:
            table = unit.table
            if ref.kind is Kind.COLUMN:
                column = table.column(ref.part)
                pk = table.primary_key()
                return column_sql(unit, column, bool(pk and column.name in pk.columns)) if column else None
            inline = [c for c in unit.inline if c.name == ref.part]
            if inline:
                return constraint_sql(inline[0])
        if unit.node == ref or (ref.kind is Kind.FUNCTION and unit.node == Ref(Kind.FUNCTION, ref.name)):
            return "\n".join(unit_sql(unit, True))
    return None


def blame(history: History, target: str) -> Blame:
    lineage = Lineage(history)
    ref = resolve(history, lineage, target)
    lifetime = lineage.of(ref) or (lineage.named(ref) or [None])[-1]
    if lifetime is None:
        raise InputError(f"{target}: its history is not known (no statement of the history names it)")
    steps = lineage.table_steps(lifetime) if ref.kind is Kind.TABLE else list(lifetime.touches(with_comments=True))
    undone = list(lifetime.undone)
    if ref.kind is Kind.TABLE:
        undone += [s for child in lineage.children(lifetime) for s in child.undone]
    steps = sorted({s.position: s for s in steps + undone}.values(), key=lambda s: s.position)
    last_of_file = {s.file: s.position for s in history.steps}
    wanted = {s.file for s in steps}
    after: dict[str, str | None] = {}

    def observe(name: str, catalog: Catalog) -> None:
        if name in wanted:
            after[name] = definition(catalog, name_at(lifetime, last_of_file.get(name, -1)))

    replay_by_file(history.sources, history.on_error, observe)
    names = list(dict.fromkeys(label(r) for r in lifetime.names))
    out = Blame(target=target, kind=ref.kind.value, names=names)
    say = out.lines.append
    say(f"{ref.kind.value} {visible(label(lifetime.ref))} in {visible(history.folder)}/"
        + (f" (named {' → '.join(visible(n) for n in names)})" if len(names) > 1 else ""))
    for other in lineage.named(lifetime.names[0]):
        if other is not lifetime and other.born is not None and other.born.position < (lifetime.born.position if lifetime.born else 0):
            fate = (f"dropped in {where(other.end.span)}" if other.end else f"renamed to {visible(label(other.ref))}")
            say(f"  (an earlier {ref.kind.value} of this name, created in {visible(where(other.born.span))}, was {fate})")
    say("")
    for i, step in enumerate(steps):
        what = step.effect.sentence
        if lifetime.implicit and step is lifetime.born:
            what = f"created with table {short(step.effect.ref.name)}"
        status = {"rolled-back": " (rolled back with its file: it did not happen)"}.get(step.status, "")
        where_ = visible(where(step.span))
        say(f"{where_}  {visible(what)}{' (in a DO block)' if step.in_do_block else ''}{status}")
        say(f"    {visible(history.excerpt(step.span, 160))}")
        last_in_file = i + 1 == len(steps) or steps[i + 1].file != step.file
        if last_in_file:
            now = after.get(step.file)
            if now is None:
                say(f"  after {visible(step.file)}: (does not exist)")
            elif "\n" not in now:
                say(f"  after {visible(step.file)}: {visible(now)}")
            else:
                say(f"  after {visible(step.file)}:")
                out.lines.extend("      " + visible(line) for line in now.split("\n"))
    say("")
    final = in_baseline(history, lifetime.ref) if lifetime.alive else None
    if final is None:
        gone = f"dropped in {where(lifetime.end.span)}" if lifetime.end else "not in the baseline"
        say(f"in the baseline: not there ({visible(gone)})")
    else:
        say("in the baseline:")
        out.lines.extend("    " + visible(line) for line in final.split("\n"))
    return out
