"""ALTER ... OWNER TO for every kind the model holds: the old owner's privileges become the new owner's (aclnewowner),
and a table's owned sequences follow it, as on the server (tablecmds.c, alter.c)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.mutators.privileges import Target
from consolidator.model.names import split_key
from consolidator.model.objects import DomainType
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, noted, skipped
from consolidator.replay.handlers.grant import role_name, schema_target
from consolidator.replay.handlers.routine import find_routine
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

O = enums.ObjectType
A = enums.AlterTableType
_KIND_OF_STORE = {"tables": Kind.TABLE, "views": Kind.VIEW, "sequences": Kind.SEQUENCE, "functions": Kind.FUNCTION,
                  "types": Kind.TYPE, "schemas": Kind.SCHEMA, "builtin_schemas": Kind.SCHEMA}


def _new_owner(ctx: ReplayContext, spec: Any) -> str:
    name = role_name(spec)
    ctx.catalog.require_role(name)
    return name


def change_owner(ctx: ReplayContext, target: Target, owner: str) -> Effects:
    catalog = ctx.catalog
    changed = catalog.set_owner(target, owner, ctx.span)
    if target.store == "tables":
        for seq in catalog.sequences_owned_by(target.key):
            catalog.set_owner(Target("sequences", seq.key), owner, None)
    ref = Ref(_KIND_OF_STORE[target.store], target.key)
    name = split_key(target.key)[1] if "." in target.key else target.key
    return altered(ref, "owner", f"{'changed the owner of' if changed else 'kept the owner of'} {name} ({owner})")


# ---- ALTER TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE ... OWNER TO ------------------------------------------

_NOT_A = {O.OBJECT_VIEW: "view", O.OBJECT_MATVIEW: "materialized view", O.OBJECT_SEQUENCE: "sequence",
          O.OBJECT_FOREIGN_TABLE: "foreign table"}


@STATEMENTS.register(("AlterTableStmt", "OWNER"))
def alter_relation_owner(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    catalog = ctx.catalog
    skip = ctx.missing_relation(key, node.missing_ok)
    if skip:
        return skipped(Ref(Kind.TABLE, key), skip)
    store = ("tables" if key in catalog.tables else "views" if key in catalog.views
             else "sequences" if key in catalog.sequences else None)
    is_index = key in catalog.indexes or catalog.constraint_of_index(key) is not None
    if node.objtype == O.OBJECT_INDEX and not is_index and catalog.relation_kind(key) is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not an index')  # before the role
    if is_index and node.objtype in _NOT_A:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not a {_NOT_A[node.objtype]}')
    if is_index:
        for cmd in node.cmds:
            _new_owner(ctx, cmd.newowner)
        return noted(f"an index's owner is its table's: OWNER TO {split_key(key)[1]} changes nothing (the server warns)")
    if store is None:
        if catalog.relation_kind(key) is not None or catalog.knows_unmodelled("relation", key):
            raise NotModelled(f"OWNER TO of {split_key(key)[1]}, which the model does not hold, is not modelled")
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
    wanted = _NOT_A.get(node.objtype)
    actual = {"tables": "table", "views": catalog.views[key].kind if store == "views" else "", "sequences": "sequence"}[store]
    if wanted is not None and wanted != actual:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not a {wanted}')
    effects = []
    for cmd in node.cmds:
        effects += _relation_owner(ctx, Target(store, key), cmd)
    return effects


def _relation_owner(ctx: ReplayContext, target: Target, cmd: Any) -> list:
    owner = _new_owner(ctx, cmd.newowner)
    catalog = ctx.catalog
    if target.store == "sequences":
        seq = catalog.sequences[target.key]
        if seq.owned_by is not None and catalog.owner_of(Target("sequences", target.key)) != owner:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                          f'cannot change owner of sequence "{split_key(target.key)[1]}"')
    effect = change_owner(ctx, target, owner)
    return effect if isinstance(effect, list) else [effect]


@ALTER_TABLE.register(A.AT_ChangeOwner)
def _table_owner(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    return _relation_owner(ctx, Target("tables", table_key), cmd)


# ---- ALTER SCHEMA / TYPE / DOMAIN / FUNCTION / PROCEDURE / ROUTINE ... OWNER TO -----------------------------

def _schema(ctx: ReplayContext, node: Any) -> Target:
    return schema_target(ctx, string_value(node.object))


def _type(ctx: ReplayContext, node: Any) -> Target:
    parts = names(node.object)
    key = ctx.key_of(parts, "type")
    catalog = ctx.catalog
    if node.objectType == O.OBJECT_DOMAIN:
        ctx.refuse_other_type_as_domain(parts)
    name = split_key(key)[1]
    if key not in catalog.types:
        if key in catalog.tables or key in catalog.views:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{name} is a table's row type")
        if catalog.type_named(key) is not None:
            raise NotModelled("OWNER TO of a multirange type is not modelled")
        if catalog.knows_unmodelled("relation", key) or catalog.extensions:
            raise NotModelled(f"OWNER TO of type {name}, which the model does not hold, is not modelled")
        raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{name}" does not exist')
    if node.objectType == O.OBJECT_DOMAIN and not isinstance(catalog.types[key], DomainType):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{name} is not a domain")
    return Target("types", key)


def _function(ctx: ReplayContext, node: Any) -> Target:
    return Target("functions", find_routine(ctx, node.object, node.objectType.name[7:].lower()).key)


_FINDERS = {"OBJECT_SCHEMA": _schema, "OBJECT_TYPE": _type, "OBJECT_DOMAIN": _type, "OBJECT_FUNCTION": _function,
            "OBJECT_PROCEDURE": _function, "OBJECT_ROUTINE": _function}


def _alter_owner(ctx: ReplayContext, node: Any) -> Effects:
    owner = _new_owner(ctx, node.newowner)
    target = _FINDERS[node.objectType.name](ctx, node)
    return change_owner(ctx, target, owner)


for _kind in _FINDERS:
    STATEMENTS.register(("AlterOwnerStmt", _kind))(_alter_owner)
