"""DDL on a table that has rows: what the server does to them, or refuses because of them.

ADD COLUMN fills the rows (a default for each row; serial and identity values from the sequence, row by row),
SET NOT NULL, ADD CONSTRAINT, VALIDATE CONSTRAINT and CREATE UNIQUE INDEX check the rows, ALTER COLUMN TYPE
converts them. A table whose rows the model lost track of (rows_unknown) is left as the schema statement says:
the check cannot be made, and the rows stay unknown.
"""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Constraint, Index
from consolidator.model.rows import KeptExpression
from consolidator.model.types import SqlType
from consolidator.replay.context import ReplayContext
from consolidator.replay.seed.constraints import Enforcer, IndexKey, UniqueKey, Work, is_null, value_of
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of


def _known_rows(ctx: ReplayContext, table_key: str) -> bool:
    return bool(ctx.catalog.rows(table_key)) and ctx.catalog.rows_unknown(table_key) is None


def _contains_nulls(table_key: str, column: str) -> PgError:
    return PgError(SqlState.NOT_NULL_VIOLATION,
                   f'column "{column}" of relation "{split_key(table_key)[1]}" contains null values')


def fill_column(ctx: ReplayContext, table_key: str, column: Column) -> None:
    """ADD COLUMN: each row gets the default (NULL without one); NOT NULL then holds or fails (23502)."""
    rows = ctx.catalog.rows(table_key)
    if not rows:
        return
    if ctx.catalog.rows_unknown(table_key) is not None:
        if column.not_null and column.default is None and column.generated is None \
                and column.identity_sequence is None and column.default_sequence is None:
            raise NotModelled(f"whether {split_key(table_key)[1]} has rows is not known "
                              f"({ctx.catalog.rows_unknown(table_key)}): NOT NULL without a default may fail")
        return
    values = Values(ctx)
    table = ctx.catalog.table(table_key)
    takes_numbers = column.identity_sequence or column.default_sequence or (
        column.default is not None and any(c.split(".")[-1] == "nextval" for c in column.default.calls))
    if takes_numbers and len(rows) > 1 and ctx.catalog.order_unknown(table_key):
        # the sequence moves as far as the model says, but which row gets which number is the scan order's
        ctx.catalog.mark_rows_unknown(table_key, f"{ctx.span.file}:{ctx.span.line} (ADD COLUMN {column.name} numbers "
                                      "the rows in their scan order, which an earlier UPDATE or DELETE moved in a way "
                                      "the model does not follow)")
    filled = []
    for row in rows:
        new = dict(row)
        value = values.default(table, column)
        if not is_null(value):
            new[column.name] = value
        if column.generated is not None:
            new = values.generated(table, new)
        if column.not_null and is_null(value_of(new, column.name, table)):
            raise _contains_nulls(table_key, column.name)
        filled.append(new)
    ctx.catalog.replace_rows(table_key, tuple(filled))


def require_no_nulls(ctx: ReplayContext, table_key: str, column: str) -> None:
    """SET NOT NULL (and a primary key's columns)."""
    if not _known_rows(ctx, table_key):
        return
    table = ctx.catalog.table(table_key)
    for row in ctx.catalog.rows(table_key):
        value = value_of(row, column, table)
        if isinstance(value, KeptExpression) and not value.never_null:
            raise NotModelled(f"whether the volatile values of column {column} are NULL is not known")
        if is_null(value):
            raise _contains_nulls(table_key, column)


def validate_constraint(ctx: ReplayContext, table_key: str, constraint: Constraint) -> None:
    """A constraint added (not NOT VALID) or validated: the rows already there must satisfy it."""
    if constraint.not_valid or not _known_rows(ctx, table_key):
        return
    table = ctx.catalog.table(table_key)
    rows = list(ctx.catalog.rows(table_key))
    values = Values(ctx)
    name = split_key(table_key)[1]
    if constraint.kind == "check":
        enforcer = Enforcer(values)
        for row in rows:
            if not enforcer.holds(table, constraint, row):
                raise PgError(SqlState.CHECK_VIOLATION,
                              f'check constraint "{constraint.name}" of relation "{name}" is violated by some row')
    elif constraint.kind in ("primary key", "unique"):
        if constraint.kind == "primary key":
            for column in constraint.columns:
                require_no_nulls(ctx, table_key, column)
        _require_unique(table, rows, UniqueKey(constraint.name, constraint.columns, constraint.nulls_not_distinct))
    elif constraint.kind == "foreign key":
        Enforcer(values).references(Work(ctx.catalog), table, rows)
    else:
        raise NotModelled(f"{constraint.kind} constraint {constraint.name} on a table with rows is not checked")


def validate_unique_index(ctx: ReplayContext, index: Index) -> None:
    if not index.unique or not _known_rows(ctx, index.table):
        return
    table = ctx.catalog.table(index.table)
    if index.where is not None or not all(e.expr.is_single_column() for e in index.elements):
        unique: UniqueKey = IndexKey(ctx.catalog, index)
    else:
        unique = UniqueKey(split_key(index.key)[1], [e.expr.columns[0] for e in index.elements],
                           index.nulls_not_distinct)
    _require_unique(table, list(ctx.catalog.rows(index.table)), unique)


def _require_unique(table, rows, unique: UniqueKey) -> None:
    seen = set()
    for row in rows:
        key = unique.key(row, table)
        if key is None:
            continue
        if key in seen:
            raise PgError(SqlState.UNIQUE_VIOLATION, f'could not create unique index "{unique.name}"')
        seen.add(key)


def converted_rows(ctx: ReplayContext, table_key: str, column: Column, sql_type: SqlType, using: Any) -> tuple | None:
    """ALTER COLUMN TYPE: the rows with the column's values converted (USING over each row, else by assignment);
    None when the table has no rows the model knows."""
    if not _known_rows(ctx, table_key):
        return None
    table = ctx.catalog.table(table_key)
    values = Values(ctx)
    out = []
    for row in ctx.catalog.rows(table_key):
        new = dict(row)
        if using is not None:
            scope = Scope([Relation((split_key(table_key)[1],), columns_of(table), row)])
            value = values.value(using, scope)
        else:
            value = value_of(row, column.name, table)
        if isinstance(value, KeptExpression):
            raise NotModelled(f"converting the volatile values of column {column.name} is not modelled")
        value = values.assigned(value, sql_type, column.name)
        if value.text is None:
            new.pop(column.name, None)
        else:
            new[column.name] = value
        out.append(new)
    return tuple(out)
