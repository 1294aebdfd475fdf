"""Foreign-data wrappers, servers, user mappings and foreign tables, kept as their statements (replay/opaque.py).

An extension's wrapper (postgres_fdw, file_fdw, dblink_fdw) exists once the extension does. The options of a
server, a user mapping or a foreign table are checked by the wrapper's validator on the server, which the model
does not run: they are kept as written. A user mapping for a named role needs that role on the target server
(roles are server-wide): reported. A foreign table is a relation (its name is taken), kept as its statement; its
columns are not modelled, so a view over it or an ALTER of it is reported."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import qualify, split_key
from consolidator.parse.expressions import names
from consolidator.pg15 import extensions as contrib
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, skipped
from consolidator.replay.registry import STATEMENTS

R = enums.RoleSpecType
_CURRENT = {R.ROLESPEC_CURRENT_USER: "CURRENT_USER", R.ROLESPEC_CURRENT_ROLE: "CURRENT_USER",
            R.ROLESPEC_SESSION_USER: "CURRENT_USER", R.ROLESPEC_PUBLIC: "PUBLIC"}


def fdw_key(name: str) -> str:
    return f"foreign-data wrapper:{name}"


def server_key(name: str) -> str:
    return f"server:{name}"


def mapping_key(user: str, server: str) -> str:
    return f"user mapping:{user} SERVER {server}"


def _mapping(ctx: ReplayContext, user: str, server) -> Any:
    """The user mapping of the user on the server (its key keeps the server's name when it was created)."""
    owner = opaque.dep(Kind.OPAQUE, server.key)
    return next((o for o in ctx.catalog.opaques.values()
                 if o.kind == "user mapping" and o.owner == owner and o.name == f"for {user}"), None)


def table_key(relation_key: str) -> str:
    return f"foreign table:{relation_key}"


def _extension_fdw(ctx: ReplayContext, name: str) -> str | None:
    """The installed extension that brings the wrapper, if one does."""
    for ext in sorted(ctx.catalog.extensions):
        known = contrib.extension(ext)
        if known is None:
            raise NotModelled(f"foreign-data wrapper {name}: extension {ext} is not one PostgreSQL 15 ships")
        if ("pg_foreign_data_wrapper", f"foreign-data wrapper {name}") in known.other:
            return ext
    return None


def require_fdw(ctx: ReplayContext, name: str) -> opaque.Dep:
    if fdw_key(name) in ctx.catalog.opaques:
        return opaque.dep(Kind.OPAQUE, fdw_key(name))
    ext = _extension_fdw(ctx, name)
    if ext is None:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'foreign-data wrapper "{name}" does not exist')
    return opaque.dep(Kind.EXTENSION, ext)


def require_server(ctx: ReplayContext, name: str):
    found = ctx.catalog.opaques.get(server_key(name))
    if found is None:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'server "{name}" does not exist')
    return found


# ---- foreign-data wrappers ------------------------------------------------------------------------------


