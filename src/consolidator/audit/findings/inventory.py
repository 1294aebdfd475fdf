"""Inventory: each table of the baseline with its column count, where it was created and last changed, its seed rows
and its comment; then sequences, types and extensions; then functions, views, triggers, policies and the objects
kept as their statements; then the seed data (values known only when the baseline runs, tables whose rows are not
known); then every statement the model does not carry.

A table's `seed_rows` is the number of rows the model holds for it, None when a statement that changed them was not
modelled (the reason is listed): never a guessed count.
"""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import short
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.build import volatile_columns
from consolidator.model.keys import table_ref
from consolidator.replay.effects import Action

SEED_KINDS = ("InsertStmt", "UpdateStmt", "DeleteStmt", "TruncateStmt", "CopyStmt")


class TableEntry(BaseModel):
    name: str  # key
    created_in: str
    created_line: int
    last_changed_in: str
    last_changed_line: int
    columns: int
    constraints: int
    indexes: int
    seed_rows: int | None  # None: not known (a statement that changed them was not modelled)
    comment: str | None
    renamed_from: list[str]  # its earlier names


class ObjectEntry(BaseModel):
    kind: str  # sequence | type | extension | schema | function | procedure | view | materialized view | trigger |
    # policy | an opaque kind (aggregate, operator, ...)
    name: str
    created_in: str
    created_line: int
    detail: str  # labels of an enum, the owner of a sequence, ...


class UnmodelledStatement(BaseModel):
    what: str  # seed data | schema
    kind: str  # the statement kind
    file: str
    line: int
    reason: str
    statement: str  # its first words


class VolatileColumn(BaseModel):
    column: str  # table.column
    functions: str  # what computes its values when the baseline runs: now(), gen_random_uuid()


class UnknownRows(BaseModel):
    table: str
    reason: str


class Inventory(BaseModel):
    tables: list[TableEntry]
    objects: list[ObjectEntry]
    routines: list[ObjectEntry]  # functions, procedures, views, triggers, policies, opaque objects
    functions_known: list[str]  # functions the model knows by name only (it could not represent them)
    seed_rows: int
    volatile: list[VolatileColumn]
    unknown_rows: list[UnknownRows]
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
            indexes=len(catalog.indexes_of(key)),
            seed_rows=None if catalog.rows_unknown(key) is not None else len(catalog.rows(key)), comment=table.comment,
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
    statements = [UnmodelledStatement(what="seed data" if e.kind in SEED_KINDS else "schema", kind=e.kind,
                                      file=e.span.file, line=e.span.line, reason=e.reason,
                                      statement=history.excerpt(e.span, 80))
                  for e in history.events if e.status == "not-modelled"]
    return Inventory(
        tables=tables, objects=objects, routines=_routines(catalog), functions_known=functions,
        seed_rows=sum(len(catalog.rows(k)) for k in catalog.tables_with_rows()),
        volatile=[VolatileColumn(column=c, functions=f) for c, _, f in (v.partition(": ") for v in volatile_columns(catalog))],
        unknown_rows=[UnknownRows(table=k, reason=catalog.rows_unknown(k)) for k in sorted(catalog.tables)
                      if catalog.rows_unknown(k) is not None],
        not_modelled=statements)


def _routines(catalog) -> list[ObjectEntry]:
    out = []
    for f in catalog.functions.values():
        returns = f" returns {'setof ' if f.returns_set else ''}{f.returns.sql}" if f.returns is not None else ""
        out.append(_object(f.kind, f"{f.schema_name}.{f.signature}", f.provenance.created,
                           f"language {f.language}{returns}"))
    for v in catalog.views.values():
        reads = ", ".join(short(r) for r in sorted(set(v.relations)))
        out.append(_object(v.kind, v.key, v.provenance.created, f"reads {reads}" if reads else ""))
    for key, table in catalog.tables.items():
        for t in table.triggers:
            when = f"{t.timing} {' or '.join(t.events)} {'for each row' if t.row else 'for each statement'}"
            out.append(_object("trigger", f"{short(key)}.{t.name}", t.provenance.created,
                               f"{when}, runs {short(t.function.split('(')[0])}()"))
    for key, table in catalog.tables.items():
        for p in table.policies:
            out.append(_object("policy", f"{short(key)}.{p.name}", p.provenance.created,
                               f"{'permissive' if p.permissive else 'restrictive'} for {p.command}"))
    for o in catalog.opaques.values():
        out.append(_object(o.kind, o.key.partition(":")[2], o.provenance.created, "kept as its statements"))
    return out


