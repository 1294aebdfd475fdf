"""CREATE SCHEMA (DROP SCHEMA is in drop.py)."""

from __future__ import annotations

from typing import Any

from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Schema
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateSchemaStmt")
def create_schema(ctx: ReplayContext, node: Any) -> Effects:
    if node.schemaElts:
        raise NotModelled("CREATE SCHEMA with schema elements is not modelled yet")
    if not node.schemaname:
        raise NotModelled("CREATE SCHEMA AUTHORIZATION is not modelled yet")
    ref = Ref(Kind.SCHEMA, node.schemaname)
    if ctx.catalog.schema_exists(node.schemaname) and node.if_not_exists:
        return skipped(ref, f"schema {node.schemaname} already exists, skipped (IF NOT EXISTS)", exists=True)
    ctx.catalog.add_schema(Schema(name=node.schemaname, provenance=ctx.provenance()))
    return created(ref, f"created schema {node.schemaname}")
