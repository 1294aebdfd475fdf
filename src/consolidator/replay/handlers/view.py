"""CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW ... WITH [NO] DATA, REFRESH MATERIALIZED VIEW, and RENAME
COLUMN of a view (DROP and RENAME are in drop.py and rename.py). The query is analysed as the server analyses it
(query/analyze.py): `*` expanded, the relations and columns it reads recorded."""

from __future__ import annotations

from typing import Any

from pglast import enums
from pglast.stream import RawStream

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref, column_ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import View, ViewColumn
from consolidator.model.types import builtin as builtin_type
from consolidator.query.analyze import Analyzer, Relation
from consolidator.query.catalog_views import SYSTEM_RELATIONS
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, renamed, skipped
from consolidator.replay.registry import STATEMENTS

_SEQUENCE_COLUMNS = (("last_value", "int8"), ("log_cnt", "int8"), ("is_called", "bool"))


def _name(key: str) -> str:
    return split_key(key)[1]


def analyzer(ctx: ReplayContext) -> Analyzer:
    """An analyzer over the catalog: its tables, views and sequences, and PostgreSQL's own catalogs."""
    def relation(rangevar: Any) -> Relation | None:
        if rangevar.schemaname in SYSTEM_RELATIONS or (
                rangevar.schemaname is None and rangevar.relname in SYSTEM_RELATIONS["pg_catalog"]):
            return None
        key = ctx.relation_key(rangevar)
        catalog = ctx.catalog
        if key in catalog.tables:
            return Relation(key, [(c.name, c.type) for c in catalog.tables[key].columns])
        if key in catalog.views:
            return Relation(key, [(c.name, c.type) for c in catalog.views[key].columns])
        if key in catalog.sequences:
            return Relation(key, [(name, builtin_type(t)) for name, t in _SEQUENCE_COLUMNS])
        if catalog.knows_unmodelled("relation", key):
            raise NotModelled(f"the query reads {_name(key)}, which the model does not hold")
        written = f"{rangevar.schemaname}.{rangevar.relname}" if rangevar.schemaname else rangevar.relname
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{written}" does not exist')

    def type_of(typename: Any):
        try:
            return ctx.column_type(typename, row_types=True)[0]
        except NotModelled:
            return None

    return Analyzer(relation, type_of)


def build_view(ctx: ReplayContext, key: str, query: Any, aliases: list[str], materialized: bool) -> View:
    """The view a query defines: analysed, its columns named (aliases first) and checked."""
    analysis = analyzer(ctx).analyze(query)
    outputs = analysis.outputs
    if len(aliases) > len(outputs):
        what = "CREATE MATERIALIZED VIEW" if materialized else "CREATE VIEW"
        raise PgError(SqlState.SYNTAX_ERROR, f"{what} specifies more column names than columns")
    columns = [ViewColumn(name=truncate(aliases[i]) if i < len(aliases) else truncate(o.name),
                          type=o.type if o.type is None or o.type.name != "unknown" else builtin_type("text"))
               for i, o in enumerate(outputs)]
    seen: set[str] = set()
    for column in columns:
        if column.name in seen:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{column.name}" specified more than once')
        seen.add(column.name)
    return View(key=key, materialized=materialized, template=analysis.template, relations=analysis.relations,
                reads=analysis.columns, columns=columns, calls=analysis.calls, provenance=ctx.provenance())


@STATEMENTS.register("ViewStmt")
def create_view(ctx: ReplayContext, node: Any) -> Effects:
    if node.view.relpersistence == "t":
        raise NotModelled("temporary views vanish with the session: not part of the schema")
    key = ctx.relation_key(node.view, create=True)
    ctx.catalog.require_schema(split_key(key)[0])
    if node.replace and ctx.catalog.relation_kind(key) not in (None, "view"):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a view')
    view = build_view(ctx, key, node.query, [a.sval for a in node.aliases or ()], materialized=False)
    check = {enums.ViewCheckOption.LOCAL_CHECK_OPTION: "LOCAL", enums.ViewCheckOption.CASCADED_CHECK_OPTION: "CASCADED"}
    view = view.model_copy(update={"check_option": check.get(node.withCheckOption),
                                   "options": [_option_sql(o) for o in node.options or ()]})
    replaced = ctx.catalog.add_view(view, replace=bool(node.replace))
    ref = Ref(Kind.VIEW, key)
    if replaced:
        return altered(ref, "definition", f"replaced view {_name(key)}")
    return created(ref, f"created view {_name(key)} ({len(view.columns)} columns)")


def _option_sql(option: Any) -> str:
    if option.arg is None:
        return f"{option.defname}=true"
    return f"{option.defname}={RawStream()(option.arg)}"


@STATEMENTS.register("CreateTableAsStmt")
def create_table_as(ctx: ReplayContext, node: Any) -> Effects:
    if node.objtype != enums.ObjectType.OBJECT_MATVIEW:
        raise NotModelled("CREATE TABLE AS is not modelled yet: its rows come with the seed-data issue")
    into = node.into
    key = ctx.relation_key(into.rel, create=True)
    if ctx.catalog.relation_kind(key) is not None and node.if_not_exists:
        return skipped(Ref(Kind.VIEW, key), f"relation {_name(key)} already exists, skipped (IF NOT EXISTS)")
    ctx.catalog.require_schema(split_key(key)[0])
    if into.options or into.tableSpaceName or into.accessMethod:
        raise NotModelled("materialized view storage parameters are not modelled yet")
    view = build_view(ctx, key, node.query, [c.sval for c in into.colNames or ()], materialized=True)
    view = view.model_copy(update={"with_data": not into.skipData})
    ctx.catalog.add_view(view, replace=False)
    data = "" if view.with_data else ", WITH NO DATA"
    return created(Ref(Kind.VIEW, key), f"created materialized view {_name(key)} ({len(view.columns)} columns{data})")


@STATEMENTS.register("RefreshMatViewStmt")
def refresh(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    view = ctx.catalog.views.get(key)
    if view is None or not view.materialized:
        if ctx.catalog.relation_kind(key) is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a materialized view')
    if node.concurrent:
        if node.skipData:
            raise PgError(SqlState.SYNTAX_ERROR, "REFRESH options CONCURRENTLY and WITH NO DATA cannot be used together")
        if not view.with_data:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                          "CONCURRENTLY cannot be used when the materialized view is not populated")
    ctx.catalog.set_view_populated(key, not node.skipData, ctx.span)
    return altered(Ref(Kind.VIEW, key), "data", f"refreshed materialized view {_name(key)}"
                   + (" WITH NO DATA" if node.skipData else ""))


def rename_view_column(ctx: ReplayContext, key: str, node: Any) -> Effects:
    old, new = truncate(node.subname), truncate(node.newname)
    ctx.catalog.rename_view_column(key, old, new, ctx.span)
    return renamed(column_ref(key, old), column_ref(key, new), f"renamed column {_name(key)}.{old} to {new}")
