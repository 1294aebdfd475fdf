"""GRANT / REVOKE on objects and ALTER DEFAULT PRIVILEGES, in the server's order of checks (aclchk.c, PostgreSQL
15): GRANTED BY, the objects, the grantees (42704), the privileges named (0LP01), then each object in turn.

Privileges on the database, tablespaces, languages, large objects, foreign servers and parameters belong to the
server or to the target's own setup, not to the baseline: they are reported, never guessed."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.acl import ALL_RIGHTS, BOOTSTRAP, DEFAULT_ACL_TYPE, LETTER_NAME, PRIVILEGE_LETTER, PUBLIC
from consolidator.model.keys import Kind, Ref
from consolidator.model.mutators.privileges import Target
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import DomainType, RangeType
from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, noted
from consolidator.replay.handlers.routine import find_routine
from consolidator.replay.registry import STATEMENTS

O = enums.ObjectType
R = enums.RoleSpecType
T = enums.GrantTargetType

# The privileges each GRANT ... ON <kind> accepts when the statement is parsed, and the word its 0LP01 uses.
_ACCEPTED = {O.OBJECT_TABLE: ("arwdDxtU", "relation"), O.OBJECT_SEQUENCE: ("rwU", "sequence"),
             O.OBJECT_FUNCTION: ("X", "function"), O.OBJECT_PROCEDURE: ("X", "procedure"),
             O.OBJECT_ROUTINE: ("X", "routine"), O.OBJECT_SCHEMA: ("UC", "schema"), O.OBJECT_TYPE: ("U", "type"),
             O.OBJECT_DOMAIN: ("U", "domain")}
_ELSEWHERE = {O.OBJECT_DATABASE: "the database is the target's, not the baseline's",
              O.OBJECT_TABLESPACE: "tablespaces are the server's", O.OBJECT_LANGUAGE: "languages are the server's",
              O.OBJECT_LARGEOBJECT: "large objects are data, not schema", O.OBJECT_FDW: "foreign-data wrappers",
              O.OBJECT_FOREIGN_SERVER: "foreign servers", O.OBJECT_PARAMETER_ACL: "parameters are the server's"}
_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def role_name(spec: Any, *, public_ok: bool = False) -> str:
    """The role a RoleSpec names: CURRENT_USER and the like are the role the history runs as."""
    if spec.roletype == R.ROLESPEC_PUBLIC:
        if public_ok:
            return PUBLIC
        return "public"
    if spec.roletype == R.ROLESPEC_CSTRING:
        return truncate(spec.rolename)
    return BOOTSTRAP  # CURRENT_USER, CURRENT_ROLE, SESSION_USER


def grantees(ctx: ReplayContext, specs: Any) -> list[str]:
    out = []
    for spec in specs or ():
        name = role_name(spec, public_ok=True)
        if name != PUBLIC:
            ctx.catalog.require_role(name)
        out.append(name)
    return out


def requested(privileges: Any, objtype: Any) -> tuple[str | None, dict[str, str]]:
    """(object privileges, {column: privileges}) as letters; None for ALL [PRIVILEGES]. 0LP01 for a privilege
    the kind of object does not have."""
    if privileges is None:
        return None, {}
    accepted, word = _ACCEPTED[objtype]
    letters, columns = "", {}
    for priv in privileges:
        letter = PRIVILEGE_LETTER.get(priv.priv_name or "")
        if priv.cols:
            if objtype != O.OBJECT_TABLE:
                raise PgError(SqlState.INVALID_GRANT_OPERATION, "column privileges are only valid for relations")
            if letter is None or letter not in ALL_RIGHTS["column"]:
                raise PgError(SqlState.INVALID_GRANT_OPERATION,
                              f"invalid privilege type {(priv.priv_name or '').upper()} for column")
            for col in priv.cols:
                columns[truncate(string_value(col))] = columns.get(truncate(string_value(col)), "") + letter
            continue
        if letter is None:
            raise PgError(SqlState.SYNTAX_ERROR, f'unrecognized privilege type "{priv.priv_name}"')
        if letter not in accepted:
            raise PgError(SqlState.INVALID_GRANT_OPERATION, f"invalid privilege type {LETTER_NAME[letter]} for {word}")
        letters += letter
    return letters, columns


# ---- the objects a GRANT names ------------------------------------------------------------------------------

def _relation(ctx: ReplayContext, rangevar: Any, objtype: Any) -> Target:
    key = ctx.relation_key(rangevar)
    catalog = ctx.catalog
    store = ("tables" if key in catalog.tables else "views" if key in catalog.views
             else "sequences" if key in catalog.sequences else None)
    if objtype == O.OBJECT_SEQUENCE and store not in (None, "sequences"):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{split_key(key)[1]}" is not a sequence')
    if store is None:
        if split_key(key)[0] in _SYSTEM_SCHEMAS or catalog.relation_kind(key) is not None \
                or catalog.knows_unmodelled("relation", key):
            raise NotModelled(f"privileges on {split_key(key)[1]}, which the model does not hold, are not modelled")
        written = f"{rangevar.schemaname}.{rangevar.relname}" if rangevar.schemaname else rangevar.relname
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{written}" does not exist')
    return Target(store, key)


def schema_target(ctx: ReplayContext, name: str) -> Target:
    if name in ctx.catalog.schemas:
        return Target("schemas", name)
    if name == "public":
        return ctx.catalog.public_schema_target(ctx.span)
    if name in _SYSTEM_SCHEMAS:
        raise NotModelled(f"privileges on schema {name} (the server's own) are not modelled")
    raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{name}" does not exist')


def _type(ctx: ReplayContext, type_name: Any, objtype: Any) -> Target:
    parts = names(type_name.names if hasattr(type_name, "names") else type_name)
    key = ctx.key_of(parts, "type")
    catalog = ctx.catalog
    name = split_key(key)[1]
    if key not in catalog.types:
        element = ctx.key_of(parts[:-1] + [name[1:]], "type") if name.startswith("_") else None
        if element is not None and (element in catalog.types or element in catalog.tables):
            raise PgError(SqlState.INVALID_GRANT_OPERATION, "cannot set privileges of array types")
        sql_type, _ = ctx.column_type(ast.TypeName(names=tuple(ast.String(p) for p in parts)), row_types=True)
        raise NotModelled(f"privileges on type {sql_type.name} ({sql_type.origin}: the model does not hold it) "
                          "are not modelled")
    if objtype == O.OBJECT_DOMAIN and not isinstance(catalog.types[key], DomainType):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{name}" is not a domain')
    return Target("types", key)


def _function(ctx: ReplayContext, obj: Any, objtype: Any) -> Target:
    what = objtype.name[7:].lower()
    try:
        function = find_routine(ctx, obj, what)
    except PgError as error:
        if error.sqlstate == SqlState.UNDEFINED_FUNCTION and _function_elsewhere(ctx, obj):
            raise NotModelled("privileges on a built-in function or one an extension brings are not modelled") from None
        raise
    return Target("functions", function.key)


def _function_elsewhere(ctx: ReplayContext, obj: Any) -> bool:
    from consolidator.pg15 import functions as builtin

    parts = names(obj.objname)
    name = parts[-1]
    constructors = {n for t in ctx.catalog.types.values() if isinstance(t, RangeType)
                    for n in (t.constructor_name, split_key(t.multirange)[1])}
    return bool(builtin.functions_named(name)) or bool(ctx.catalog.extensions) or name in constructors \
        or ctx.catalog.knows_unmodelled("function", name)


def _targets(ctx: ReplayContext, node: Any) -> list[Target]:
    objtype = node.objtype
    if node.targtype == T.ACL_TARGET_ALL_IN_SCHEMA:
        out = []
        for schema_node in node.objects:
            schema = string_value(schema_node)
            schema_target(ctx, schema)  # 3F000 when missing
            out += _all_in_schema(ctx, schema, objtype)
        return out
    if objtype in (O.OBJECT_TABLE, O.OBJECT_SEQUENCE):
        return [_relation(ctx, rv, objtype) for rv in node.objects]
    if objtype in (O.OBJECT_FUNCTION, O.OBJECT_PROCEDURE, O.OBJECT_ROUTINE):
        return [_function(ctx, obj, objtype) for obj in node.objects]
    if objtype == O.OBJECT_SCHEMA:
        return [schema_target(ctx, string_value(s)) for s in node.objects]
    return [_type(ctx, t, objtype) for t in node.objects]


def _all_in_schema(ctx: ReplayContext, schema: str, objtype: Any) -> list[Target]:
    catalog = ctx.catalog
    in_schema = lambda store: [Target(store, k) for k in sorted(getattr(catalog, store)) if split_key(k)[0] == schema]  # noqa: E731
    if any(u.kind == "relation" and split_key(u.name)[0] == schema for u in catalog.unmodelled.values()) \
            and objtype in (O.OBJECT_TABLE, O.OBJECT_SEQUENCE):
        raise NotModelled(f"schema {schema} holds relations the model does not hold: ALL ... IN SCHEMA is not modelled")
    if objtype == O.OBJECT_TABLE:
        return in_schema("tables") + in_schema("views")
    if objtype == O.OBJECT_SEQUENCE:
        return in_schema("sequences")
    if objtype != O.OBJECT_PROCEDURE and any(isinstance(t, RangeType) and split_key(k)[0] == schema
                                             for k, t in catalog.types.items()):
        raise NotModelled(f"ALL FUNCTIONS IN SCHEMA {schema} reaches the constructors of its range types: not modelled")
    kinds = {O.OBJECT_FUNCTION: ("function",), O.OBJECT_PROCEDURE: ("procedure",),
             O.OBJECT_ROUTINE: ("function", "procedure")}[objtype]
    return [t for t in in_schema("functions") if catalog.functions[t.key].kind in kinds]


def _ref(target: Target) -> Ref:
    kind = {"tables": Kind.TABLE, "views": Kind.VIEW, "sequences": Kind.SEQUENCE, "functions": Kind.FUNCTION,
            "types": Kind.TYPE, "schemas": Kind.SCHEMA, "builtin_schemas": Kind.SCHEMA}[target.store]
    return Ref(kind, target.key, target.column or "")


# ---- GRANT / REVOKE ----------------------------------------------------------------------------------------------

@STATEMENTS.register("GrantStmt")
def grant(ctx: ReplayContext, node: Any) -> Effects:
    verb = "GRANT" if node.is_grant else "REVOKE"
    if node.objtype in _ELSEWHERE:
        raise NotModelled(f"{verb} ON {node.objtype.name[7:]} is not modelled: {_ELSEWHERE[node.objtype]}")
    if node.objtype not in _ACCEPTED:
        raise NotModelled(f"{verb} ON {node.objtype.name[7:]} is not modelled yet")
    if node.grantor is not None:
        grantor = role_name(node.grantor)
        ctx.catalog.require_role(grantor)
        if grantor != BOOTSTRAP:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "grantor must be current user")
    targets = _targets(ctx, node)
    roles = grantees(ctx, node.grantees)
    letters, columns = requested(node.privileges, node.objtype)
    effects = []
    for target in targets:
        _apply(ctx, node, target, roles, letters, columns)
        effects.append(altered(_ref(target), "privileges", f"{verb.lower()}ed privileges on {target.kind} "
                                                           f"{split_key(target.key)[1] if '.' in target.key else target.key}"))
    return effects or noted(f"{verb} on no object (the schema has none of that kind)")


def _apply(ctx: ReplayContext, node: Any, target: Target, roles: list[str], letters: str | None,
           columns: dict[str, str]) -> None:
    catalog = ctx.catalog
    kind = target.kind
    rights = ALL_RIGHTS[kind]
    if letters is None:
        letters = rights
    elif kind == "table" and node.objtype == O.OBJECT_TABLE and "U" in letters:
        raise PgError(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type USAGE for table")
    elif kind == "sequence" and any(p not in rights for p in letters):
        letters = "".join(p for p in letters if p in rights)  # the server warns and grants the rest
        if not letters and not columns:
            return
    if node.is_grant and node.grant_option and PUBLIC in roles:
        raise PgError(SqlState.INVALID_GRANT_OPERATION, "grant options can only be granted to roles")
    grantable = letters if node.grant_option else ""
    if letters:
        catalog.change_privileges(target, roles, letters, grantable, bool(node.is_grant))
    if letters and not node.is_grant and target.store == "tables":  # a table's REVOKE reaches its columns too
        on_columns = "".join(p for p in letters if p in ALL_RIGHTS["column"])
        for column in catalog.tables[target.key].columns:
            if on_columns and column.acl is not None and column.name not in columns:
                catalog.change_privileges(Target(target.store, target.key, column.name), roles, on_columns,
                                          grantable, False)
    for column, privs in columns.items():
        if target.store != "tables":
            raise NotModelled(f"column privileges on a {kind} other than a table are not modelled")
        if catalog.tables[target.key].column(column) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{column}" of relation "{split_key(target.key)[1]}" does not exist')
        catalog.change_privileges(Target(target.store, target.key, column), roles, privs,
                                  privs if node.grant_option else "", bool(node.is_grant))


# ---- ALTER DEFAULT PRIVILEGES ------------------------------------------------------------------------------------

_DEFAULT_KIND = {O.OBJECT_TABLE: "table", O.OBJECT_SEQUENCE: "sequence", O.OBJECT_FUNCTION: "function",
                 O.OBJECT_ROUTINE: "function", O.OBJECT_PROCEDURE: "function", O.OBJECT_TYPE: "type",
                 O.OBJECT_SCHEMA: "schema"}


@STATEMENTS.register("AlterDefaultPrivilegesStmt")
def alter_default_privileges(ctx: ReplayContext, node: Any) -> Effects:
    action = node.action
    options = {opt.defname: opt.arg for opt in node.options or ()}
    kind = _DEFAULT_KIND.get(action.objtype)
    if kind is None:
        raise NotModelled(f"ALTER DEFAULT PRIVILEGES ON {action.objtype.name[7:]} is not modelled")
    roles = grantees(ctx, action.grantees)
    objtype = {O.OBJECT_TABLE: O.OBJECT_TABLE, O.OBJECT_SEQUENCE: O.OBJECT_SEQUENCE, O.OBJECT_TYPE: O.OBJECT_TYPE,
               O.OBJECT_SCHEMA: O.OBJECT_SCHEMA}.get(action.objtype, O.OBJECT_FUNCTION)
    if any(p.cols for p in action.privileges or ()):
        raise PgError(SqlState.INVALID_GRANT_OPERATION, "default privileges cannot be set for columns")
    letters, _ = requested(action.privileges, objtype)
    if letters is None:
        letters = ALL_RIGHTS[kind]
    elif kind == "table" and "U" in letters:
        raise PgError(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type USAGE for relation")
    if action.is_grant and action.grant_option and PUBLIC in roles:
        raise PgError(SqlState.INVALID_GRANT_OPERATION, "grant options can only be granted to roles")
    owners = [role_name(spec) for spec in options.get("roles") or ()] or [BOOTSTRAP]
    schemas = [string_value(s) for s in options.get("schemas") or ()]
    for owner in owners:
        ctx.catalog.require_role(owner)
        for schema in schemas or [None]:
            if schema is not None:
                if schema in _SYSTEM_SCHEMAS:
                    raise NotModelled(f"default privileges in schema {schema} are not modelled")
                ctx.catalog.require_schema(schema)
                if kind == "schema":
                    raise PgError(SqlState.INVALID_GRANT_OPERATION,
                                  "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS")
            ctx.catalog.change_default_privileges(owner, schema, DEFAULT_ACL_TYPE[kind], roles, letters,
                                                  letters if action.grant_option else "", bool(action.is_grant),
                                                  ctx.span)
    verb = "granted" if action.is_grant else "revoked"
    return noted(f"{verb} default privileges on new {kind}s")
