"""CREATE INDEX (DROP and RENAME are in drop.py and rename.py)."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import choose_name, index_column_names, qualify, split_key, truncate
from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Index, IndexElement
from consolidator.parse.expressions import column_expr, names, to_expr
from consolidator.replay import extensions, volatility
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.registry import STATEMENTS


def _figure_colname(node: Any) -> str:
    """PostgreSQL's FigureIndexColname: the name an expression column gives to a generated index name."""
    return _figure(node)[0] or "expr"


_SQL_VALUE_FUNCTIONS = {
    "SVFOP_CURRENT_DATE": "current_date", "SVFOP_CURRENT_TIME": "current_time",
    "SVFOP_CURRENT_TIME_N": "current_time", "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
    "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp", "SVFOP_LOCALTIME": "localtime",
    "SVFOP_LOCALTIME_N": "localtime", "SVFOP_LOCALTIMESTAMP": "localtimestamp",
    "SVFOP_LOCALTIMESTAMP_N": "localtimestamp", "SVFOP_CURRENT_ROLE": "current_role",
    "SVFOP_CURRENT_USER": "current_user", "SVFOP_USER": "user", "SVFOP_SESSION_USER": "session_user",
    "SVFOP_CURRENT_CATALOG": "current_catalog", "SVFOP_CURRENT_SCHEMA": "current_schema",
}


def _figure(node: Any) -> tuple[str | None, int]:
    """FigureColnameInternal (parse_target.c): a name and its strength (2 sure, 1 a guess, 0 none)."""
    if isinstance(node, ast.ColumnRef):
        found = [f.sval for f in node.fields or () if isinstance(f, ast.String)]
        return (found[-1], 2) if found else (None, 0)
    if isinstance(node, ast.A_Indirection):
        found = [i.sval for i in node.indirection or () if isinstance(i, ast.String)]
        return (found[-1], 2) if found else _figure(node.arg)
    if isinstance(node, ast.FuncCall):
        return names(node.funcname)[-1], 2
    if isinstance(node, ast.A_Expr):
        return ("nullif", 2) if node.kind == enums.A_Expr_Kind.AEXPR_NULLIF else (None, 0)
    if isinstance(node, ast.TypeCast):
        name, strength = _figure(node.arg)
        return (names(node.typeName.names)[-1], 1) if strength <= 1 else (name, strength)
    if isinstance(node, ast.CollateClause):
        return _figure(node.arg)
    if isinstance(node, ast.CaseExpr):
        name, strength = _figure(node.defresult) if node.defresult is not None else (None, 0)
        return ("case", 1) if strength <= 1 else (name, strength)
    if isinstance(node, ast.A_ArrayExpr):
        return "array", 2
    if isinstance(node, ast.RowExpr):
        return "row", 2
    if isinstance(node, ast.CoalesceExpr):
        return "coalesce", 2
    if isinstance(node, ast.MinMaxExpr):
        return ("greatest" if node.op == enums.MinMaxOp.IS_GREATEST else "least"), 2
    if isinstance(node, ast.SQLValueFunction):
        return _SQL_VALUE_FUNCTIONS.get(node.op.name), 2
    return None, 0


def _require_immutable(table, node: Any, what: str) -> None:
    """The server refuses an index whose expression or predicate calls a function that is not IMMUTABLE (42P17)."""
    def column_type(name: str):
        column = table.column(name)
        return column.type if column is not None else None

    if volatility.mutable_parts(node, column_type):
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f"functions in {what} must be marked IMMUTABLE")


def _element(ctx: ReplayContext, table, elem: Any, method: str = "btree") -> tuple[IndexElement, str]:
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
        _require_immutable(table, elem.expr, "index expression")
    opclass = ".".join(names(elem.opclass)) or None
    provider = extensions.provider_of_opclass(opclass or "")
    if provider is not None and provider not in ctx.catalog.extensions:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'operator class "{opclass}" does not exist for access method "{method}"')
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
def create_index(ctx: ReplayContext, node: Any) -> Effects:
    if node.concurrent and ctx.in_transaction_block:
        raise PgError(SqlState.ACTIVE_SQL_TRANSACTION, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
    table_key = ctx.relation_key(node.relation)
    if table_key in ctx.catalog.sequences:
        # transformIndexStmt analyses the expressions and the predicate against the relation's own columns before
        # DefineIndex refuses a sequence (plain column names are looked up after that refusal)
        nodes = [e.expr for e in node.indexParams if e.expr is not None] + [node.whereClause]
        for name in (c for n in nodes if n is not None for c in to_expr(n).columns):
            if name not in ("last_value", "log_cnt", "is_called"):
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
    table = ctx.catalog.table(table_key)
    schema = split_key(table_key)[0]
    if node.tableSpace or node.options:
        raise NotModelled("index storage parameters and tablespaces are not modelled yet")
    elements, colnames = [], []
    for elem in node.indexParams:
        element, colname = _element(ctx, table, elem, node.accessMethod or "btree")
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
        _require_immutable(table, node.whereClause, "index predicate")
    if node.idxname:  # the name is looked at last (index_create), IF NOT EXISTS included: bad columns fail first
        key = qualify(schema, truncate(node.idxname))
        if ctx.catalog.relation_kind(key) is not None:
            if node.if_not_exists:
                return skipped(Ref(Kind.INDEX, key), f"relation {split_key(key)[1]} already exists, skipped (IF NOT EXISTS)", exists=True)
            raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{split_key(key)[1]}" already exists')
    else:
        addition = ""
        for name in _unique_colnames(colnames):
            addition = f"{addition}_{name}" if addition else name
            if len(addition.encode()) >= 64:
                break
        taken = lambda n: ctx.catalog.relation_name_taken(schema, n)  # noqa: E731
        key = qualify(schema, choose_name(split_key(table_key)[1], addition, "idx", taken))
    index = Index(
        key=key, table=table_key, unique=bool(node.unique), method=node.accessMethod or "btree", elements=elements,
        include=include, where=where, nulls_not_distinct=bool(node.nulls_not_distinct), provenance=ctx.provenance(),
    )
    ctx.catalog.add_index(index)
    kind = "unique index" if index.unique else "index"
    return created(Ref(Kind.INDEX, key), f"created {kind} {split_key(key)[1]} on {split_key(table_key)[1]}")
