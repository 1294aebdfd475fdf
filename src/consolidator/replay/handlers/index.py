"""CREATE INDEX (DROP and RENAME are in drop.py and rename.py)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import choose_name, index_column_names, qualify, split_key, truncate
from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Index, IndexElement
from consolidator.parse.colnames import figure
from consolidator.parse.expressions import column_expr, names, to_expr
from consolidator.replay import extensions, volatility
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.handlers import collation as collation_names
from consolidator.replay import partitions
from consolidator.replay.seed import ddl as seed_ddl
from consolidator.replay.registry import STATEMENTS


def _figure_colname(node: Any) -> str:
    """PostgreSQL's FigureIndexColname: the name an expression column gives to a generated index name."""
    return figure(node)[0] or "expr"


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
    if elem.collation:
        collation_names.require(ctx, names(elem.collation))
    return IndexElement(
        expr=expr,
        collation=".".join(names(elem.collation)) or None,
        opclass=opclass,
        descending=elem.ordering == enums.SortByDir.SORTBY_DESC,
        nulls={enums.SortByNulls.SORTBY_NULLS_FIRST: "first", enums.SortByNulls.SORTBY_NULLS_LAST: "last"}.get(
            elem.nulls_ordering),
    ), colname


_unique_colnames = index_column_names


def _indexed_relation(ctx: ReplayContext, key: str):
    """A table, or a materialized view (its columns are looked up the same way); a view is 42809."""
    view = ctx.catalog.views.get(key)
    if view is not None:
        if not view.materialized:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'cannot create index on relation "{split_key(key)[1]}"')
        return view
    return ctx.catalog.table(key)


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
    table = _indexed_relation(ctx, table_key)
    schema = split_key(table_key)[0]
    if getattr(table, "partition_of", None) is not None:
        raise NotModelled("an index on a partition is not modelled yet (a parent's index may adopt it)")
    partitioned = getattr(table, "partition_key", None) is not None
    if partitioned and node.concurrent:
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                      f'cannot create index on partitioned table "{split_key(table_key)[1]}" concurrently')
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
    if partitioned and node.unique:
        if any(e.expr is not None for e in node.indexParams):
            raise NotModelled("a unique index on an expression of a partitioned table is not modelled yet")
        partitions.check_unique_includes_key(table, [truncate(e.name) for e in node.indexParams])
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
    seed_ddl.validate_unique_index(ctx, index)
    kind = "unique index" if index.unique else "index"
    return created(Ref(Kind.INDEX, key), f"created {kind} {split_key(key)[1]} on {split_key(table_key)[1]}")
