"""CREATE TYPE ... AS (...) and ALTER TYPE ... ADD / DROP / ALTER / RENAME ATTRIBUTE (that one through\ncolumn.rename_column: it renames a column of any relation)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import CompositeAttribute, CompositeType
from consolidator.parse.expressions import names
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, altered, created, skipped
from consolidator.replay.registry import STATEMENTS

A = enums.AlterTableType


def _name(key: str) -> str:
    return split_key(key)[1]


def _attribute(ctx: ReplayContext, coldef: Any) -> CompositeAttribute:
    if coldef.constraints:
        raise NotModelled("constraints on a composite type's attribute are not modelled")
    sql_type, _ = ctx.column_type(coldef.typeName)
    collation = ".".join(names(coldef.collClause.collname)) if coldef.collClause is not None else None
    return CompositeAttribute(name=truncate(coldef.colname), type=sql_type, collation=collation)


@STATEMENTS.register("CompositeTypeStmt")
def create_composite(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.typevar, create=True)
    attributes = [_attribute(ctx, c) for c in node.coldeflist or ()]
    for i, a in enumerate(attributes):
        if a.name in [b.name for b in attributes[:i]]:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{a.name}" specified more than once')
    ctx.catalog.add_user_type(CompositeType(key=key, attributes=attributes, provenance=ctx.provenance()))
    return created(Ref(Kind.TYPE, key), f"created composite type {_name(key)} ({', '.join(a.name for a in attributes)})")


@STATEMENTS.register(("AlterTableStmt", "OBJECT_TYPE"))
def alter_composite(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    ctx.catalog.composite(key)
    ref, name, effects = Ref(Kind.TYPE, key), _name(key), []
    for cmd in node.cmds:
        if cmd.subtype == A.AT_AddColumn:
            attribute = _attribute(ctx, cmd.def_)
            ctx.catalog.add_attribute(key, attribute, ctx.span)
            effects.append(altered(ref, "attributes", f"added attribute {attribute.name} to type {name}"))
        elif cmd.subtype == A.AT_DropColumn:
            if ctx.catalog.composite(key).attribute(cmd.name) is None and cmd.missing_ok:
                effects.append(skipped(ref, f"attribute {cmd.name} of type {name} does not exist, skipped (IF EXISTS)"))
                continue
            ctx.catalog.drop_attribute(key, cmd.name, ctx.span)
            effects.append(altered(ref, "attributes", f"dropped attribute {cmd.name} of type {name}"))
        elif cmd.subtype == A.AT_AlterColumnType:
            sql_type, _ = ctx.column_type(cmd.def_.typeName)
            collation = ".".join(names(cmd.def_.collClause.collname)) if cmd.def_.collClause is not None else None
            ctx.catalog.retype_attribute(key, cmd.name, sql_type, collation, ctx.span)
            effects.append(altered(ref, "attributes", f"changed the type of attribute {cmd.name} of type {name}"))
        else:
            raise NotModelled(f"ALTER TYPE ({cmd.subtype.name}) is not modelled")
    return effects


def rename_attribute(ctx: ReplayContext, key: str, node: Any) -> Effects:
    """RENAME ATTRIBUTE (or RENAME COLUMN) of a composite type; the handler for every kind is column.rename_column."""
    new_name = truncate(node.newname)
    ctx.catalog.rename_attribute(key, node.subname, new_name, ctx.span)
    return altered(Ref(Kind.TYPE, key), "attributes", f"renamed attribute {node.subname} of type {_name(key)} to {new_name}")
