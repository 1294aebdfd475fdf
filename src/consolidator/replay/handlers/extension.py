"""CREATE EXTENSION, and what DROP EXTENSION takes with it (the DROP skeleton is in drop.py)."""

from __future__ import annotations

import re
from typing import Any

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Extension
from consolidator.parse.expressions import string_value
from consolidator.replay import extensions
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, created, skipped
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateExtensionStmt")
def create_extension(ctx: ReplayContext, node: Any) -> Effects:
    ref = Ref(Kind.EXTENSION, node.extname)
    if node.extname in ctx.catalog.extensions:
        if node.if_not_exists:
            return skipped(ref, f"extension {node.extname} already exists, skipped (IF NOT EXISTS)", exists=True)
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
    return created(ref, f"created extension {node.extname}")


_CALL = re.compile(r'([A-Za-z_][A-Za-z0-9_$]*)"?\s*\(')


def drop_extensions(ctx: ReplayContext, names: list[str], cascade: bool) -> None:
    for name in names:
        _drop_dependents(ctx, name, cascade)
        ctx.catalog.drop_extension(name)


def _drop_dependents(ctx: ReplayContext, name: str, cascade: bool) -> None:
    """Columns of the extension's types, defaults calling its functions and indexes using its operator classes depend
    on it (known extensions only): 2BP01 without CASCADE; with it they go."""
    catalog = ctx.catalog
    types, functions = extensions.types_of(name), extensions.functions_of(name)
    columns = [(t.key, c.name) for t in catalog.tables.values() for c in t.columns
               if c.type.origin == "extension" and c.type.name in types]
    defaults = [(t.key, c.name) for t in catalog.tables.values() for c in t.columns
                if c.default is not None and set(_CALL.findall(c.default.render())) & functions]
    indexes = [i.key for i in catalog.indexes.values()
               if any(extensions.provider_of_opclass(e.opclass or "") == name for e in i.elements)]
    if (columns or defaults or indexes) and not cascade:
        raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop extension {name} because other objects depend on it")
    for key in indexes:
        if key in catalog.indexes:
            catalog.drop_index(key, cascade=True)
    for table_key, column in columns:
        if catalog.table(table_key).column(column) is not None:
            catalog.drop_column(table_key, column, cascade=True)
    for table_key, column in defaults:
        if (table_key, column) not in columns:
            catalog.set_column_default(table_key, column, None, None)
