"""CREATE EXTENSION, DROP EXTENSION."""

from __future__ import annotations

import re
from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.objects import Extension
from consolidator.parse.expressions import names, string_value
from consolidator.replay import extensions
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
        if name in ctx.catalog.extensions:
            _drop_dependents(ctx, name, cascade=node.behavior == enums.DropBehavior.DROP_CASCADE)
        ctx.catalog.drop_extension(name)
        done.append(f"dropped extension {name}")
    return "; ".join(done)


_CALL = re.compile(r'([A-Za-z_][A-Za-z0-9_$]*)"?\s*\(')


def _drop_dependents(ctx: ReplayContext, name: str, cascade: bool) -> None:
    """Columns of the extension's types, defaults calling its functions and indexes using its operator classes depend
    on it (known extensions only): 2BP01 without CASCADE; with it they go."""
    types, functions = extensions.types_of(name), extensions.functions_of(name)
    columns = [(t.key, c.name) for t in ctx.catalog.tables.values() for c in t.columns
               if c.type.rstrip("[]") in types]
    defaults = [(t.key, c.name) for t in ctx.catalog.tables.values() for c in t.columns
                if c.default is not None and set(_CALL.findall(c.default.render())) & functions]
    indexes = [i.key for i in ctx.catalog.indexes.values()
               if any(extensions.provider_of_opclass(e.opclass or "") == name for e in i.elements)]
    if (columns or defaults or indexes) and not cascade:
        raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop extension {name} because other objects depend on it")
    for key in indexes:
        ctx.catalog.drop_index(key, cascade=True)
    for table_key, column in columns:
        ctx.catalog.drop_column(table_key, column, cascade=True)
    for table_key, column in defaults:
        if (table_key, column) not in columns:
            ctx.catalog.column(table_key, column).default = None
