"""Conflicting modifications: tables that later files change again and again, and each column touched by more than
one file (its creation included), with the ordered list of files and what each did.

Objects are followed through renames (a column renamed by a later file is one column), and a name used again after
a drop is another object. Comments are not modifications; statements of files that rolled back did not happen.
"""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import Change, label, short
from consolidator.audit.history import History
from consolidator.audit.lineage import Lifetime, Lineage
from consolidator.model.keys import Kind
from consolidator.replay.effects import Action


class TableChanges(BaseModel):
    table: str  # its last name (key)
    names: list[str]  # every name it had
    created_in: str
    changed_by: list[str]  # the files after the creating one that changed it, its columns, constraints or indexes
    alive: bool


class ColumnConflict(BaseModel):
    table: str  # the table's key under the column's last name
    column: str
    names: list[str]  # every name the column had ("tickets.created_by_id", "tickets.user_id")
    files: list[str]
    changes: list[Change]
    alive: bool


class Conflicts(BaseModel):
    tables: list[TableChanges]
    columns: list[ColumnConflict]


def _table(lineage: Lineage, table: Lifetime) -> TableChanges | None:
    if table.born is None:
        return None
    created = table.born.file
    files = [s.file for s in lineage.table_steps(table) if s.effect.action is not Action.COMMENTED]
    changed = [f for f in dict.fromkeys(files) if f != created]
    if not changed:
        return None
    return TableChanges(table=table.ref.name, names=list(dict.fromkeys(r.name for r in table.names)),
                        created_in=created, changed_by=changed, alive=table.alive)


def _column(column: Lifetime) -> ColumnConflict | None:
    files = column.files()
    if len(files) < 2:
        return None
    changes = []
    for step in column.touches():
        change = Change.of(step)
        if column.implicit and step is column.born:
            change = change.model_copy(update={"action": "created", "change": None,
                                               "sentence": f"created with table {short(step.effect.ref.name)}"})
        changes.append(change)
    return ColumnConflict(table=column.ref.name, column=column.ref.part,
                          names=list(dict.fromkeys(label(r) for r in column.names)), files=files, changes=changes,
                          alive=column.alive)


def compute(history: History, lineage: Lineage) -> Conflicts:
    tables = [t for t in (_table(lineage, lt) for lt in lineage.tables) if t is not None]
    columns = [c for c in (_column(lt) for lt in lineage.lifetimes if lt.kind is Kind.COLUMN) if c is not None]
    order = {name: i for i, name in enumerate(history.file_names)}
    tables.sort(key=lambda t: (-len(t.changed_by), order[t.created_in], t.table))
    columns.sort(key=lambda c: (c.table, order[c.files[0]], c.column))
    return Conflicts(tables=tables, columns=columns)


def markdown(section: Conflicts) -> list[str]:
    out = [md.heading(2, "Conflicting column modifications"), ""]
    out += [md.heading(3, "Tables changed by later files"), ""]
    if not section.tables:
        out += ["No table is changed after the file that created it.", ""]
    else:
        out.append(f"{md.plural(len(section.tables), 'table')} changed after the file that created it (columns, "
                   "constraints, indexes; most changed first):")
        out.append("")
        for t in section.tables:
            names = " (as " + ", then ".join(md.code(short(n)) for n in t.names) + ")" if len(t.names) > 1 else ""
            gone = " (dropped later)" if not t.alive else ""
            out.append(f"- {md.code(short(t.table))}{names}{gone}: created in {md.code(t.created_in)}, changed by "
                       f"{md.plural(len(t.changed_by), 'file')}: " + ", ".join(md.code(f) for f in t.changed_by))
        out.append("")
    out += [md.heading(3, "Columns touched by more than one file"), ""]
    if not section.columns:
        return out + ["No column is touched by more than one file.", ""]
    out.append(f"{md.plural(len(section.columns), 'column')}, each with the files that touched it, in order:")
    out.append("")
    current = None
    for c in section.columns:
        if c.table != current:
            current = c.table
            out.append(f"- table {md.code(short(c.table))}")
        names = " (" + " → ".join(md.code(n) for n in c.names) + ")" if len(c.names) > 1 else ""
        gone = " (dropped)" if not c.alive else ""
        steps = "; ".join(f"{md.code(ch.where())} {md.text(ch.sentence)}" for ch in c.changes)
        out.append(f"  - {md.code(c.column)}{names}{gone}: {steps}")
    out.append("")
    return out
