"""Table order by foreign keys, with the foreign keys that close a cycle set aside for later."""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.model.catalog import Catalog
from consolidator.model.objects import Constraint
from consolidator.order.toposort import Graph


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

    def graph() -> Graph:
        g = Graph(sorted(catalog.tables))
        for table in catalog.tables.values():
            for c in table.constraints:
                if c.kind == "foreign key" and (table.key, c.name) not in late and c.ref_table in catalog.tables:
                    g.add_edge(c.ref_table, table.key)
            if table.partition_of is not None:
                g.add_edge(table.partition_of, table.key)
        return g

    g = graph()
    tables = g.order(key=lambda n: n)
    while tables is None:
        members = g.cyclic_nodes()
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
        tables = g.order(key=lambda n: n)
    return TableOrder(tables=tables, late_foreign_keys=sorted(late))