@STATEMENTS.register("CreateFdwStmt")
def create_fdw(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE FOREIGN DATA WRAPPER")
    depends = []
    for option in node.func_options or ():
        if option.arg is None:
            continue
        parts = names(option.arg)
        wanted = () if option.defname == "handler" else ("_text", "oid")
        found = opaque.find_function(ctx, parts, wanted)
        if found is None:
            shown = "" if option.defname == "handler" else "text[], oid"
            raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {'.'.join(parts)}({shown}) does not exist")
        if found is not True:
            raise NotModelled(f"a foreign-data wrapper {option.defname} written in SQL or PL/pgSQL is not modelled")
    duplicate = (SqlState.DUPLICATE_OBJECT, f'foreign-data wrapper "{node.fdwname}" already exists')
    if fdw_key(node.fdwname) in ctx.catalog.opaques or _extension_fdw(ctx, node.fdwname):
        raise PgError(*duplicate)
    name, node.fdwname = node.fdwname, opaque.OPAQUE_SELF
    obj = opaque.new(ctx, kind="foreign-data wrapper", key=fdw_key(name), name=name, schema=None,
                     statement=opaque.deparse(node), what="FOREIGN DATA WRAPPER", target=opaque.OPAQUE_SELF,
                     depends=depends)
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created foreign-data wrapper {name} (kept as its statement)")


def _lookup_fdw(ctx: ReplayContext, obj: Any, missing_ok: bool):
    found = ctx.catalog.opaques.get(fdw_key(obj.sval))
    if found is None and not missing_ok:
        if _extension_fdw(ctx, obj.sval):
            raise NotModelled(f"foreign-data wrapper {obj.sval} belongs to its extension")
        raise PgError(SqlState.UNDEFINED_OBJECT, f'foreign-data wrapper "{obj.sval}" does not exist')
    return found


opaque.register(opaque.Family(
    "OBJECT_FDW", _lookup_fdw,
    renamed=lambda o, new: (fdw_key(new), (SqlState.DUPLICATE_OBJECT, f'foreign-data wrapper "{new}" already exists'))))


@STATEMENTS.register("AlterFdwStmt")
def alter_fdw(ctx: ReplayContext, node: Any) -> Effects:
    found = _lookup_fdw(ctx, ast.String(sval=node.fdwname), False)
    if node.func_options:
        raise NotModelled("ALTER FOREIGN DATA WRAPPER ... HANDLER / VALIDATOR is not modelled")
    node.fdwname = opaque.OPAQUE_SELF
    ctx.catalog.add_opaque_statement(found.key, opaque.deparse(node), [], ctx.span)
    return altered(opaque.ref(found), "options", f"altered foreign-data wrapper {found.name}")


# ---- servers ------------------------------------------------------------------------------------------


@STATEMENTS.register("CreateForeignServerStmt")
def create_server(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE SERVER")
    duplicate = (SqlState.DUPLICATE_OBJECT, f'server "{node.servername}" already exists')
    if server_key(node.servername) in ctx.catalog.opaques:
        if node.if_not_exists:
            return skipped(None, f"server {node.servername} already exists, skipped (IF NOT EXISTS)", exists=True)
        raise PgError(*duplicate)
    fdw = require_fdw(ctx, node.fdwname)
    name, node.servername, node.if_not_exists = node.servername, opaque.OPAQUE_SELF, False
    obj = opaque.new(ctx, kind="server", key=server_key(name), name=name, schema=None, statement=opaque.deparse(node),
                     what="SERVER", target=opaque.OPAQUE_SELF, depends=[fdw])
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created server {name} (kept as its statement; its options are checked by the "
                                    "wrapper's validator on the server)")


_lookup_server = opaque.register_unqualified("OBJECT_FOREIGN_SERVER", server_key, "server")


@STATEMENTS.register("AlterForeignServerStmt")
def alter_server(ctx: ReplayContext, node: Any) -> Effects:
    found = _lookup_server(ctx, ast.String(sval=node.servername), False)
    node.servername = opaque.OPAQUE_SELF
    ctx.catalog.add_opaque_statement(found.key, opaque.deparse(node), [], ctx.span)
    return altered(opaque.ref(found), "options", f"altered server {found.name}")


# ---- user mappings ------------------------------------------------------------------------------------


def _user(node: Any) -> str:
    role = node.user
    if role.roletype in _CURRENT:
        return _CURRENT[role.roletype]
    raise NotModelled(f'a user mapping for role "{role.rolename}": roles are server-wide, the model does not know them')


@STATEMENTS.register("CreateUserMappingStmt")
def create_user_mapping(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE USER MAPPING")
    user = _user(node)
    server = require_server(ctx, node.servername)
    key = mapping_key(user, server.name)
    shown_user = "public" if user == "PUBLIC" else "current user"
    duplicate = (SqlState.DUPLICATE_OBJECT, f'user mapping for "{shown_user}" already exists for server "{server.name}"')
    if _mapping(ctx, user, server) is not None or key in ctx.catalog.opaques:
        if node.if_not_exists and _mapping(ctx, user, server) is not None:
            return skipped(None, "user mapping already exists, skipped (IF NOT EXISTS)", exists=True)
        raise PgError(*duplicate)
    node.servername, node.if_not_exists = opaque.OPAQUE_OWNER, False
    obj = opaque.new(ctx, kind="user mapping", key=key, name=f"for {user}", schema=None,
                     statement=opaque.deparse(node), what="USER MAPPING", target=f"FOR {user} SERVER {opaque.OPAQUE_OWNER}",
                     depends=[], owner=opaque.dep(Kind.OPAQUE, server.key))
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created user mapping for {user} on server {server.name} (kept as its statement)")


def _find_mapping(ctx: ReplayContext, node: Any, missing_ok: bool):
    user = _user(node)
    server = ctx.catalog.opaques.get(server_key(node.servername))
    if server is None:
        if missing_ok:
            return None
        raise PgError(SqlState.UNDEFINED_OBJECT, f'server "{node.servername}" does not exist')
    found = _mapping(ctx, user, server)
    if found is None and not missing_ok:
        raise PgError(SqlState.UNDEFINED_OBJECT,
                      f'user mapping for "{user.lower()}" does not exist for server "{server.name}"')
    return found


@STATEMENTS.register("AlterUserMappingStmt")
def alter_user_mapping(ctx: ReplayContext, node: Any) -> Effects:
    found = _find_mapping(ctx, node, False)
    node.servername = opaque.OPAQUE_OWNER
    ctx.catalog.add_opaque_statement(found.key, opaque.deparse(node), [], ctx.span)
    return altered(opaque.ref(found), "options", "altered user mapping")


@STATEMENTS.register("DropUserMappingStmt")
def drop_user_mapping(ctx: ReplayContext, node: Any) -> Effects:
    found = _find_mapping(ctx, node, bool(node.missing_ok))
    if found is None:
        return skipped(None, "user mapping does not exist, skipped (IF EXISTS)")
    ctx.catalog.drop_opaque(found.key, False, "user mapping")
    return dropped(opaque.ref(found), "dropped user mapping")


# ---- foreign tables -----------------------------------------------------------------------------------

_COLUMN_CONSTRAINTS = (enums.ConstrType.CONSTR_NOTNULL, enums.ConstrType.CONSTR_NULL)


@STATEMENTS.register("CreateForeignTableStmt")
def create_foreign_table(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE FOREIGN TABLE")
    base = node.base
    if base.inhRelations or base.partbound is not None:
        raise NotModelled("a foreign table that inherits or is a partition is not modelled")
    relation = ctx.relation_key(base.relation, create=True)
    schema, name = split_key(relation)
    ctx.catalog.require_schema(schema)
    if ctx.catalog.relation_kind(relation) is not None:
        if base.if_not_exists:
            return skipped(None, f"relation {name} already exists, skipped (IF NOT EXISTS)", exists=True)
        raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{name}" already exists')
    if ctx.catalog.type_named(relation):
        raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{name}" already exists')
    server = require_server(ctx, node.servername)
    depends = [opaque.dep(Kind.SCHEMA, schema)] if schema in ctx.catalog.schemas else []
    for element in base.tableElts or ():
        if not isinstance(element, ast.ColumnDef):
            raise NotModelled("a table constraint on a foreign table is not modelled")
        if any(c.contype not in _COLUMN_CONSTRAINTS for c in element.constraints or ()) or element.collClause:
            raise NotModelled("a foreign table column with a default, a check or a collation is not modelled")
        depends.append(opaque.type_dep(ctx, element.typeName)[3])
    depends.append(opaque.dep(Kind.OPAQUE, server.key))
    base.relation = ast.RangeVar(relname=opaque.OPAQUE_SELF, inh=True, relpersistence="p")
    base.if_not_exists = False
    node.servername = opaque.OPAQUE_OWNER
    obj = opaque.new(ctx, kind="foreign table", key=table_key(relation), name=name, schema=schema,
                     statement=opaque.deparse(node), what="FOREIGN TABLE", target=opaque.OPAQUE_SELF, depends=depends,
                     owner=opaque.dep(Kind.OPAQUE, server.key), owner_auto=False)
    ctx.catalog.add_opaque(obj, (SqlState.DUPLICATE_TABLE, f'relation "{name}" already exists'))
    return created(opaque.ref(obj), f"created foreign table {name} on server {server.name} (kept as its statement; "
                                    "its columns are not modelled)")


def _lookup_table(ctx: ReplayContext, obj: Any, missing_ok: bool):
    parts = names(obj) if not isinstance(obj, ast.RangeVar) else [p for p in (obj.schemaname, obj.relname) if p]
    relation = ctx.key_of(parts, "relation")
    found = ctx.catalog.opaques.get(table_key(relation))
    if found is None and ctx.catalog.relation_kind(relation) is not None:  # IF EXISTS or not
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{parts[-1]}" is not a foreign table')
    if found is None and not missing_ok:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{parts[-1]}" does not exist')
    return found


def _lookup_dropped_table(ctx: ReplayContext, obj: Any, missing_ok: bool):
    """DROP FOREIGN TABLE of a missing name is 42704 (RemoveRelations' message for the kind), not 42P01."""
    try:
        return _lookup_table(ctx, obj, missing_ok)
    except PgError as e:
        if e.sqlstate == SqlState.UNDEFINED_TABLE:
            raise PgError(SqlState.UNDEFINED_OBJECT, e.message) from e
        raise


opaque.register(opaque.Family(
    "OBJECT_FOREIGN_TABLE", _lookup_table, lookup_for_drop=_lookup_dropped_table,
    renamed=lambda o, new: (table_key(qualify(o.schema_name, new)),
                            (SqlState.DUPLICATE_TABLE, f'relation "{new}" already exists')),
    moved=lambda o, schema: (table_key(qualify(schema, o.name)),
                             (SqlState.DUPLICATE_TABLE, f'relation "{o.name}" already exists in schema "{schema}"'))))


@STATEMENTS.register(("AlterTableStmt", "OBJECT_FOREIGN_TABLE"))
def alter_foreign_table(ctx: ReplayContext, node: Any) -> Effects:
    found = _lookup_table(ctx, node.relation, bool(node.missing_ok))
    if found is None:
        return skipped(None, f"foreign table {node.relation.relname} does not exist, skipped (IF EXISTS)")
    raise NotModelled(f"ALTER FOREIGN TABLE is not modelled: foreign table {found.name} is kept as its CREATE "
                      "statement, its columns are not modelled")
