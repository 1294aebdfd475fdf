"""The table a DML statement writes, and what makes its rows something the model cannot follow."""

from __future__ import annotations

import functools
from typing import Any, Callable


from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Table
from consolidator.replay.context import ReplayContext
from consolidator.replay.seed.triggers import check_triggers, fires_any
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
    check_triggers(Values(ctx), table, event)  # NotModelled unless every one is a trigger the model runs
    for child in [] if event == "insert" else referencing(ctx, key, event):
        child_table = ctx.catalog.tables.get(child)
        firing = [] if child_table is None else fires_any(child_table, "update") + fires_any(child_table, "delete")
        if firing:
            raise NotModelled(f"trigger {firing[0]} on {split_key(child)[1]} fires on the rows its foreign key's action "
                              "changes: not run")
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


_CHANGING = ("CASCADE", "SET NULL", "SET DEFAULT")


def referencing(ctx: ReplayContext, key: str, changed_by: str | None = None) -> list[str]:
    """The tables whose foreign keys reference `key`, and theirs (what a change must look at); `changed_by`
    ("update", "delete", "truncate"): only those the keys' actions change."""
    found: list[str] = []
    todo = [key]
    while todo:
        for child, fk in ctx.catalog.foreign_keys_to(todo.pop()):
            action = {"update": fk.on_update, "delete": fk.on_delete}.get(changed_by or "", "CASCADE")
            if changed_by is not None and changed_by != "truncate" and action not in _CHANGING:
                continue
            if child.key != key and child.key not in found:
                found.append(child.key)
                todo.append(child.key)
    return found


class RowsUnknown(NotModelled):
    """The statement depends on rows the model lost track of at `since` (file:line and why)."""

    def __init__(self, table: str, since: str):
        super().__init__(f"the rows of {table} are not known since {since}")
        self.since = since


def require_known(ctx: ReplayContext, key: str) -> None:
    reason = ctx.catalog.rows_unknown(key)
    if reason is not None:
        raise RowsUnknown(split_key(key)[1], reason)


def seed_statement(handler: Callable[[ReplayContext, Any], Any]) -> Callable[[ReplayContext, Any], Any]:
    """A DML handler: when the model cannot follow the statement, the rows it writes (and the rows the actions of
    their foreign keys reach) are not known from then on, so no later statement is judged on them."""

    @functools.wraps(handler)
    def run(ctx: ReplayContext, node: Any) -> Any:
        watched = {k: ctx.catalog.rows(k) for k in _filled_from(ctx.catalog)}
        try:
            effects = handler(ctx, node)
            for key, before in watched.items():
                after = ctx.catalog.rows(key)
                if after is not before and after != before:
                    ctx.catalog.rows_changed(key, f"{ctx.span.file}:{ctx.span.line}")
            return effects
        except NotModelled as e:
            where = e.since if isinstance(e, RowsUnknown) else f"{ctx.span.file}:{ctx.span.line} ({e})"
            relations = node.relations if hasattr(node, "relations") else [node.relation]
            # what the keys' actions may have changed: an INSERT changes no other table, unless ON CONFLICT DO
            # UPDATE changes keys others reference
            changed_by = {"InsertStmt": "update" if getattr(node, "onConflictClause", None) is not None else None,
                          "UpdateStmt": "update", "DeleteStmt": "delete", "TruncateStmt": "truncate"}[type(node).__name__]
            for relation in relations:
                try:
                    key = ctx.relation_key(relation)
                except Exception:  # noqa: BLE001 (a name the model cannot resolve: nothing to mark)
                    continue
                if key in ctx.catalog.tables:
                    for written in [key, *(referencing(ctx, key, changed_by) if changed_by else [])]:
                        ctx.catalog.mark_rows_unknown(written, where)
                        ctx.catalog.rows_changed(written, f"{ctx.span.file}:{ctx.span.line}")
                    for sequence in _default_sequences(ctx, key):  # nextval() calls the model did not count
                        ctx.catalog.mark_position_unknown(sequence, where)
            raise

    return run


def _default_sequences(ctx: ReplayContext, key: str) -> list[str]:
    """The sequences the defaults of a table's columns take values from (serial, nextval(), identity)."""
    table = ctx.catalog.tables[key]
    found = {c.default_sequence for c in table.columns if c.default_sequence in ctx.catalog.sequences}
    for column in table.columns:
        if column.identity:
            found.update(s.key for s in ctx.catalog.sequences_owned_by(key, column.name))
    return sorted(found)


def _filled_from(catalog) -> set[str]:
    """The tables whose rows a populated, up-to-date materialized view holds (through the views it reads)."""
    found: set[str] = set()
    todo = [v for v in catalog.views.values() if v.materialized and v.with_data and v.stale_since is None]
    seen: set[str] = set()
    while todo:
        view = todo.pop()
        if view.key in seen:
            continue
        seen.add(view.key)
        for key in view.relations:
            if key in catalog.views:
                todo.append(catalog.views[key])
            else:
                found.add(key)
    return found
