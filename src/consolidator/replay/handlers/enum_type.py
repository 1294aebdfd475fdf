"""CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE / RENAME, DROP TYPE."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import EnumType
from consolidator.parse.expressions import names
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS


def _type_key(ctx: ReplayContext, parts: list[str]) -> str:
    return ctx.key(parts[-1], parts[-2] if len(parts) > 1 else None)


@STATEMENTS.register("CreateEnumStmt")
def create_enum(ctx: ReplayContext, node: Any) -> str:
    key = _type_key(ctx, names(node.typeName))
    labels = names(node.vals)
    if key in ctx.catalog.types or key in ctx.catalog.tables:  # TypeCreate comes before the labels are stored
        raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{split_key(key)[1]}" already exists')
    for label in labels:
        if labels.count(label) > 1:
            # The server does not check: the second pg_enum row trips the catalog's unique index.
            raise PgError("23505",
                          'duplicate key value violates unique constraint "pg_enum_typid_label_index"')
    ctx.catalog.add_type(EnumType(key=key, labels=labels, provenance=ctx.provenance()))
    return f"created enum type {split_key(key)[1]} ({', '.join(labels)})"


@STATEMENTS.register("AlterEnumStmt")
def alter_enum(ctx: ReplayContext, node: Any) -> str:
    key = _type_key(ctx, names(node.typeName))
    enum = ctx.catalog.enum(key)
    name = split_key(key)[1]
    if node.oldVal:
        if node.oldVal not in enum.labels:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'"{node.oldVal}" is not an existing enum label')
        if node.newVal in enum.labels:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'enum label "{node.newVal}" already exists')
        enum.labels[enum.labels.index(node.oldVal)] = node.newVal
        enum.provenance.touch(ctx.span)
        return f"renamed value {node.oldVal} of enum {name} to {node.newVal}"
    if node.newVal in enum.labels:
        if node.skipIfNewValExists:
            return f"enum {name} already has value {node.newVal}, skipped (IF NOT EXISTS)"
        raise PgError(SqlState.DUPLICATE_OBJECT, f'enum label "{node.newVal}" already exists')
    if node.newValNeighbor:
        if node.newValNeighbor not in enum.labels:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'"{node.newValNeighbor}" is not an existing enum label')
        at = enum.labels.index(node.newValNeighbor) + (1 if node.newValIsAfter else 0)
    else:
        at = len(enum.labels)
    enum.labels.insert(at, node.newVal)
    ctx.catalog.add_uncommitted_label(key, node.newVal)
    enum.provenance.touch(ctx.span)
    return f"added value {node.newVal} to enum {name}"


@STATEMENTS.register(("RenameStmt", "OBJECT_TYPE"))
def rename_type(ctx: ReplayContext, node: Any) -> str:
    key = _type_key(ctx, names(node.object))
    new_key = ctx.key(truncate(node.newname), split_key(key)[0])
    ctx.catalog.rename_type(key, new_key, ctx.span)
    return f"renamed type {split_key(key)[1]} to {split_key(new_key)[1]}"


@STATEMENTS.register(("DropStmt", "OBJECT_TYPE"))
def drop_type(ctx: ReplayContext, node: Any) -> str:
    done = []
    for key in ctx.drop_targets(node):
        if key in ctx.catalog.tables:  # a table's row type
            name = split_key(key)[1]
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, f"cannot drop type {name} because table {name} requires it")
        if key not in ctx.catalog.types:
            if node.missing_ok:
                done.append(f"type {split_key(key)[1]} does not exist, skipped (IF EXISTS)")
                continue
        ctx.catalog.drop_type(key, cascade=node.behavior == enums.DropBehavior.DROP_CASCADE)
        done.append(f"dropped type {split_key(key)[1]}")
    return "; ".join(done)


@STATEMENTS.register("CompositeTypeStmt", "CreateDomainStmt", "CreateRangeStmt")
def other_types(ctx: ReplayContext, node: Any) -> str:
    raise NotModelled("composite, domain and range types are not modelled yet")
