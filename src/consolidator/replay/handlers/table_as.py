"""CREATE TABLE ... AS SELECT ... [WITH [NO] DATA] and SELECT ... INTO: a table whose columns (names and types)
come from the query, as PostgreSQL derives them (the query is analysed as a view's is: query/analyze.py), with
the column name list, IF NOT EXISTS and UNLOGGED.

Its rows are the query's, evaluated by the seed data (replay/seed/sources.py) as INSERT ... SELECT's are; a
query it does not evaluate, or a source whose rows are not known, leaves the table's shape exact and its rows
unknown, which is reported (`RowsNotModelled`: the table stays in the model). WITH NO DATA, WHERE false and
LIMIT 0 create an empty table: exact."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Column, Table
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.handlers.view import analyzer, create_materialized_view
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.sources import reads_shuffled, select_rows
from consolidator.replay.seed.values import Values


class RowsNotModelled(NotModelled):
    """The statement's schema change is modelled and kept; the rows it writes are not (seed data)."""

    keeps_schema = True


def _name(key: str) -> str:
    return split_key(key)[1]


@STATEMENTS.register("CreateTableAsStmt")
def create_table_as_statement(ctx: ReplayContext, node: Any) -> Effects:
    if node.objtype == enums.ObjectType.OBJECT_MATVIEW:
        return create_materialized_view(ctx, node)
    return create_table_as(ctx, node)


def create_table_as(ctx: ReplayContext, node: Any) -> Effects:
    """CREATE TABLE AS (node: CreateTableAsStmt, into: IntoClause) or SELECT INTO (node: SelectStmt)."""
    if isinstance(node, ast.SelectStmt):
        into, query = node.intoClause, _without_into(node)
        what = "SELECT INTO"
    else:
        into, query = node.into, node.query
        what = "CREATE TABLE AS"
    if not isinstance(query, ast.SelectStmt):
        raise NotModelled(f"{what} of a {type(query).__name__} (EXECUTE, a VALUES list ...) is not modelled yet")
    if into.rel.relpersistence == "t":
        raise NotModelled("temporary tables vanish with the session: not part of the schema")
    if into.options or into.tableSpaceName or into.accessMethod or into.onCommit.name != "ONCOMMIT_NOOP":
        raise NotModelled(f"{what} with storage parameters, a tablespace or an access method is not modelled yet")
    key = ctx.relation_key(into.rel, create=True)
    outputs = analyzer(ctx).analyze(query).outputs  # parse analysis comes before the name is looked at
    if getattr(node, "if_not_exists", False) and ctx.catalog.relation_kind(key) is not None:
        return skipped(table_ref(key), f"relation {_name(key)} already exists, skipped (IF NOT EXISTS)", exists=True)
    if ctx.catalog.relation_kind(key) is not None:  # CreateTableAsRelExists: before the columns are looked at
        raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{_name(key)}" already exists')
    aliases = [truncate(c.sval) for c in into.colNames or ()]
    if len(aliases) > len(outputs):
        raise PgError(SqlState.SYNTAX_ERROR, "too many column names were specified")
    columns = []
    for i, output in enumerate(outputs):
        name = aliases[i] if i < len(aliases) else truncate(output.name)
        if any(c.name == name for c in columns):
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{name}" specified more than once')
        if output.type is None or output.type.name == "unknown":
            raise NotModelled(f"the type of column {name} of {what} (an expression, a function's result or NULL) "
                              "is not known to the model")
        collation = None
        if output.base is not None and output.base[0] in ctx.catalog.tables:
            base = ctx.catalog.tables[output.base[0]].column(output.base[1])
            collation = base.collation if base is not None else None
        columns.append(Column(name=name, type=output.type, collation=collation, provenance=ctx.provenance()))
    table = Table(key=key, columns=columns, unlogged=into.rel.relpersistence == "u", provenance=ctx.provenance())
    ctx.catalog.require_schema(split_key(key)[0])
    ctx.catalog.add_table(table)
    summary = f"created table {_name(key)} ({len(columns)} columns) by {what}"
    if into.skipData or _returns_no_rows(query):
        return created(table_ref(key), summary + ", no rows")
    values = Values(ctx)
    try:
        rows = [_row(values, columns, r) for r in select_rows(values, query)]
    except NotModelled as e:  # a query the seed data does not evaluate, or a source whose rows are not known
        reason = f"{summary}: its columns are modelled; the rows the query writes are not ({e})"
        ctx.catalog.mark_rows_unknown(key, reason)  # later statements are not judged on a table that looks empty
        raise RowsNotModelled(reason) from None
    ctx.catalog.replace_rows(key, tuple(rows))
    if reads_shuffled(values, query):
        ctx.catalog.mark_order_unknown(key)
    return created(table_ref(key), summary + f", {len(rows)} row{'s' if len(rows) != 1 else ''}")


def _row(values: Values, columns: list[Column], items: list) -> dict:
    """A row of the query's result as the new table stores it (a NULL is an absent key, as INSERT stores it)."""
    row = {}
    for column, value in zip(columns, items):
        value = values.stored(value, column)
        if not (hasattr(value, "text") and value.text is None):
            row[column.name] = value
    return row


def _without_into(node: ast.SelectStmt) -> ast.SelectStmt:
    query = ast.SelectStmt(**{name: getattr(node, name) for name in node if name != "intoClause"})
    return query


def _returns_no_rows(query: ast.SelectStmt) -> bool:
    where, limit = query.whereClause, query.limitCount
    if isinstance(where, ast.A_Const) and isinstance(where.val, ast.Boolean) and not where.val.boolval:
        return True
    if isinstance(where, ast.TypeCast) and isinstance(where.arg, ast.A_Const) \
            and isinstance(where.arg.val, ast.String) and where.arg.val.sval.lower() in ("f", "false") \
            and getattr(where.typeName.names[-1], "sval", "") == "bool":
        return True
    return isinstance(limit, ast.A_Const) and isinstance(limit.val, ast.Integer) and limit.val.ival == 0
