"""Dependencies: the foreign keys between tables with the file that introduced each (and the renames on the way),
the sequences and enum types columns use, the cycles, and the order the baseline creates the tables in."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.audit import markdown as md
from consolidator.audit.findings.common import short, where
from consolidator.audit.graph import Graph, schema_graph
from consolidator.audit.history import History
from consolidator.audit.lineage import Lineage
from consolidator.model.keys import constraint_ref
from consolidator.replay.effects import Action


class Dependency(BaseModel):
    from_table: str  # the table with the foreign key
    to_table: str  # the table it references
    constraint: str
    columns: list[str]
    ref_columns: list[str]
    file: str  # where the foreign key was created
    line: int
    renamed_in: list[str]  # file:line of each rename of the constraint or of its table on the way
    cycle: bool
    late: bool  # the baseline adds it after all tables


class OtherEdge(BaseModel):
    table: str
    column: str
    kind: str  # sequence | type
    target: str
    file: str | None
    line: int | None


class Dependencies(BaseModel):
    foreign_keys: list[Dependency]
    other: list[OtherEdge]
    cycles: list[list[str]]
    self_references: list[str]
    table_order: list[str]


def compute(history: History, lineage: Lineage, graph: Graph | None = None) -> Dependencies:
    graph = graph or schema_graph(history.catalog, history.result.plan.tables)
    fks = []
    for e in graph.foreign_keys():
        c = history.catalog.tables[e.source].constraint(e.name)
        lifetime = lineage.of(constraint_ref(e.source, e.name))
        renames = []
        if lifetime is not None:
            renames = [where(s.span) for s in lineage.table_steps(lifetime.parent) if s.effect.action is Action.RENAMED
                       and s.effect.ref.kind.value == "table"] if lifetime.parent else []
            renames += [where(s.span) for s in lifetime.steps if s.effect.action is Action.RENAMED]
        fks.append(Dependency(from_table=e.source, to_table=e.target, constraint=e.name, columns=list(c.columns),
                              ref_columns=list(c.ref_columns), file=e.file, line=e.line, renamed_in=sorted(set(renames)),
                              cycle=e.cycle, late=e.late))
    other = [OtherEdge(table=e.source, column=e.name, kind=e.kind, target=e.target, file=e.file, line=e.line)
             for e in graph.edges if e.kind != "foreign_key"]
    return Dependencies(foreign_keys=fks, other=other, cycles=graph.cycles, self_references=graph.self_references,
                        table_order=graph.table_order)


def markdown(section: Dependencies) -> list[str]:
    out = [md.heading(2, "Dependencies"), "", md.heading(3, "Foreign keys"), ""]
    if section.foreign_keys:
        out += [f"{md.plural(len(section.foreign_keys), 'foreign key')}: the referenced table must exist first.", ""]
        rows = []
        for d in section.foreign_keys:
            cols = f"{short(d.from_table)}({', '.join(d.columns)})"
            refs = f"{short(d.to_table)}({', '.join(d.ref_columns)})"
            notes = []
            if d.cycle:
                notes.append("on a cycle")
            if d.late:
                notes.append("added after all tables")
            if d.renamed_in:
                notes.append("renamed in " + ", ".join(md.cell_code(w) for w in d.renamed_in))
            rows.append([md.cell_code(short(d.to_table)) + " → " + md.cell_code(short(d.from_table)), md.cell_code(cols),
                         md.cell_code(refs), md.cell_code(d.constraint), md.cell_code(f"{d.file}:{d.line}"),
                         "; ".join(notes)])
        out += md.table(["order", "columns", "references", "constraint", "introduced in", "notes"], rows)
    else:
        out.append("No foreign keys.")
    out += ["", md.heading(3, "Cycles"), ""]
    items = [" → ".join(md.code(short(t)) for t in cycle + cycle[:1]) for cycle in section.cycles]
    items += [f"{md.code(short(t))} references itself" for t in section.self_references]
    out += md.bullets(items) if items else ["No cycles."]
    late = [d for d in section.foreign_keys if d.late]
    if late:
        out += ["", "The baseline adds these foreign keys after all tables: "
                + ", ".join(md.code(f"{short(d.from_table)}.{d.constraint}") for d in late)]
    out += ["", md.heading(3, "Sequences and types the columns use"), ""]
    if section.other:
        out += md.bullets([f"{md.code(short(o.table) + '.' + o.column)} uses {o.kind} {md.code(short(o.target))}"
                           for o in section.other])
    else:
        out.append("None.")
    out += ["", md.heading(3, "Order of the baseline"), ""]
    out.append(", ".join(md.code(short(t)) for t in section.table_order) if section.table_order else "No tables.")
    out.append("")
    return out
