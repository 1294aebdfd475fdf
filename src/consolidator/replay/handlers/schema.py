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
        catalog = ctx.catalog
        inside = lambda store: [k for k in store if split_key(k)[0] == name]  # noqa: E731
        extensions = [e.name for e in catalog.extensions.values() if e.schema_name == name]
        stores = (catalog.tables, catalog.sequences, catalog.types, catalog.indexes)
        if any(inside(store) for store in stores) or extensions:
            if node.behavior != enums.DropBehavior.DROP_CASCADE:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop schema {name} because other objects depend on it")
            tables = inside(catalog.tables)
            for key in tables:  # their indexes and owned sequences go with them
                catalog.drop_table(key, cascade=True, together=frozenset(tables))
            for key in inside(catalog.sequences):
                catalog.drop_sequence(key, cascade=True)
            for key in inside(catalog.types):
                catalog.drop_type(key, cascade=True)
            for ext in extensions:
                catalog.drop_extension(ext)
        del ctx.catalog.schemas[name]
        done.append(f"dropped schema {name}")
    return "; ".join(done)
