"""CREATE TABLE ... AS SELECT and SELECT ... INTO: a table with the query's columns (their types as the analysis
of views gives them) and, WITH DATA, the query's rows evaluated over the model (replay/seed/sources.py)."""

from __future__ import annotations

import copy
from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Table
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.handlers.view import build_view, create_materialized_view
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.sources import select_rows
from consolidator.replay.seed.values import Values


@STATEMENTS.register("CreateTableAsStmt")
def create_table_as_statement(ctx: ReplayContext, node: Any) -> Effects:
    if node.objtype == enums.ObjectType.OBJECT_MATVIEW:
        return create_materialized_view(ctx, node)
    if node.is_select_into or node.objtype != enums.ObjectType.OBJECT_TABLE:
        raise NotModelled("this form of CREATE TABLE AS is not modelled yet")
    return create_table_as(ctx, node.into, node.query, bool(node.if_not_exists))


def create_table_as(ctx: ReplayContext, into: Any, query: Any, if_not_exists: bool = False) -> Effects:
    rel = into.rel
    if rel.relpersistence == "t":
        raise NotModelled("temporary tables vanish with the session: not part of the schema")
    if into.options or into.tableSpaceName or into.accessMethod or into.onCommit.name != "ONCOMMIT_NOOP":
        raise NotModelled("CREATE TABLE AS with storage options is not modelled yet")
    key = ctx.relation_key(rel, create=True)
    name = split_key(key)[1]
    if ctx.catalog.relation_kind(key) is not None:
        if if_not_exists:
            return skipped(table_ref(key), f"relation {name} already exists, skipped (IF NOT EXISTS)", exists=True)
        raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{name}" already exists')
    ctx.catalog.require_schema(split_key(key)[0])
    analysed = build_view(ctx, key, query, [c.sval for c in into.colNames or ()], materialized=True)
    unknown = [c.name for c in analysed.columns if c.type is None]
    if unknown:
        raise NotModelled(f"the type of column {unknown[0]} of CREATE TABLE AS is not known to the model")
    if len(into.colNames or ()) > len(analysed.columns):
        raise PgError(SqlState.SYNTAX_ERROR, "too many column names were specified")
    table = Table(key=key, columns=[Column(name=c.name, type=c.type, provenance=ctx.provenance())
                                    for c in analysed.columns],
                  unlogged=rel.relpersistence == "u", provenance=ctx.provenance())
    rows = []
    if not into.skipData:
        values = Values(ctx)
        for items in select_rows(values, query):
            row = {}
            for column, value in zip(table.columns, items):
                stored = values.stored(value, column)
                if getattr(stored, "text", "") is not None:
                    row[column.name] = stored
            rows.append(row)
    ctx.catalog.add_table(table)
    ctx.catalog.replace_rows(key, tuple(rows))
    data = f", {len(rows)} row{'s' if len(rows) != 1 else ''}" if not into.skipData else ", WITH NO DATA"
    return created(table_ref(key), f"created table {name} ({len(table.columns)} columns{data}) AS SELECT")


def select_into(ctx: ReplayContext, node: Any) -> Effects:
    query = copy.copy(node)
    query.intoClause = None
    return create_table_as(ctx, node.intoClause, query)
