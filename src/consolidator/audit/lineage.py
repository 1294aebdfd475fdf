"""Objects through time: each object's lifetime from its creation to its drop, across its renames.

A `Lifetime` is one object: the names it had, what the applied statements did to it (its steps), the statement
that created it, and the table it belongs to. A column or constraint written inside CREATE TABLE has no effect
of its own: its lifetime starts at its table's creation (`implicit`). A name used again after a drop or a rename
is a new lifetime; `by_name` keeps every lifetime a name ever had. Steps of files that rolled back did not happen:
they are kept apart (`undone`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from consolidator.audit.history import History, Step
from consolidator.model.keys import Kind, Ref, table_ref
from consolidator.replay.effects import Action

PARTS = (Kind.COLUMN, Kind.CONSTRAINT)


@dataclass(eq=False)
class Lifetime:
    number: int
    kind: Kind
    names: list[Ref]  # every name it had, the one it was created with first
    born: Step | None  # its own `created` step, or its table's for a part written in CREATE TABLE
    implicit: bool = False
    parent: "Lifetime | None" = None  # a column's, constraint's or index's table
    steps: list[Step] = field(default_factory=list)  # applied effects on it, in order (its creation first)
    undone: list[Step] = field(default_factory=list)  # effects on it in files that rolled back
    end: Step | None = None  # the step that dropped it (its own, or its table's)

    @property
    def ref(self) -> Ref:
        """Its last name."""
        return self.names[-1]

    @property
    def alive(self) -> bool:
        return self.end is None

    def touches(self, with_comments: bool = False) -> list[Step]:
        """Its creation (its table's, when implicit) and every applied step on it, in replay order."""
        out = [self.born] if self.implicit and self.born is not None else []
        out += [s for s in self.steps if with_comments or s.effect.action is not Action.COMMENTED]
        return out

    def files(self, with_comments: bool = False) -> list[str]:
        return list(dict.fromkeys(s.file for s in self.touches(with_comments)))


class Lineage:
    def __init__(self, history: History):
        self.history = history
        self.lifetimes: list[Lifetime] = []
        self.live: dict[Ref, Lifetime] = {}
        self.by_name: dict[Ref, list[Lifetime]] = {}
        self.unattached: list[Step] = []  # steps on a name no lifetime had (IF EXISTS that found nothing, ...)
        self.owner: dict[int, Lifetime] = {}  # step position -> the object it acted on
        for step in history.steps:
            if step.effect.ref is None:
                continue
            if step.applied:
                self._apply(step)
            elif step.status == "rolled-back":
                found = self.live.get(step.effect.ref)
                if found is None and step.effect.ref.kind in PARTS:  # a part its file added: its table's
                    found = self.live.get(table_ref(step.effect.ref.name))
                (found.undone if found is not None else self.unattached).append(step)
                if found is not None and found.ref == step.effect.ref:
                    self.owner[step.position] = found

    # ---- building ------------------------------------------------------------------------------

    def _new(self, ref: Ref, born: Step | None, implicit: bool = False, parent: Lifetime | None = None,
             names: list[Ref] | None = None) -> Lifetime:
        lifetime = Lifetime(len(self.lifetimes), ref.kind, names or [ref], born, implicit, parent)
        self.lifetimes.append(lifetime)
        for name in lifetime.names:
            self.by_name.setdefault(name, []).append(lifetime)
        self.live[ref] = lifetime
        return lifetime

    def _table_of(self, ref: Ref, step: Step | None) -> Lifetime | None:
        if ref.kind in PARTS:
            return self.live.get(table_ref(ref.name))
        if ref.kind is Kind.INDEX and step is not None:
            key = self.history.index_table(ref.name, step.file)
            return self.live.get(table_ref(key)) if key else None
        return None

    def _find(self, ref: Ref, step: Step | None) -> Lifetime | None:
        """The live object of that name; a column or constraint first met here was written in its CREATE TABLE."""
        found = self.live.get(ref)
        if found is not None or ref.kind not in PARTS:
            return found
        table = self.live.get(table_ref(ref.name))
        if table is None:
            return None
        first = Ref(ref.kind, table.names[0].name, ref.part)
        names = [first] + ([ref] if ref != first else [])
        return self._new(ref, table.born, implicit=True, parent=table, names=names)

    def _apply(self, step: Step) -> None:
        effect, ref = step.effect, step.effect.ref
        action = effect.action
        if action is Action.CREATED:
            lifetime = self._new(ref, step, parent=self._table_of(ref, step))
            lifetime.steps.append(step)
            self.owner[step.position] = lifetime
            return
        if action is Action.SKIPPED and effect.change != "exists":
            self.unattached.append(step)  # IF EXISTS found nothing: there is no object
            return
        lifetime = self._find(ref, step)
        if lifetime is None:
            self.unattached.append(step)
            return
        if lifetime.parent is None and ref.kind is Kind.INDEX:
            lifetime.parent = self._table_of(ref, step)
        lifetime.steps.append(step)
        self.owner[step.position] = lifetime
        if action is Action.RENAMED and effect.new is not None:
            self._rename(lifetime, ref, effect.new)
        elif action is Action.DROPPED:
            self._drop(lifetime, step)

    def _rename(self, lifetime: Lifetime, old: Ref, new: Ref) -> None:
        del self.live[old]
        self._name(lifetime, new)
        if old.kind is Kind.TABLE:
            for ref, part in list(self.live.items()):
                if ref.kind in PARTS and ref.name == old.name:
                    del self.live[ref]
                    self._name(part, Ref(ref.kind, new.name, ref.part))

    def _name(self, lifetime: Lifetime, ref: Ref) -> None:
        lifetime.names.append(ref)
        self.live[ref] = lifetime
        self.by_name.setdefault(ref, []).append(lifetime)

    def _drop(self, lifetime: Lifetime, step: Step) -> None:
        lifetime.end = step
        self.live = {ref: lt for ref, lt in self.live.items() if lt is not lifetime}
        if lifetime.kind is Kind.TABLE:
            for ref, other in list(self.live.items()):
                if other.parent is lifetime or (ref.kind in PARTS and ref.name == lifetime.ref.name):
                    other.end = step
                    del self.live[ref]

    # ---- reading -------------------------------------------------------------------------------

    def of(self, ref: Ref) -> Lifetime | None:
        """The object that has the name `ref` at the end of the history (a part written in CREATE TABLE and never
        changed gets its lifetime here)."""
        found = self.live.get(ref)
        if found is not None or ref.kind not in PARTS:
            return found
        table = self.history.catalog.tables.get(ref.name)
        if table is None or (table.column(ref.part) if ref.kind is Kind.COLUMN else table.constraint(ref.part)) is None:
            return None
        return self._find(ref, None)

    def named(self, ref: Ref) -> list[Lifetime]:
        """Every object that ever had the name `ref`, in creation order."""
        return sorted(self.by_name.get(ref, []), key=lambda lt: lt.number)

    def children(self, table: Lifetime) -> list[Lifetime]:
        return [lt for lt in self.lifetimes if lt.parent is table]

    @cached_property
    def tables(self) -> list[Lifetime]:
        return [lt for lt in self.lifetimes if lt.kind is Kind.TABLE]

    def table_steps(self, table: Lifetime) -> list[Step]:
        """Every applied step on the table, its columns, constraints and indexes, in replay order."""
        steps = list(table.steps)
        for child in self.children(table):
            steps += child.steps
        return sorted(steps, key=lambda s: s.position)
