"""COMMENT ON: one finder per kind of object (a registry keyed by the statement's object type)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref, column_ref, constraint_ref, table_ref
from consolidator.model.names import split_key
from consolidator.model.objects import CompositeType
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, commented
from consolidator.replay.handlers.routine import find_for_comment
from consolidator.replay.registry import COMMENT_ON, STATEMENTS

O = enums.ObjectType


@STATEMENTS.register("CommentStmt")
def comment_on(ctx: ReplayContext, node: Any) -> Effects:
    finder = COMMENT_ON.get(node.objtype)
    if finder is None:
        raise NotModelled(f"COMMENT ON {node.objtype.name[7:]} is not modelled yet")
    target = finder(ctx, node.object, node.objtype)
    ctx.catalog.set_comment(target, node.comment or None, ctx.span)
    what = node.objtype.name[7:].lower().replace("tabconstraint", "constraint")
    return commented(target, f"{'set' if node.comment else 'removed'} comment on {what}")


@COMMENT_ON.register(O.OBJECT_TABLE)
def _table(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    return table_ref(ctx.catalog.table(ctx.key_of(names(obj))).key)


@COMMENT_ON.register(O.OBJECT_COLUMN)
def _column(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    parts = names(obj)
    key = ctx.key_of(parts[:-1])
    if isinstance(ctx.catalog.types.get(key), CompositeType):
        return column_ref(key, ctx.catalog.attribute(key, parts[-1]).name)
    view = ctx.catalog.views.get(key)
    if view is not None:
        if view.column(parts[-1]) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{parts[-1]}" of relation "{split_key(key)[1]}" does not exist')
        return column_ref(key, parts[-1])
    return column_ref(key, ctx.catalog.column(key, parts[-1]).name)


@COMMENT_ON.register(O.OBJECT_VIEW, O.OBJECT_MATVIEW)
def _view(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    key = ctx.key_of(names(obj))
    view = ctx.catalog.views.get(key)
    materialized = object_type == O.OBJECT_MATVIEW
    if view is None or view.materialized != materialized:
        if ctx.catalog.relation_kind(key) is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
        raise PgError(SqlState.WRONG_OBJECT_TYPE,
                      f'"{split_key(key)[1]}" is not a {"materialized view" if materialized else "view"}')
    return Ref(Kind.VIEW, key)


@COMMENT_ON.register(O.OBJECT_INDEX)
def _index(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    key = ctx.key_of(names(obj))
    if key in ctx.catalog.indexes:
        return Ref(Kind.INDEX, key)
    if ctx.catalog.constraint_of_index(key) is None:
        if ctx.catalog.relation_kind(key) is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not an index')
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
    raise NotModelled("comments on the index of a constraint are not modelled yet")


@COMMENT_ON.register(O.OBJECT_SEQUENCE)
def _sequence(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    return Ref(Kind.SEQUENCE, ctx.catalog.sequence(ctx.key_of(names(obj))).key)


@COMMENT_ON.register(O.OBJECT_TYPE)
def _type(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    key = ctx.key_of(names(obj.names))
    if key in ctx.catalog.tables or key in ctx.catalog.views:
        raise NotModelled("comments on a relation's row type are not modelled yet")
    if ctx.catalog.range_of_multirange(key) is not None:
        raise NotModelled("comments on a multirange type are not modelled yet")
    return Ref(Kind.TYPE, ctx.catalog.user_type(key).key)


@COMMENT_ON.register(O.OBJECT_DOMAIN)
def _domain(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    parts = names(obj.names)
    return Ref(Kind.TYPE, ctx.catalog.domain(ctx.type_lookup_key(parts), written=".".join(parts)).key)


@COMMENT_ON.register(O.OBJECT_DOMCONSTRAINT)
def _domain_constraint(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    type_name, name = obj  # (TypeName, String)
    parts = names(type_name.names)
    key = ctx.catalog.domain(ctx.type_lookup_key(parts), written=".".join(parts)).key
    return Ref(Kind.CONSTRAINT, key, ctx.catalog.domain_constraint(key, string_value(name)).name)


@COMMENT_ON.register(O.OBJECT_TABCONSTRAINT)
def _constraint(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    parts = names(obj)
    table = ctx.catalog.table(ctx.key_of(parts[:-1]))
    if table.constraint(parts[-1]) is None:
        raise PgError(SqlState.UNDEFINED_OBJECT,
                      f'constraint "{parts[-1]}" for table "{split_key(table.key)[1]}" does not exist')
    return constraint_ref(table.key, parts[-1])


@COMMENT_ON.register(O.OBJECT_FUNCTION, O.OBJECT_PROCEDURE, O.OBJECT_ROUTINE)
def _function(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    return find_for_comment(ctx, obj, object_type)


@COMMENT_ON.register(O.OBJECT_TRIGGER)
def _trigger(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    parts = names(obj)
    table = ctx.catalog.table(ctx.key_of(parts[:-1]))
    if table.trigger(parts[-1]) is None:
        raise PgError(SqlState.UNDEFINED_OBJECT,
                      f'trigger "{parts[-1]}" for table "{split_key(table.key)[1]}" does not exist')
    return Ref(Kind.TRIGGER, table.key, parts[-1])


@COMMENT_ON.register(O.OBJECT_EXTENSION)
def _extension(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    name = string_value(obj)
    if name not in ctx.catalog.extensions:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'extension "{name}" does not exist')
    return Ref(Kind.EXTENSION, name)


@COMMENT_ON.register(O.OBJECT_SCHEMA)
def _schema(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    name = string_value(obj)
    if name not in ctx.catalog.schemas:
        ctx.catalog.require_schema(name)
        raise NotModelled(f"comments on schema {name} are not modelled yet")
    return Ref(Kind.SCHEMA, name)
