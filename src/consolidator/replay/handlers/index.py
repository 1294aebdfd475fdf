"""CREATE INDEX, DROP INDEX, ALTER INDEX ... RENAME."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import choose_name, index_column_names, qualify, split_key, truncate
from consolidator.model.objects import Index, IndexElement
from consolidator.parse.expressions import column_expr, names, to_expr
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS


def _figure_colname(node: Any) -> str:
    """PostgreSQL's FigureColname, as ChooseIndexColumnNames uses it for expression columns."""
    if isinstance(node, ast.ColumnRef):
        last = node.fields[-1]
        return last.sval if isinstance(last, ast.String) else "expr"
    if isinstance(node, ast.FuncCall):
        return names(node.funcname)[-1]
    if isinstance(node, ast.TypeCast):
        inner = _figure_colname(node.arg)
        return inner if inner != "expr" else names(node.typeName.names)[-1]
    if isinstance(node, ast.CaseExpr):
        return "case"
    if isinstance(node, ast.CoalesceExpr):
        return "coalesce"
    return "expr"


def _element(ctx: ReplayContext, table, elem: Any) -> tuple[IndexElement, str]:
    if elem.name is not None:
        name = truncate(elem.name)
        if table.column(name) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
        expr, colname = column_expr(name), name
    else:
        expr, colname = to_expr(elem.expr), _figure_colname(elem.expr)
        for c in expr.columns:
            if table.column(c) is None:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" does not exist')
    opclass = ".".join(names(elem.opclass)) or None
    if elem.opclassopts:
        raise NotModelled("operator class options are not modelled yet")
    return IndexElement(
        expr=expr,
        collation=".".join(names(elem.collation)) or None,
        opclass=opclass,
        descending=elem.ordering == enums.SortByDir.SORTBY_DESC,
        nulls={enums.SortByNulls.SORTBY_NULLS_FIRST: "first", enums.SortByNulls.SORTBY_NULLS_LAST: "last"}.get(
            elem.nulls_ordering),
    ), colname


_unique_colnames = index_column_names


@STATEMENTS.register("IndexStmt")
def create_index(ctx: ReplayContext, node: Any) -> str:
    if node.concurrent and ctx.in_transaction_block:
        raise PgError("25001", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
    table_key = ctx.relation_key(node.relation)
    table = ctx.catalog.table(table_key)
    schema = split_key(table_key)[0]
    if node.tableSpace or node.options:
        raise NotModelled("index storage parameters and tablespaces are not modelled yet")
    if node.idxname:
        key = qualify(schema, truncate(node.idxname))
        if ctx.catalog.relation_kind(key) is not None:
            if node.if_not_exists:
                return f"relation {split_key(key)[1]} already exists, skipped (IF NOT EXISTS)"
            raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{split_key(key)[1]}" already exists')
    elements, colnames = [], []
    for elem in node.indexParams:
        element, colname = _element(ctx, table, elem)
        elements.append(element)
        colnames.append(colname)
    include = []
    for elem in node.indexIncludingParams or ():
        name = truncate(elem.name)
        if table.column(name) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
        include.append(name)
        colnames.append(name)
    where = to_expr(node.whereClause) if node.whereClause is not None else None
    if where is not None:
        for c in where.columns:
            if table.column(c) is None:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" does not exist')
    if not node.idxname:
        taken = ctx.catalog.relation_names_in(schema)
        addition = ""
        for name in _unique_colnames(colnames):
            addition = f"{addition}_{name}" if addition else name
            if len(addition.encode()) >= 64:
                break
        key = qualify(schema, choose_name(split_key(table_key)[1], addition, "idx", lambda n: n in taken))
    index = Index(
        key=key, table=table_key, unique=bool(node.unique), method=node.accessMethod or "btree", elements=elements,
        include=include, where=where, nulls_not_distinct=bool(node.nulls_not_distinct), provenance=ctx.provenance(),
    )
    ctx.catalog.add_index(index)
    kind = "unique index" if index.unique else "index"
    return f"created {kind} {split_key(key)[1]} on {split_key(table_key)[1]}"


@STATEMENTS.register(("DropStmt", "OBJECT_INDEX"))
def drop_index(ctx: ReplayContext, node: Any) -> str:
    if node.concurrent and ctx.in_transaction_block:
        raise PgError("25001", "DROP INDEX CONCURRENTLY cannot run inside a transaction block")
    done = []
    for obj in node.objects or ():
        parts = names(obj)
        key = ctx.key(parts[-1], parts[-2] if len(parts) > 1 else None)
        if key not in ctx.catalog.indexes and ctx.catalog.constraint_of_index(key) is None:
            if ctx.catalog.relation_kind(key) is not None:
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not an index')
            if node.missing_ok:
                done.append(f"index {split_key(key)[1]} does not exist, skipped (IF EXISTS)")
                continue
        ctx.catalog.drop_index(key, cascade=node.behavior == enums.DropBehavior.DROP_CASCADE)
        done.append(f"dropped index {split_key(key)[1]}")
    return "; ".join(done)


@STATEMENTS.register(("RenameStmt", "OBJECT_INDEX"))
def rename_index(ctx: ReplayContext, node: Any) -> str:
    key = ctx.relation_key(node.relation)
    kind = ctx.catalog.relation_kind(key)
    if kind is None:
        if node.missing_ok:
            return f"relation {split_key(key)[1]} does not exist, skipped (IF EXISTS)"
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
    new_key = ctx.catalog.rename_relation(key, truncate(node.newname), ctx.span)
    return f"renamed {kind} {split_key(key)[1]} to {split_key(new_key)[1]}"