def _object(kind: str, name: str, span, detail: str) -> ObjectEntry:
    return ObjectEntry(kind=kind, name=name, created_in=span.file, created_line=span.line, detail=detail)


def markdown(section: Inventory) -> list[str]:
    out = [md.heading(2, "Inventory"), "", md.heading(3, "Tables"), ""]
    out += [f"{md.plural(len(section.tables), 'table')} in the baseline, in the order they were created, with the "
            "seed rows the baseline gives them.", ""]
    rows = []
    for i, t in enumerate(section.tables, 1):
        name = md.cell_code(short(t.name))
        if t.renamed_from:
            name += " (was " + ", ".join(md.cell_code(short(n)) for n in t.renamed_from) + ")"
        rows.append([str(i), name, str(t.columns), str(t.indexes), md.cell_code(f"{t.created_in}:{t.created_line}"),
                     md.cell_code(f"{t.last_changed_in}:{t.last_changed_line}"),
                     str(t.seed_rows) if t.seed_rows is not None else "not known",
                     md.text(t.comment) if t.comment is not None else ""])
    out += md.table(["#", "table", "columns", "indexes", "created", "last changed", "seed rows", "comment"], rows)
    out += ["", md.heading(3, "Sequences, types, extensions"), ""]
    out += _bullets(section.objects)
    out += ["", md.heading(3, "Functions, views, triggers, policies and other objects"), ""]
    out += _bullets(section.routines)
    if section.functions_known:
        out += ["", "Functions known by name only (the model could not represent them): "
                + ", ".join(md.code(f + "()") for f in section.functions_known)]
    out += ["", md.heading(3, "Seed data"), ""]
    tables = sum(1 for t in section.tables if t.seed_rows)
    out.append(f"The baseline inserts {md.plural(section.seed_rows, 'row')} into {md.plural(tables, 'table')}, after "
               "every table, then sets each sequence to the position the history leaves.")
    if section.volatile:
        out += ["", "Values known only when the baseline runs (written as the expression that computes them, so a new "
                "database gets values of its own):", ""]
        out += md.bullets([f"{md.code(v.column)}: {md.text(v.functions)}" for v in section.volatile])
    if section.unknown_rows:
        out += ["", "Tables whose rows are not known (left out of the baseline):", ""]
        out += md.bullets([f"{md.code(short(u.table))}: {md.text(u.reason)}" for u in section.unknown_rows])
    out += ["", md.heading(3, "Statements not modelled"), ""]
    if section.not_modelled:
        counts: dict[str, int] = {}
        for s in section.not_modelled:
            counts[s.what] = counts.get(s.what, 0) + 1
        out.append("Statements the model does not carry (left out of the baseline, listed in its header): "
                   + ", ".join(f"{n} for {what}" for what, n in counts.items()) + ".")
        out.append("")
        out += md.bullets([f"{md.code(f'{s.file}:{s.line}')} {md.code(s.statement)}: {md.text(s.reason)}"
                           for s in section.not_modelled])
    else:
        out.append("None: every statement the history ran is in the model.")
    out.append("")
    return out


def _bullets(objects: list[ObjectEntry]) -> list[str]:
    return md.bullets([f"{o.kind} {md.code(o.name if o.kind in ('extension', 'schema') else short(o.name))}"
                       f"{': ' + md.text(o.detail) if o.detail else ''}, created in "
                       f"{md.code(f'{o.created_in}:{o.created_line}')}" for o in objects]) or ["None."]
