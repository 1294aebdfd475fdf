"""CREATE EXTENSION, DROP EXTENSION."""

from __future__ import annotations

from typing import Any

from consolidator.errors import PgError, SqlState
from consolidator.model.objects import Extension
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateExtensionStmt")
def create_extension(ctx: ReplayContext, node: Any) -> str:
    if node.extname in ctx.catalog.extensions:
        if node.if_not_exists:
            return f"extension {node.extname} already exists, skipped (IF NOT EXISTS)"
        raise PgError(SqlState.DUPLICATE_OBJECT, f'extension "{node.extname}" already exists')
    schema, version = "public", None
    for opt in node.options or ():
        if opt.defname == "schema":
            schema = string_value(opt.arg) or schema
        elif opt.defname == "new_version":
            version = string_value(opt.arg)
        elif opt.defname == "cascade":
            raise NotModelled("CREATE EXTENSION ... CASCADE is not modelled yet")
    ctx.catalog.add_extension(Extension(name=node.extname, schema_name=schema, version=version,
                                        provenance=ctx.provenance()))
    return f"created extension {node.extname}"


@STATEMENTS.register(("DropStmt", "OBJECT_EXTENSION"))
def drop_extension(ctx: ReplayContext, node: Any) -> str:
    done = []
    for obj in node.objects or ():
        name = string_value(obj) or "".join(names([obj]))
        if name not in ctx.catalog.extensions and node.missing_ok:
            done.append(f"extension {name} does not exist, skipped (IF EXISTS)")
            continue
        ctx.catalog.drop_extension(name)
        done.append(f"dropped extension {name}")
    return "; ".join(done)
