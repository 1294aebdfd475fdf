"""The schema's dependency graph, from the catalog: tables and their foreign keys, the sequences and enum types their
columns use, the views with the relations they read, and the functions with the tables whose triggers run them;
foreign keys that form a cycle are marked. Functions the model knows by name only are nodes without edges.
Renderers for JSON, Mermaid and DOT are in graph_render.py.
"""

from __future__ import annotations

import networkx as nx
from pydantic import BaseModel

from consolidator.model.catalog import Catalog
from consolidator.order.dependencies import order_tables

FORMAT_VERSION = 1


class Node(BaseModel):
    id: str  # the object's key: public.users
    kind: str  # table | sequence | type | view | materialized view | function
    label: str  # its name as people write it
    modelled: bool = True  # False: known by name only (a function the model could not represent)


class Edge(BaseModel):
    source: str  # "from" in JSON: the table or view that depends
    target: str  # "to" in JSON: what it depends on
    kind: str  # foreign_key | sequence | type | reads (a view reads the relation) | trigger (runs the function)
    name: str  # the constraint, the column that uses the sequence or type, the trigger; "" for reads
    file: str | None
    line: int | None
    cycle: bool = False  # a foreign key on a cycle (a self-reference included)
    late: bool = False  # the baseline adds it after all tables, to close the cycle

    def as_json(self) -> dict:
        data = self.model_dump()
        return {"from": data.pop("source"), "to": data.pop("target"), **data}


class Graph(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    cycles: list[list[str]]  # each cycle of foreign keys (two tables or more), as table keys from its least
    self_references: list[str]  # tables with a foreign key to themselves
    table_order: list[str]  # the order the baseline creates the tables in

    def as_json(self) -> dict:
        return {"format_version": FORMAT_VERSION, "nodes": [n.model_dump() for n in self.nodes],
                "edges": [e.as_json() for e in self.edges], "cycles": self.cycles,
                "self_references": self.self_references, "table_order": self.table_order}

    def foreign_keys(self) -> list[Edge]:
        return [e for e in self.edges if e.kind == "foreign_key"]


def _label(key: str) -> str:
    schema, _, name = key.partition(".")
    return name if schema == "public" else key


def schema_graph(catalog: Catalog, table_order: list[str] | None = None) -> Graph:
    nodes = [Node(id=k, kind="table", label=_label(k)) for k in sorted(catalog.tables)]
    nodes += [Node(id=k, kind="sequence", label=_label(k)) for k in sorted(catalog.sequences)]
    nodes += [Node(id=k, kind="type", label=_label(k)) for k in sorted(catalog.types)]
    nodes += [Node(id=k, kind=catalog.views[k].kind, label=_label(k)) for k in sorted(catalog.views)]
    nodes += [Node(id=k, kind="function", label=_label(f"{f.schema_name}.{f.signature}"))
              for k, f in sorted(catalog.functions.items())]
    functions = sorted({u.name for u in catalog.unmodelled.values() if u.kind == "function"})
    nodes += [Node(id=f"public.{name}()", kind="function", label=f"{name}()", modelled=False) for name in functions]
    known = {n.id for n in nodes}
    order = order_tables(catalog)
    late = set(order.late_foreign_keys)
    fk = nx.DiGraph()
    edges: list[Edge] = []
    for key in sorted(catalog.tables):
        table = catalog.tables[key]
        for c in table.constraints:
            if c.kind == "foreign key" and c.ref_table in catalog.tables:
                span = c.provenance.created
                edges.append(Edge(source=key, target=c.ref_table, kind="foreign_key", name=c.name, file=span.file,
                                  line=span.line, late=(key, c.name) in late))
                fk.add_edge(key, c.ref_table)
        for column in table.columns:
            span = column.provenance.created
            if column.default_sequence in known:
                edges.append(Edge(source=key, target=column.default_sequence, kind="sequence", name=column.name,
                                  file=span.file, line=span.line))
            if column.type_key in known:
                edges.append(Edge(source=key, target=column.type_key, kind="type", name=column.name, file=span.file,
                                  line=span.line))
        for trigger in table.triggers:
            if trigger.function in known:
                span = trigger.provenance.created
                edges.append(Edge(source=key, target=trigger.function, kind="trigger", name=trigger.name,
                                  file=span.file, line=span.line))
    for key in sorted(catalog.views):
        view = catalog.views[key]
        span = view.provenance.created
        edges += [Edge(source=key, target=read, kind="reads", name="", file=span.file, line=span.line)
                  for read in sorted(set(view.relations)) if read in known]
    components = [c for c in nx.strongly_connected_components(fk) if len(c) > 1]
    on_cycle = {n for c in components for n in c}
    for e in edges:
        if e.kind == "foreign_key" and (e.source == e.target or (e.source in on_cycle and e.target in on_cycle
                                                                  and _same(components, e.source, e.target))):
            e.cycle = True
    cycles = sorted(_rotate(c) for c in nx.simple_cycles(fk) if len(c) > 1)
    selfs = sorted({e.source for e in edges if e.kind == "foreign_key" and e.source == e.target})
    return Graph(nodes=nodes, edges=edges, cycles=cycles, self_references=selfs,
                 table_order=table_order if table_order is not None else order.tables)


def _same(components: list[set[str]], a: str, b: str) -> bool:
    return any(a in c and b in c for c in components)


def _rotate(cycle: list[str]) -> list[str]:
    i = cycle.index(min(cycle))
    return cycle[i:] + cycle[:i]
