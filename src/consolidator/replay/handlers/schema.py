"""CREATE SCHEMA, DROP SCHEMA."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Schema
from consolidator.parse.expressions import string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateSchemaStmt")
def create_schema(ctx: ReplayContext, node: Any) -> str:
    if node.schemaElts:
        raise NotModelled("CREATE SCHEMA with schema elements is not modelled yet")
    if not node.schemaname:
        raise NotModelled("CREATE SCHEMA AUTHORIZATION is not modelled yet")
    if ctx.catalog.schema_exists(node.schemaname) and node.if_not_exists:
        return f"schema {node.schemaname} already exists, skipped (IF NOT EXISTS)"
    ctx.catalog.add_schema(Schema(name=node.schemaname, provenance=ctx.provenance()))
    return f"created schema {node.schemaname}"


@STATEMENTS.register(("DropStmt", "OBJECT_SCHEMA"))
def drop_schema(ctx: ReplayContext, node: Any) -> str:
    done = []
    for obj in node.objects or ():
        name = string_value(obj)
        if name not in ctx.catalog.schemas:
            if node.missing_ok:
                done.append(f"schema {name} does not exist, skipped (IF EXISTS)")
                continue
            raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{name}" does not exist')
        stores = (ctx.catalog.tables, ctx.catalog.sequences, ctx.catalog.types, ctx.catalog.indexes)
        if any(split_key(k)[0] == name for store in stores for k in store):
            if node.behavior != enums.DropBehavior.DROP_CASCADE:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop schema {name} because other objects depend on it")
            raise NotModelled("DROP SCHEMA ... CASCADE of a schema with objects is not modelled yet")
        del ctx.catalog.schemas[name]
        done.append(f"dropped schema {name}")
    return "; ".join(done)
