"""Inventory: each table of the baseline with its column count, where it was created and last changed, its seed rows
and its comment; then sequences, types and extensions; then what is not modelled yet (functions, triggers, views,
seed data), listed from the statements that create them.

Seed rows, triggers and views come from the replay's statements until the model carries them (another issue):
`seed_rows` is None ("not modelled yet"), never a guessed count.
"""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import short
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.model.keys import table_ref
from consolidator.replay.effects import Action

# Statement kinds whose objects the model does not carry yet, by what they create or change.
NOT_MODELLED_KINDS = {
    "CreateFunctionStmt": "functions", "CreateTrigStmt": "triggers", "ViewStmt": "views",
    "InsertStmt": "seed data", "UpdateStmt": "seed data", "DeleteStmt": "seed data",
    "DropStmt:OBJECT_TRIGGER": "triggers", "DropStmt:OBJECT_FUNCTION": "functions", "DropStmt:OBJECT_VIEW": "views",
}


class TableEntry(BaseModel):
    name: str  # key
    created_in: str
    created_line: int
    last_changed_in: str
    last_changed_line: int
    columns: int
    constraints: int
    indexes: int
    seed_rows: int | None  # None: seed data is not modelled yet
    comment: str | None
    renamed_from: list[str]  # its earlier names


class ObjectEntry(BaseModel):
    kind: str  # sequence | type | extension | schema
    name: str
    created_in: str
    created_line: int
    detail: str  # labels of an enum, the owner of a sequence, ...


class UnmodelledStatement(BaseModel):
    what: str  # functions | triggers | views | seed data
    kind: str  # the statement kind
    file: str
    line: int
    status: str
    statement: str  # its first words


class Inventory(BaseModel):
    tables: list[TableEntry]
    objects: list[ObjectEntry]
    functions_known: list[str]  # functions the history creates, known by name
    not_modelled: list[UnmodelledStatement]


def compute(history: History, lineage: Lineage) -> Inventory:
    catalog = history.catalog
    tables = []
    for key, table in catalog.tables.items():
        lifetime = lineage.of(table_ref(key))
        steps = [s for s in lineage.table_steps(lifetime) if s.effect.action is not Action.COMMENTED] if lifetime else []
        last = steps[-1].span if steps else table.provenance.changed
        created = table.provenance.created
        tables.append(TableEntry(
            name=key, created_in=created.file, created_line=created.line, last_changed_in=last.file,
            last_changed_line=last.line, columns=len(table.columns), constraints=len(table.constraints),
            indexes=len(catalog.indexes_of(key)), seed_rows=None, comment=table.comment,
            renamed_from=[r.name for r in lifetime.names[:-1]] if lifetime else []))
    order = {name: i for i, name in enumerate(history.file_names)}
    tables.sort(key=lambda t: (order.get(t.created_in, -1), t.created_line, t.name))
    objects = []
    for seq in catalog.sequences.values():
        owner = f"owned by {short(seq.owned_by[0])}.{seq.owned_by[1]}" if seq.owned_by else "standalone (owned by no column)"
        objects.append(_object("sequence", seq.key, seq.provenance.created, f"{seq.data_type}, {owner}"))
    for user_type in catalog.types.values():
        objects.append(_object("type", user_type.key, user_type.provenance.created, user_type.describe()))
    for ext in catalog.extensions.values():
        objects.append(_object("extension", ext.name, ext.provenance.created, f"in schema {ext.schema_name}"))
    for schema in catalog.schemas.values():
        objects.append(_object("schema", schema.name, schema.provenance.created, ""))
    functions = sorted(u.name for u in catalog.unmodelled.values() if u.kind == "function")
    statements = [UnmodelledStatement(what=NOT_MODELLED_KINDS[e.kind], kind=e.kind, file=e.span.file, line=e.span.line,
                                      status=e.status, statement=history.excerpt(e.span, 80))
                  for e in history.events if e.kind in NOT_MODELLED_KINDS and e.status in ("not-modelled", "rolled-back")]
    return Inventory(tables=tables, objects=objects, functions_known=functions, not_modelled=statements)


def _object(kind: str, name: str, span, detail: str) -> ObjectEntry:
    return ObjectEntry(kind=kind, name=name, created_in=span.file, created_line=span.line, detail=detail)


def markdown(section: Inventory) -> list[str]:
    out = [md.heading(2, "Inventory"), "", md.heading(3, "Tables"), ""]
    out += [f"{md.plural(len(section.tables), 'table')} in the baseline, in the order they were created. Seed rows are "
            "not modelled yet (their statements are listed below).", ""]
    rows = []
    for i, t in enumerate(section.tables, 1):
        name = md.cell_code(short(t.name))
        if t.renamed_from:
            name += " (was " + ", ".join(md.cell_code(short(n)) for n in t.renamed_from) + ")"
        rows.append([str(i), name, str(t.columns), str(t.indexes), md.cell_code(f"{t.created_in}:{t.created_line}"),
                     md.cell_code(f"{t.last_changed_in}:{t.last_changed_line}"), "not modelled",
                     md.text(t.comment) if t.comment is not None else ""])
    out += md.table(["#", "table", "columns", "indexes", "created", "last changed", "seed rows", "comment"], rows)
    out += ["", md.heading(3, "Sequences, types, extensions"), ""]
    out += md.bullets([f"{o.kind} {md.code(short(o.name) if o.kind in ('sequence', 'type') else o.name)}: "
                       f"{md.text(o.detail)}, created in {md.code(f'{o.created_in}:{o.created_line}')}"
                       for o in section.objects]) or ["None."]
    out += ["", md.heading(3, "Functions, triggers, views and seed data (not modelled yet)"), ""]
    if section.functions_known:
        out.append("Functions the history creates (known by name): "
                   + ", ".join(md.code(f + "()") for f in section.functions_known))
        out.append("")
    if section.not_modelled:
        counts: dict[str, int] = {}
        for s in section.not_modelled:
            counts[s.what] = counts.get(s.what, 0) + 1
        out.append("Statements the model does not carry yet: "
                   + ", ".join(f"{n} for {what}" for what, n in counts.items()) + ".")
        out.append("")
        rolled = {"rolled-back": " (rolled back with its file)"}
        out += md.bullets([f"{md.text(s.what)}: {md.code(f'{s.file}:{s.line}')} {md.code(s.statement)}"
                           f"{rolled.get(s.status, '')}" for s in section.not_modelled])
    else:
        out.append("None.")
    out.append("")
    return out



