"""CREATE PUBLICATION, kept as its statement (replay/opaque.py) with its tables schema-qualified; ALTER
PUBLICATION ADD / SET / DROP TABLE and SET (options), RENAME, DROP, COMMENT ON. A dropped table leaves the
publication (the server does not refuse the DROP). Row filters, column lists and TABLES IN SCHEMA depend on
columns and schemas in ways the model does not follow: reported. CREATE SUBSCRIPTION connects to another
server when it runs: reported."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import split_key
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created
from consolidator.replay.registry import STATEMENTS

_PUBLISH = ("insert", "update", "delete", "truncate")
A = enums.AlterPublicationAction


def key_of(name: str) -> str:
    return f"publication:{name}"


def _check_options(options: Any) -> None:
    seen = set()
    for option in options or ():
        if option.defname in seen:
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        seen.add(option.defname)
        if option.defname == "publish":
            for word in (opaque.def_word(option.arg) or "").split(","):
                if word.strip() not in _PUBLISH:
                    raise PgError(SqlState.SYNTAX_ERROR, f'unrecognized "publish" value: "{word.strip()}"')
        elif option.defname != "publish_via_partition_root":
            raise PgError(SqlState.SYNTAX_ERROR, f'unrecognized publication parameter: "{option.defname}"')


_NOT_A_TABLE = {"index": "an index", "constraint index": "an index", "composite type": "a composite type"}


def _tables(ctx: ReplayContext, pubobjects: Any, adding: bool = True) -> list[str]:
    """The tables a FOR TABLE / ADD / SET / DROP TABLE list names, each once, schema-qualified in the node. As
    OpenTableList does, every name is opened first (42P01; 42809 for an index or a composite type), then, for a
    list that adds, each must be a permanent table (22023 for a view, sequence, foreign or unlogged table)."""
    keys = []
    for spec in pubobjects or ():
        if spec.pubobjtype != enums.PublicationObjSpecType.PUBLICATIONOBJ_TABLE or spec.pubtable is None:
            raise NotModelled("a publication of TABLES IN SCHEMA is not modelled")
        table = spec.pubtable
        if table.whereClause is not None or table.columns:
            raise NotModelled("a publication's row filter or column list is not modelled")
        key = ctx.relation_key(table.relation)
        kind = ctx.catalog.relation_kind(key)
        if kind is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{table.relation.relname}" does not exist')
        if kind in _NOT_A_TABLE:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{table.relation.relname}" is {_NOT_A_TABLE[kind]}')
        table.relation.schemaname = split_key(key)[0]
        if key not in keys:  # a table named twice is added once
            keys.append(key)
    for key in keys if adding else ():
        if ctx.catalog.relation_kind(key) != "table" or ctx.catalog.tables[key].unlogged:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE,
                          f'cannot add relation "{split_key(key)[1]}" to publication')
    return keys


def members(obj) -> list[str]:
    return [key for kind, key in obj.depends if kind == Kind.TABLE.value]


@STATEMENTS.register("CreatePublicationStmt")
def create_publication(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE PUBLICATION")
    _check_options(node.options)
    tables = _tables(ctx, node.pubobjects)
    duplicate = (SqlState.DUPLICATE_OBJECT, f'publication "{node.pubname}" already exists')
    if key_of(node.pubname) in ctx.catalog.opaques:
        raise PgError(*duplicate)
    name, node.pubname = node.pubname, opaque.OPAQUE_SELF
    obj = opaque.new(ctx, kind="publication", key=key_of(name), name=name, schema=None,
                     statement=opaque.deparse(node), what="PUBLICATION", target=opaque.OPAQUE_SELF,
                     depends=[opaque.dep(Kind.TABLE, t) for t in tables])
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created publication {name} (kept as its statement)")


_lookup = opaque.register_unqualified("OBJECT_PUBLICATION", key_of, "publication")


@STATEMENTS.register("AlterPublicationStmt")
def alter_publication(ctx: ReplayContext, node: Any) -> Effects:
    from pglast import ast

    opaque.require_plain(ctx, "ALTER PUBLICATION")
    found = _lookup(ctx, ast.String(sval=node.pubname), False)
    current = members(found)
    others = [d for d in found.depends if d[0] != Kind.TABLE.value]
    if node.for_all_tables:
        raise NotModelled("ALTER PUBLICATION ... FOR ALL TABLES is not modelled")
    if node.options:
        _check_options(node.options)
        tables = current
    else:
        named = _tables(ctx, node.pubobjects, adding=node.action != A.AP_DropObjects)
        if node.action == A.AP_AddObjects:
            already = [t for t in named if t in current]
            if already:
                raise PgError(SqlState.DUPLICATE_OBJECT, f'relation "{split_key(already[0])[1]}" is already member '
                                                         f'of publication "{found.name}"')
            tables = current + named
        elif node.action == A.AP_DropObjects:
            missing = [t for t in named if t not in current]
            if missing:
                raise PgError(SqlState.UNDEFINED_OBJECT,
                              f'relation "{split_key(missing[0])[1]}" is not part of the publication')
            tables = [t for t in current if t not in named]
        else:
            tables = named
    node.pubname = opaque.OPAQUE_SELF
    statements = [*found.statements, opaque.deparse(node)]
    ctx.catalog.set_opaque_statements(found.key, statements, others + [opaque.dep(Kind.TABLE, t) for t in tables],
                                      ctx.span)
    return altered(opaque.ref(found), "tables", f"altered publication {found.name}")


@STATEMENTS.register("CreateSubscriptionStmt")
def create_subscription(ctx: ReplayContext, node: Any) -> Effects:
    raise NotModelled("CREATE SUBSCRIPTION connects to another server when it runs: not modelled")


