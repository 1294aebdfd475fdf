"""Table order by foreign keys (networkx), with the foreign keys that close a cycle set aside for later."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from consolidator.model.catalog import Catalog
from consolidator.model.objects import Constraint


@dataclass(frozen=True)
class TableOrder:
    tables: list[str]  # table keys: every table after the tables its inline foreign keys reference
    late_foreign_keys: list[tuple[str, str]]  # (table key, constraint name): added after all tables


def _fk_sort_key(table_key: str, fk: Constraint) -> tuple:
    # The foreign key added last in the history is the one that "closes" the cycle; ties by name.
    span = fk.provenance.created
    return (span.file, span.line, table_key, fk.name)


def order_tables(catalog: Catalog) -> TableOrder:
    late: set[tuple[str, str]] = set()
    for table in catalog.tables.values():
        for c in table.constraints:
            if c.kind == "foreign key" and c.ref_table == table.key:
                late.add((table.key, c.name))  # a self-reference is added once its table exists

    def graph() -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(sorted(catalog.tables))
        for table in catalog.tables.values():
            for c in table.constraints:
                if c.kind == "foreign key" and (table.key, c.name) not in late and c.ref_table in catalog.tables:
                    g.add_edge(c.ref_table, table.key)
            if table.partition_of is not None:
                g.add_edge(table.partition_of, table.key)
        return g

    g = graph()
    while not nx.is_directed_acyclic_graph(g):
        cyclic = [comp for comp in nx.strongly_connected_components(g) if len(comp) > 1]
        members = set().union(*cyclic)
        candidates = [
            (_fk_sort_key(t.key, c), t.key, c.name)
            for t in catalog.tables.values()
            if t.key in members
            for c in t.constraints
            if c.kind == "foreign key" and c.ref_table in members and (t.key, c.name) not in late
        ]
        _, table_key, name = max(candidates)
        late.add((table_key, name))
        g = graph()
    tables = list(nx.lexicographical_topological_sort(g, key=lambda n: n))
    return TableOrder(tables=tables, late_foreign_keys=sorted(late))
