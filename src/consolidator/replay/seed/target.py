"""The table a DML statement writes, and what makes its rows something the model cannot follow."""

from __future__ import annotations

import functools
from typing import Any, Callable

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Table
from consolidator.replay.context import ReplayContext
from consolidator.replay.seed.triggers import before_row, fires_any
from consolidator.replay.seed.values import Values


def target_table(ctx: ReplayContext, key: str, event: str, reads_rows: bool = True) -> Table:
    """The table (42P01 when missing); NotModelled for what the rows of the model do not cover (`reads_rows`: the
    statement's outcome depends on the rows already there, and the tables its foreign keys reach)."""
    catalog = ctx.catalog
    if key in catalog.views:
        raise NotModelled(f"{event.upper()} into a view is not modelled")
    table = catalog.table(key)
    if table.partition_key is not None or table.partition_of is not None:
        raise NotModelled("rows of partitioned tables are not modelled yet")
    for related in [] if not reads_rows else [key, *(fk.ref_table for fk in table.constraints if fk.kind == "foreign key"),
                    *referencing(ctx, key)]:
        require_known(ctx, related)
    firing = fires_any(table, event)
    if firing and event in ("insert", "update"):
        before_row(Values(ctx), table, event)  # NotModelled unless every one is a trigger the model applies
    elif firing:
        raise NotModelled(f"trigger {', '.join(firing)} fires on {event.upper()}: triggers on seed rows are not run yet")
    return table


def target_columns(table: Table, cols) -> list[Column]:
    """The columns an INSERT names (all of them, in order, when it names none): 42703, 42701 as the server says."""
    if not cols:
        return list(table.columns)
    out: list[Column] = []
    for target in cols:
        if target.indirection:
            raise NotModelled("assigning to a part of a column (field or subscript) is not modelled")
        column = table.column(target.name)
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{target.name}" of relation "{split_key(table.key)[1]}" does not exist')
        if any(c.name == column.name for c in out):
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{target.name}" specified more than once')
        out.append(column)
    return out


def referencing(ctx: ReplayContext, key: str) -> list[str]:
    """The tables whose foreign keys reference `key`, and theirs (what the actions of a change may reach)."""
    found: list[str] = []
    todo = [key]
    while todo:
        for child, _ in ctx.catalog.foreign_keys_to(todo.pop()):
            if child.key != key and child.key not in found:
                found.append(child.key)
                todo.append(child.key)
    return found


def require_known(ctx: ReplayContext, key: str) -> None:
    reason = ctx.catalog.rows_unknown(key)
    if reason is not None:
        raise NotModelled(f"the rows of {split_key(key)[1]} are not known since {reason}")


def seed_statement(handler: Callable[[ReplayContext, Any], Any]) -> Callable[[ReplayContext, Any], Any]:
    """A DML handler: when the model cannot follow the statement, the rows it writes (and the rows the actions of
    their foreign keys reach) are not known from then on, so no later statement is judged on them."""

    @functools.wraps(handler)
    def run(ctx: ReplayContext, node: Any) -> Any:
        try:
            return handler(ctx, node)
        except NotModelled as e:
            where = f"{ctx.span.file}:{ctx.span.line} ({e})"
            relations = node.relations if hasattr(node, "relations") else [node.relation]
            for relation in relations:
                try:
                    key = ctx.relation_key(relation)
                except Exception:  # noqa: BLE001 (a name the model cannot resolve: nothing to mark)
                    continue
                if key in ctx.catalog.tables:
                    for written in [key, *referencing(ctx, key)]:
                        ctx.catalog.mark_rows_unknown(written, where)
            raise

    return run
