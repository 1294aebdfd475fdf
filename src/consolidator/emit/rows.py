"""A table's seed rows as one INSERT: columns named, one row per line, values as literals (volatile values as the
expression that computes them when the baseline runs). A table with no column to name gets one INSERT ... DEFAULT
VALUES per row."""

from __future__ import annotations

import re

from consolidator.emit.render import comment, display_key, literal
from consolidator.model.names import quote, render_key
from consolidator.model.rows import KeptExpression
from consolidator.order.units import RowsUnit

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_NUMBERS = ("int2", "int4", "int8", "numeric")


def value_sql(value) -> str:
    if isinstance(value, KeptExpression):
        return value.sql
    if value is None or value.text is None:
        return "NULL"
    if value.type in _NUMBERS and _NUMBER.fullmatch(value.text):
        return value.text
    if value.type == "bool":
        return "true" if value.text == "t" else "false"
    return literal(value.text)


def rows_sql(unit: RowsUnit, provenance: bool) -> list[str]:
    count = len(unit.rows)
    out = [comment(f"{display_key(unit.table.key)}: {count} row{'s' if count != 1 else ''}")] if provenance else []
    if not unit.columns:  # a table with no columns (or only generated ones) has no VALUES list to write
        out.extend(f"INSERT INTO {render_key(unit.table.key)} DEFAULT VALUES;" for _ in unit.rows)
        return out
    head = f"INSERT INTO {render_key(unit.table.key)} ({', '.join(quote(c) for c in unit.columns)})"
    out.append(head + (" OVERRIDING SYSTEM VALUE" if unit.overriding else ""))
    lines = [f"  ({', '.join(value_sql(row.get(c)) for c in unit.columns)})" for row in unit.rows]
    out.append("VALUES")
    out.extend(line + ("," if i < len(lines) - 1 else ";") for i, line in enumerate(lines))
    return out
