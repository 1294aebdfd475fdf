"""CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE / RENAME (DROP TYPE is in drop.py)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import EnumType
from consolidator.parse.expressions import names
from consolidator.replay import enum_labels
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, renamed, skipped
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateEnumStmt")
def create_enum(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.creation_key(names(node.typeName))
    labels = names(node.vals)
    if key in ctx.catalog.types or key in ctx.catalog.tables:  # TypeCreate comes before the labels are stored
        raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{split_key(key)[1]}" already exists')
    for label in labels:
        if labels.count(label) > 1:
            # The server does not check: the second pg_enum row trips the catalog's unique index.
            raise PgError(SqlState.UNIQUE_VIOLATION,
                          'duplicate key value violates unique constraint "pg_enum_typid_label_index"')
    ctx.catalog.add_type(EnumType(key=key, labels=labels, provenance=ctx.provenance()))
    return created(Ref(Kind.TYPE, key), f"created enum type {split_key(key)[1]} ({', '.join(labels)})")


@STATEMENTS.register("AlterEnumStmt")
def alter_enum(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.key_of(names(node.typeName))
    enum = ctx.catalog.enum(key)
    name, ref = split_key(key)[1], Ref(Kind.TYPE, key)
    if node.oldVal:
        if node.oldVal not in enum.labels:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'"{node.oldVal}" is not an existing enum label')
        if node.newVal in enum.labels:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'enum label "{node.newVal}" already exists')
        expressions = enum_labels.retarget(ctx.catalog, key, node.oldVal, node.newVal)
        ctx.catalog.rename_enum_label(key, node.oldVal, node.newVal, ctx.span, expressions)
        return altered(ref, "labels", f"renamed value {node.oldVal} of enum {name} to {node.newVal}")
    if node.newVal in enum.labels:
        if node.skipIfNewValExists:
            return skipped(ref, f"enum {name} already has value {node.newVal}, skipped (IF NOT EXISTS)")
        raise PgError(SqlState.DUPLICATE_OBJECT, f'enum label "{node.newVal}" already exists')
    if node.newValNeighbor:
        if node.newValNeighbor not in enum.labels:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'"{node.newValNeighbor}" is not an existing enum label')
        at = enum.labels.index(node.newValNeighbor) + (1 if node.newValIsAfter else 0)
    else:
        at = len(enum.labels)
    ctx.catalog.add_enum_label(key, node.newVal, at, ctx.span)
    return altered(ref, "labels", f"added value {node.newVal} to enum {name}")


@STATEMENTS.register(("RenameStmt", "OBJECT_TYPE"))
def rename_type(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.key_of(names(node.object))
    new_key = ctx.key(truncate(node.newname), split_key(key)[0])
    ctx.catalog.rename_type(key, new_key, ctx.span)
    return renamed(Ref(Kind.TYPE, key), Ref(Kind.TYPE, new_key), f"renamed type {split_key(key)[1]} to {split_key(new_key)[1]}")
