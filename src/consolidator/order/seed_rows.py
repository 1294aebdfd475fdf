"""Where a table's seed rows go in the baseline and in which order they are written.

All rows come after every table and before the keys added late (cycles, self-references, NOT VALID) and the
triggers, so that a trigger never fires on the baseline's own rows and every late key checks rows already there.
A table's rows come after the rows of the tables its keys inside CREATE TABLE reference. Rows are written by
primary key (numbers by value, strings bytewise as in the C collation), in insertion order when the table has
none or a key value is volatile.
"""

from __future__ import annotations

from decimal import Decimal

from consolidator.model.catalog import Catalog
from consolidator.model.keys import table_ref
from consolidator.model.rows import KeptExpression, Row
from consolidator.model.objects import Table
from consolidator.order.units import SEED_ROWS, RowsUnit

_NUMBERS = ("int2", "int4", "int8", "numeric", "float4", "float8")
_BYTEWISE = ("text", "varchar", "bpchar", "uuid", "bool", "date", "name", "char")


def rows_node(table_key: str) -> tuple:
    return ("rows", table_key)


def rows_unit(catalog: Catalog, table: Table, position: int, late: set[tuple[str, str]]) -> RowsUnit:
    parents = [rows_node(c.ref_table) for c in table.constraints
               if c.kind == "foreign key" and not c.not_valid and (table.key, c.name) not in late and c.ref_table != table.key]
    columns = tuple(c.name for c in table.columns if c.generated is None)
    return RowsUnit(node=rows_node(table.key), key=(SEED_ROWS, position, 0, ""), deps=(table_ref(table.key), *parents),
                    table=table, columns=columns, rows=_ordered(table, catalog.rows(table.key)),
                    overriding=any(c.identity is not None for c in table.columns))


def _ordered(table: Table, rows: tuple[Row, ...]) -> tuple[Row, ...]:
    primary = table.primary_key()
    if primary is None:
        return rows
    keys = []
    for row in rows:
        key = []
        for column in primary.columns:
            value = row.get(column)
            if value is None or isinstance(value, KeptExpression):
                return rows
            if value.type in _NUMBERS and value.text not in ("NaN", "Infinity", "-Infinity"):
                key.append((0, Decimal(value.text), b""))
            elif value.type in _BYTEWISE:
                key.append((1, Decimal(0), value.text.encode("utf-8")))
            else:
                return rows
        keys.append(tuple(key))
    return tuple(row for _, _, row in sorted(zip(keys, range(len(rows)), rows), key=lambda t: (t[0], t[1])))
