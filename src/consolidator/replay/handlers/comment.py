"""COMMENT ON TABLE / COLUMN / INDEX / SEQUENCE / TYPE / CONSTRAINT / EXTENSION / SCHEMA."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS

O = enums.ObjectType


def _key(ctx: ReplayContext, parts: list[str]) -> str:
    return ctx.key(parts[-1], parts[-2] if len(parts) > 1 else None)


def _target(ctx: ReplayContext, node: Any):
    kind = node.objtype
    obj = node.object
    if kind == O.OBJECT_TABLE:
        return ctx.catalog.table(_key(ctx, names(obj)))
    if kind == O.OBJECT_COLUMN:
        parts = names(obj)
        return ctx.catalog.column(_key(ctx, parts[:-1]), parts[-1])
    if kind == O.OBJECT_INDEX:
        key = _key(ctx, names(obj))
        if key in ctx.catalog.indexes:
            return ctx.catalog.writable("indexes", key)
        owner = ctx.catalog.constraint_of_index(key)
        if owner is None:
            if ctx.catalog.relation_kind(key) is not None:
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not an index')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
        raise NotModelled("comments on the index of a constraint are not modelled yet")
    if kind == O.OBJECT_SEQUENCE:
        return ctx.catalog.sequence(_key(ctx, names(obj)))
    if kind == O.OBJECT_TYPE:
        key = _key(ctx, names(obj.names))
        if key in ctx.catalog.tables:
            raise NotModelled("comments on a table's row type are not modelled yet")
        return ctx.catalog.enum(key)
    if kind == O.OBJECT_TABCONSTRAINT:
        parts = names(obj)
        table = ctx.catalog.table(_key(ctx, parts[:-1]))
        constraint = table.constraint(parts[-1])
        if constraint is None:
            raise PgError(SqlState.UNDEFINED_OBJECT,
                          f'constraint "{parts[-1]}" for table "{split_key(table.key)[1]}" does not exist')
        return constraint
    if kind == O.OBJECT_EXTENSION:
        name = string_value(obj)
        if name not in ctx.catalog.extensions:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'extension "{name}" does not exist')
        return ctx.catalog.writable("extensions", name)
    if kind == O.OBJECT_SCHEMA:
        name = string_value(obj)
        if name not in ctx.catalog.schemas:
            ctx.catalog.require_schema(name)
            raise NotModelled(f"comments on schema {name} are not modelled yet")
        return ctx.catalog.writable("schemas", name)
    raise NotModelled(f"COMMENT ON {kind.name[7:]} is not modelled yet")


@STATEMENTS.register("CommentStmt")
def comment_on(ctx: ReplayContext, node: Any) -> str:
    target = _target(ctx, node)
    target.comment = node.comment or None
    if hasattr(target, "provenance"):
        target.provenance.touch(ctx.span)
    what = node.objtype.name[7:].lower().replace("tabconstraint", "constraint")
    return f"{'set' if node.comment else 'removed'} comment on {what}"
