"""Row-level security: ALTER TABLE ... ENABLE / DISABLE / [NO] FORCE ROW LEVEL SECURITY, CREATE / ALTER / DROP
POLICY, ALTER POLICY ... RENAME. A policy lives on its table; its expressions read that table's columns only.

The server's order of checks (policy.c, PostgreSQL 15): the command's clauses, the roles, the table, the
expressions, then the policy's name. A named role is kept as written: the model does not know the target's
roles, so the baseline lists each one as a role the target server must have."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref, table_ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Expr, Policy
from consolidator.parse.expressions import names, to_expr
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.registry import ALTER_TABLE, COMMENT_ON, STATEMENTS

A = enums.AlterTableType
R = enums.RoleSpecType

# The role keywords the server resolves to a role when the statement runs (as for GRANT).
_ROLE_KEYWORDS = {R.ROLESPEC_CURRENT_USER: "CURRENT_USER", R.ROLESPEC_SESSION_USER: "SESSION_USER",
                  R.ROLESPEC_CURRENT_ROLE: "CURRENT_ROLE"}


def _name(key: str) -> str:
    return split_key(key)[1]


def _ref(table_key: str, name: str) -> Ref:
    return Ref(Kind.POLICY, table_key, name)


# ---- ALTER TABLE ... ROW LEVEL SECURITY -------------------------------------------------------------------

_FLAGS = {A.AT_EnableRowSecurity: ("row_security", True, "enabled row level security"),
          A.AT_DisableRowSecurity: ("row_security", False, "disabled row level security"),
          A.AT_ForceRowSecurity: ("force_row_security", True, "forced row level security"),
          A.AT_NoForceRowSecurity: ("force_row_security", False, "stopped forcing row level security")}


@ALTER_TABLE.register(*_FLAGS)
def _row_security(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    flag, value, sentence = _FLAGS[cmd.subtype]
    ctx.catalog.set_row_security(table_key, flag, value, ctx.span)
    return altered(table_ref(table_key), flag, f"{sentence} on {_name(table_key)}")


# ---- the parts of a policy --------------------------------------------------------------------------------

def _roles(specs: Any, catalog: Any) -> list[str]:
    """The roles as the server stores them: PUBLIC among others is PUBLIC alone (it warns); a named role the server
    does not have (the history did not create it) is 42704, as far as PUBLIC, where the server stops looking."""
    roles = []
    for spec in specs or ():
        if spec.roletype == R.ROLESPEC_PUBLIC:
            return ["public"]
        keyword = _ROLE_KEYWORDS.get(spec.roletype)
        role = keyword if keyword is not None else truncate(spec.rolename)
        if keyword is None:
            catalog.require_role(role)
        if role not in roles:
            roles.append(role)
    return roles or ["public"]


def _unmodelled_reference(node: Any) -> str | None:
    """Why the model cannot hold the expression: a subquery reads other relations, a qualified name may name one."""
    if isinstance(node, ast.SubLink):
        return "a subquery"
    if isinstance(node, ast.ColumnRef) and len(node.fields or ()) != 1:
        return "a qualified column reference"
    if isinstance(node, ast.Node):
        for attribute in node:
            found = _unmodelled_reference(getattr(node, attribute))
            if found:
                return found
    elif isinstance(node, (tuple, list)):
        for item in node:
            found = _unmodelled_reference(item)
            if found:
                return found
    return None


def _expression(ctx: ReplayContext, table_key: str, node: Any) -> Expr | None:
    if node is None:
        return None
    reason = _unmodelled_reference(node)
    if reason:
        raise NotModelled(f"a policy expression with {reason} is not modelled")
    expr = to_expr(node)
    table = ctx.catalog.table(table_key)
    for column in expr.columns:
        if table.column(column) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column}" does not exist')
    return expr


def _policy_table(ctx: ReplayContext, rangevar: Any) -> str:
    key = ctx.relation_key(rangevar)
    if key not in ctx.catalog.tables and ctx.catalog.relation_kind(key) is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a table')
    return ctx.catalog.table(key).key


# ---- CREATE / ALTER / DROP POLICY -------------------------------------------------------------------------

@STATEMENTS.register("CreatePolicyStmt")
def create_policy(ctx: ReplayContext, node: Any) -> Effects:
    command = node.cmd_name or "all"
    if command in ("select", "delete") and node.with_check is not None:
        raise PgError(SqlState.SYNTAX_ERROR, "WITH CHECK cannot be applied to SELECT or DELETE")
    if command == "insert" and node.qual is not None:
        raise PgError(SqlState.SYNTAX_ERROR, "only WITH CHECK expression allowed for INSERT")
    roles = _roles(node.roles, ctx.catalog)
    table_key = _policy_table(ctx, node.table)
    policy = Policy(name=truncate(node.policy_name), command=command, permissive=bool(node.permissive),
                    roles=roles, using=_expression(ctx, table_key, node.qual),
                    with_check=_expression(ctx, table_key, node.with_check), provenance=ctx.provenance())
    ctx.catalog.add_policy(table_key, policy)
    return created(_ref(table_key, policy.name), f"created policy {policy.name} on {_name(table_key)}")


@STATEMENTS.register("AlterPolicyStmt")
def alter_policy(ctx: ReplayContext, node: Any) -> Effects:
    roles = _roles(node.roles, ctx.catalog) if node.roles else None
    table_key = _policy_table(ctx, node.table)
    using = _expression(ctx, table_key, node.qual)
    with_check = _expression(ctx, table_key, node.with_check)
    name = truncate(node.policy_name)
    old = ctx.catalog.policy(table_key, name)
    if old.command in ("select", "delete") and with_check is not None:
        raise PgError(SqlState.SYNTAX_ERROR, "only USING expression allowed for SELECT, DELETE")
    if old.command == "insert" and using is not None:
        raise PgError(SqlState.SYNTAX_ERROR, "only WITH CHECK expression allowed for INSERT")
    changes: dict[str, Any] = {}
    if roles is not None:
        changes["roles"] = roles
    if using is not None:
        changes["using"] = using
    if with_check is not None:
        changes["with_check"] = with_check
    provenance = old.provenance.model_copy(deep=True)
    provenance.touch(ctx.span)
    ctx.catalog.replace_policy(table_key, old.model_copy(update={**changes, "provenance": provenance}))
    what = ", ".join({"roles": "roles", "using": "USING", "with_check": "WITH CHECK"}[c] for c in changes)
    return altered(_ref(table_key, name), what or "nothing",
                   f"altered policy {name} on {_name(table_key)} ({what or 'no change'})")


@STATEMENTS.register(("RenameStmt", "OBJECT_POLICY"))
def rename_policy(ctx: ReplayContext, node: Any) -> Effects:
    table_key = _policy_table(ctx, node.relation)
    old, new = truncate(node.subname), truncate(node.newname)
    ctx.catalog.rename_policy(table_key, old, new, ctx.span)
    return renamed(_ref(table_key, old), _ref(table_key, new), f"renamed policy {old} on {_name(table_key)} to {new}")


@STATEMENTS.register(("DropStmt", "OBJECT_POLICY"))
def drop_policy(ctx: ReplayContext, node: Any) -> Effects:
    effects = []
    for obj in node.objects or ():
        parts = names(obj)
        table_key, name = ctx.key_of(parts[:-1], "relation"), truncate(parts[-1])
        if node.missing_ok and ctx.catalog.relation_kind(table_key) is None:
            effects.append(skipped(_ref(table_key, name),
                                   f"relation {_name(table_key)} does not exist, skipped (IF EXISTS)"))
            continue
        table_key = ctx.catalog.table(table_key).key
        if node.missing_ok and ctx.catalog.table(table_key).policy(name) is None:
            effects.append(skipped(_ref(table_key, name),
                                   f"policy {name} for relation {_name(table_key)} does not exist, skipped (IF EXISTS)"))
            continue
        ctx.catalog.drop_policy(table_key, name)
        effects.append(dropped(_ref(table_key, name), f"dropped policy {name} on {_name(table_key)}"))
    return effects


@COMMENT_ON.register(enums.ObjectType.OBJECT_POLICY)
def _commented_policy(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    parts = names(obj)
    table_key = ctx.catalog.table(ctx.key_of(parts[:-1], "relation")).key
    name = truncate(parts[-1])
    ctx.catalog.policy(table_key, name)
    return _ref(table_key, name)
