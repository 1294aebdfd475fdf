"""ALTER TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE / DOMAIN ... SET SCHEMA (functions and procedures: in
routine.py). The object's dependents move with it (model/mutators/set_schema.py)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.model.objects import DomainType
from consolidator.parse.expressions import names
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, renamed, skipped
from consolidator.replay.registry import STATEMENTS

O = enums.ObjectType
_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
_RELATION_WORD = {O.OBJECT_VIEW: "view", O.OBJECT_MATVIEW: "materialized view", O.OBJECT_SEQUENCE: "sequence"}


def _target_schema(node: Any) -> str:
    if node.newschema in _SYSTEM_SCHEMAS:
        raise NotModelled(f"SET SCHEMA {node.newschema} (a schema of the server's own) is not modelled")
    return node.newschema


def _relation(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    catalog = ctx.catalog
    skip = ctx.missing_relation(key, node.missing_ok)
    if skip:
        return skipped(Ref(Kind.TABLE, key), skip)
    if key in catalog.tables:
        kind, actual = Kind.TABLE, "table"
    elif key in catalog.views:
        kind, actual = Kind.VIEW, catalog.views[key].kind
    elif key in catalog.sequences:
        kind, actual = Kind.SEQUENCE, "sequence"
    elif catalog.relation_kind(key) is not None or catalog.knows_unmodelled("relation", key):
        raise NotModelled(f"SET SCHEMA of {split_key(key)[1]} ({catalog.relation_kind(key) or 'not held by the model'}) "
                          "is not modelled")
    else:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
    wanted = _RELATION_WORD.get(node.objectType)
    if wanted is not None and wanted != actual:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not a {wanted}')
    new_key = catalog.set_relation_schema(key, _target_schema(node), ctx.span)
    return renamed(Ref(kind, key), Ref(kind, new_key), f"moved {actual} {split_key(key)[1]} to schema {node.newschema}")


def _type(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.key_of(names(node.object), "type")
    catalog = ctx.catalog
    if node.objectType == O.OBJECT_DOMAIN:
        ctx.refuse_other_type_as_domain(names(node.object))
    name = split_key(key)[1]
    if key not in catalog.types:
        if key in catalog.tables or key in catalog.views:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{name} is a table's row type")
        if catalog.type_named(key) is not None or catalog.knows_unmodelled("relation", key) or catalog.extensions:
            raise NotModelled(f"SET SCHEMA of type {name}, which the model does not hold whole, is not modelled")
        if node.missing_ok:
            return skipped(None, f"type {name} does not exist, skipped (IF EXISTS)")
        raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{name}" does not exist')
    if node.objectType == O.OBJECT_DOMAIN and not isinstance(catalog.types[key], DomainType):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{name} is not a domain")
    new_key = catalog.set_type_schema(key, _target_schema(node), ctx.span)
    return renamed(Ref(Kind.TYPE, key), Ref(Kind.TYPE, new_key), f"moved type {name} to schema {node.newschema}")


for _kind in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE"):
    STATEMENTS.register(("AlterObjectSchemaStmt", _kind))(_relation)
for _kind in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
    STATEMENTS.register(("AlterObjectSchemaStmt", _kind))(_type)
