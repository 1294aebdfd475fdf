"""DROP TABLE / INDEX / SEQUENCE / TYPE / SCHEMA / EXTENSION: one skeleton, one rule per kind.

As the server's RemoveRelations and RemoveObjects do: every name is looked up first, in the order written
(a missing one fails, or is skipped with IF EXISTS; one of another kind is 42809), then they are dropped
together, so that dependencies among them do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, dropped, skipped
from consolidator.replay.handlers.extension import drop_extensions
from consolidator.replay.registry import STATEMENTS


def _name(key: str) -> str:
    return split_key(key)[1] if "." in key else key


@dataclass(frozen=True)
class DropRule:
    noun: str
    kind: Kind
    found: Callable[[ReplayContext, str], bool]  # whether it exists; PgError when the name is another kind's
    missing: tuple[str, str]  # (SQLSTATE, message with {name})
    drop: Callable[[ReplayContext, list[str], bool], None]  # drop these, together
    targets: Callable[[ReplayContext, Any], list[str]] = lambda ctx, node: ctx.drop_targets(node)


def _register(object_type: str, rule: DropRule) -> None:
    @STATEMENTS.register(("DropStmt", object_type))
    def drop(ctx: ReplayContext, node: Any) -> Effects:
        if getattr(node, "concurrent", False) and ctx.in_transaction_block:
            raise PgError(SqlState.ACTIVE_SQL_TRANSACTION, f"DROP {rule.noun.upper()} CONCURRENTLY cannot run inside a transaction block")
        effects, found = [], []
        for key in rule.targets(ctx, node):
            if rule.found(ctx, key):
                found.append(key)
                effects.append(dropped(Ref(rule.kind, key), f"dropped {rule.noun} {_name(key)}"))
            elif node.missing_ok:
                effects.append(skipped(Ref(rule.kind, key), f"{rule.noun} {_name(key)} does not exist, skipped (IF EXISTS)"))
            else:
                sqlstate, message = rule.missing
                raise PgError(sqlstate, message.format(name=_name(key)))
        rule.drop(ctx, found, node.behavior == enums.DropBehavior.DROP_CASCADE)
        return effects


def _view(materialized: bool) -> Callable[[ReplayContext, str], bool]:
    def found(ctx: ReplayContext, key: str) -> bool:
        view = ctx.catalog.views.get(key)
        if view is not None and view.materialized == materialized:
            return True
        if ctx.catalog.relation_kind(key) is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE,
                          f'"{_name(key)}" is not a {"materialized view" if materialized else "view"}')
        return False
    return found


def _drop_views(ctx: ReplayContext, keys: list[str], cascade: bool) -> None:
    for key in keys:
        if key in ctx.catalog.views:  # CASCADE of an earlier one may have taken it
            ctx.catalog.drop_view(key, cascade=cascade, together=frozenset(keys))


def _relation(store: str, noun: str) -> Callable[[ReplayContext, str], bool]:
    def found(ctx: ReplayContext, key: str) -> bool:
        if key in getattr(ctx.catalog, store):
            return True
        if ctx.catalog.relation_kind(key) is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not {noun}')
        return False
    return found


def _index_found(ctx: ReplayContext, key: str) -> bool:
    if key in ctx.catalog.indexes or ctx.catalog.constraint_of_index(key) is not None:
        return True  # the index of a key constraint: drop_index says the constraint requires it
    return _relation("indexes", "an index")(ctx, key)


def _type_found(ctx: ReplayContext, key: str) -> bool:
    for store, noun in ((ctx.catalog.tables, "table"), (ctx.catalog.views, "view")):  # a relation's row type
        if key in store:
            noun = store[key].kind if noun == "view" else noun
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {_name(key)} because {noun} {_name(key)} requires it")
    range_key = ctx.catalog.range_of_multirange(key)
    if range_key is not None:
        raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop type {_name(key)} because type {_name(range_key)} requires it")
    return key in ctx.catalog.types


def _domain_found(ctx: ReplayContext, key: str) -> bool:
    if ctx.catalog.type_display(key) is None:
        return False
    ctx.catalog.domain(key, written=_name(key))  # 42809 for a type that is not a domain, IF EXISTS or not
    return True


def _object_names(ctx: ReplayContext, node: Any) -> list[str]:
    out: list[str] = []
    for obj in node.objects or ():
        name = string_value(obj) or "".join(names([obj]))
        if name not in out:
            out.append(name)
    return out


def _schema_found(ctx: ReplayContext, name: str) -> bool:
    if name == "public":
        raise NotModelled("DROP SCHEMA public is not modelled: the model always has the public schema")
    return name in ctx.catalog.schemas


def _each(method: str) -> Callable[[ReplayContext, list[str], bool], None]:
    def drop(ctx: ReplayContext, keys: list[str], cascade: bool) -> None:
        for key in keys:
            getattr(ctx.catalog, method)(key, cascade=cascade)
    return drop


def _drop_types(ctx: ReplayContext, keys: list[str], cascade: bool) -> None:
    for key in keys:
        if key in ctx.catalog.types:  # CASCADE of an earlier one may have taken it
            ctx.catalog.drop_type(key, cascade=cascade, together=frozenset(keys))


def _drop_tables(ctx: ReplayContext, keys: list[str], cascade: bool) -> None:
    for key in keys:
        if key in ctx.catalog.tables:  # a partition dropped with its parent, named in the same statement
            ctx.catalog.drop_table(key, cascade=cascade, together=frozenset(keys))


_register("OBJECT_TABLE", DropRule(
    "table", Kind.TABLE, _relation("tables", "a table"), (SqlState.UNDEFINED_TABLE, 'table "{name}" does not exist'),
    _drop_tables))
_register("OBJECT_VIEW", DropRule(
    "view", Kind.VIEW, _view(False), (SqlState.UNDEFINED_TABLE, 'view "{name}" does not exist'), _drop_views))
_register("OBJECT_MATVIEW", DropRule(
    "materialized view", Kind.VIEW, _view(True), (SqlState.UNDEFINED_TABLE, 'materialized view "{name}" does not exist'),
    _drop_views))
_register("OBJECT_INDEX", DropRule(
    "index", Kind.INDEX, _index_found, (SqlState.UNDEFINED_OBJECT, 'index "{name}" does not exist'), _each("drop_index")))
_register("OBJECT_SEQUENCE", DropRule(
    "sequence", Kind.SEQUENCE, _relation("sequences", "a sequence"),
    (SqlState.UNDEFINED_TABLE, 'sequence "{name}" does not exist'), _each("drop_sequence")))
_register("OBJECT_TYPE", DropRule(
    "type", Kind.TYPE, _type_found, (SqlState.UNDEFINED_OBJECT, 'type "{name}" does not exist'), _drop_types))
_register("OBJECT_DOMAIN", DropRule(
    "domain", Kind.TYPE, _domain_found, (SqlState.UNDEFINED_OBJECT, 'type "{name}" does not exist'), _drop_types,
    targets=lambda ctx, node: ctx.drop_targets(node, ctx.type_lookup_key)))
_register("OBJECT_SCHEMA", DropRule(
    "schema", Kind.SCHEMA, _schema_found, (SqlState.UNDEFINED_SCHEMA, 'schema "{name}" does not exist'),
    _each("drop_schema"), targets=_object_names))
_register("OBJECT_EXTENSION", DropRule(
    "extension", Kind.EXTENSION, lambda ctx, name: name in ctx.catalog.extensions,
    (SqlState.UNDEFINED_OBJECT, 'extension "{name}" does not exist'), drop_extensions, targets=_object_names))
