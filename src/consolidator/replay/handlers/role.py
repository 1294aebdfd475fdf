"""CREATE / ALTER / DROP ROLE (USER, GROUP), ALTER ROLE ... RENAME, GRANT / REVOKE role TO role (user.c).

Roles are the server's, not the database's: the model keeps the ones the history creates, so that a GRANT to a role
that does not exist fails with 42704 as on the server, and the baseline's header lists them. A password is never
kept (the baseline never carries one)."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.acl import BOOTSTRAP, Role
from consolidator.model.names import truncate
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, noted
from consolidator.replay.handlers.grant import role_name
from consolidator.replay.registry import STATEMENTS

R = enums.RoleSpecType

# CREATE / ALTER ROLE options the model keeps (DefElem name -> the option's name in the baseline).
_FLAGS = {"superuser": ("SUPERUSER", "NOSUPERUSER"), "createdb": ("CREATEDB", "NOCREATEDB"),
          "createrole": ("CREATEROLE", "NOCREATEROLE"), "inherit": ("INHERIT", "NOINHERIT"),
          "canlogin": ("LOGIN", "NOLOGIN"), "isreplication": ("REPLICATION", "NOREPLICATION"),
          "bypassrls": ("BYPASSRLS", "NOBYPASSRLS")}


def _reserved(name: str) -> None:
    if name in ("public", "none"):
        raise PgError(SqlState.RESERVED_NAME, f'role name "{name}" is reserved')
    if name.startswith("pg_"):
        raise PgError(SqlState.RESERVED_NAME, f'role name "{name}" is reserved')


def _options(ctx: ReplayContext, node: Any) -> tuple[dict, bool, dict[str, list[str]]]:
    """(kept options, whether a password was set, memberships: IN ROLE / ROLE / ADMIN role lists)."""
    options: dict = {}
    password = False
    members: dict[str, list[str]] = {}
    for opt in node.options or ():
        name = opt.defname
        if name in _FLAGS:
            options[name] = bool(opt.arg.boolval) if opt.arg is not None else True
        elif name == "connectionlimit":
            options[name] = int(opt.arg.ival)
        elif name == "validUntil":
            options[name] = opt.arg.sval
        elif name == "password":
            password = opt.arg is not None
        elif name in ("addroleto", "rolemembers", "adminmembers"):
            members[name] = [role_name(spec) for spec in opt.arg]
        elif name == "sysid":
            continue  # ignored by the server (a NOTICE)
        else:
            raise NotModelled(f"role option {name} is not modelled")
    return options, password, members


@STATEMENTS.register("CreateRoleStmt")
def create_role(ctx: ReplayContext, node: Any) -> Effects:
    name = truncate(node.role)
    _reserved(name)
    options, password, members = _options(ctx, node)
    if node.stmt_type == enums.RoleStmtType.ROLESTMT_USER:
        options.setdefault("canlogin", True)
    catalog = ctx.catalog
    catalog.add_role(Role(name=name, options=options, has_password=password, provenance=ctx.provenance()))
    for group in members.get("addroleto", []):
        catalog.require_role(group)
        catalog.grant_role(group, name, False, ctx.span)
    for kind, admin in (("rolemembers", False), ("adminmembers", True)):
        for member in members.get(kind, []):
            catalog.require_role(member)
            catalog.grant_role(name, member, admin, ctx.span)
    return noted(f"created role {name}" + (" (its password is not kept)" if password else ""))


@STATEMENTS.register("AlterRoleStmt")
def alter_role(ctx: ReplayContext, node: Any) -> Effects:
    if node.role.roletype not in (R.ROLESPEC_CSTRING,):
        raise NotModelled("ALTER ROLE of CURRENT_USER / SESSION_USER is not modelled")
    name = role_name(node.role)
    ctx.catalog.require_role(name)
    options, password, members = _options(ctx, node)
    if members.get("rolemembers"):  # ALTER GROUP ... ADD / DROP USER
        for member in members["rolemembers"]:
            ctx.catalog.require_role(member)
            if node.action == 1:
                ctx.catalog.grant_role(name, member, False, ctx.span)
            else:
                ctx.catalog.revoke_role(name, member, False)
        return noted(f"changed the members of role {name}")
    if name not in ctx.catalog.roles:
        raise NotModelled(f"ALTER ROLE {name}: a role the server has, not the history: not modelled")
    ctx.catalog.alter_role(name, options, password, ctx.span)
    return noted(f"altered role {name}" + (" (its password is not kept)" if password else ""))


@STATEMENTS.register("AlterRoleSetStmt")
def alter_role_set(ctx: ReplayContext, node: Any) -> Effects:
    raise NotModelled("ALTER ROLE ... SET is not modelled: a role's settings are the server's, left to the target")


@STATEMENTS.register("DropRoleStmt")
def drop_role(ctx: ReplayContext, node: Any) -> Effects:
    dropped = []
    for spec in node.roles:
        if spec.roletype != R.ROLESPEC_CSTRING:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot use special role specifier in DROP ROLE")
        name = truncate(spec.rolename)
        if node.missing_ok and not ctx.catalog.role_exists(name):
            continue
        ctx.catalog.drop_role(name)
        dropped.append(name)
    return noted(f"dropped role {', '.join(dropped)}" if dropped else "no role to drop (IF EXISTS)")


def _rename(ctx: ReplayContext, node: Any) -> Effects:
    old, new = truncate(node.subname), truncate(node.newname)
    if old == BOOTSTRAP:
        ctx.catalog.require_role(old)
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "session user cannot be renamed")
    if old not in ctx.catalog.roles:
        ctx.catalog.require_role(old)
        raise NotModelled(f"renaming role {old}, which the server has and the history did not create, is not modelled")
    if any(old in p.roles for t in ctx.catalog.tables.values() for p in t.policies):
        raise NotModelled(f"renaming role {old}, which a policy names, is not modelled")
    if ctx.catalog.role_exists(new):
        raise PgError(SqlState.DUPLICATE_OBJECT, f'role "{new}" already exists')
    _reserved(new)
    ctx.catalog.rename_role(old, new, ctx.span)
    return noted(f"renamed role {old} to {new}")


STATEMENTS.register(("RenameStmt", "OBJECT_ROLE"))(_rename)


@STATEMENTS.register("GrantRoleStmt")
def grant_role(ctx: ReplayContext, node: Any) -> Effects:
    catalog = ctx.catalog
    if node.grantor is not None:
        grantor = role_name(node.grantor)
        catalog.require_role(grantor)
    granted = [truncate(p.priv_name) for p in node.granted_roles]
    members = [role_name(spec) for spec in node.grantee_roles]
    for role in granted:
        catalog.require_role(role)
    for member in members:
        catalog.require_role(member)
    changed = []
    for role in granted:
        for member in members:
            if node.is_grant:
                if catalog.grant_role(role, member, bool(node.admin_opt), ctx.span):
                    changed.append(f"{role} to {member}")
            elif catalog.revoke_role(role, member, bool(node.admin_opt)):
                changed.append(f"{role} from {member}")
    verb = "granted" if node.is_grant else "revoked"
    return noted(f"{verb} role {', '.join(changed)}" if changed else "no membership changed (the server only warns)")
