"""CREATE [OR REPLACE] RULE, kept as its statement (replay/opaque.py) with the relations it names schema-qualified;
DROP RULE, ALTER RULE ... RENAME, COMMENT ON RULE. A rule belongs to its table or view (it goes with it); a relation
its actions name is a dependency (2BP01). ON SELECT rules turn a table into a view: reported."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums
from pglast.visitors import Visitor

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.parse.expressions import names
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.registry import COMMENT_ON, STATEMENTS

_EVENTS = {enums.CmdType.CMD_INSERT: "INSERT", enums.CmdType.CMD_UPDATE: "UPDATE", enums.CmdType.CMD_DELETE: "DELETE"}


def _duplicate(name: str, table_key: str) -> tuple[str, str]:
    return SqlState.DUPLICATE_OBJECT, f'rule "{name}" for relation "{split_key(table_key)[1]}" already exists'


def _columns_of(ctx: ReplayContext, key: str) -> list[str] | None:
    if key in ctx.catalog.tables:
        return [c.name for c in ctx.catalog.tables[key].columns]
    if key in ctx.catalog.views:
        return [c.name for c in ctx.catalog.views[key].columns]
    return None


def _check_new_old(ctx: ReplayContext, node: Any, table_key: str, event: str) -> None:
    """NEW.x and OLD.x must be columns of the rule's relation (42703); NEW in a DELETE rule, OLD in an INSERT
    rule is 42P17, as the server's parse analysis says."""
    columns = _columns_of(ctx, table_key)

    class Refs(Visitor):
        def visit_ColumnRef(self, ancestors, ref):
            fields = [f.sval for f in ref.fields if isinstance(f, ast.String)]
            if len(fields) != 2 or fields[0] not in ("new", "old"):
                return
            if fields[0] == "new" and event == "DELETE":
                raise PgError(SqlState.INVALID_OBJECT_DEFINITION, "cannot refer to NEW within rule")
            if fields[0] == "old" and event == "INSERT":
                raise PgError(SqlState.INVALID_OBJECT_DEFINITION, "cannot refer to OLD within rule")
            if columns is not None and fields[1] not in columns:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column {fields[0]}.{fields[1]} does not exist')

    for part in [node.whereClause, *(node.actions or ())]:
        if part is not None:
            Refs()(part)


@STATEMENTS.register("RuleStmt")
def create_rule(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE RULE")
    if node.event not in _EVENTS:
        raise NotModelled("ON SELECT rules (a table made a view) are not modelled")
    table_key = ctx.relation_key(node.relation)
    kind = ctx.catalog.relation_kind(table_key)
    if kind is None:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{node.relation.relname}" does not exist')
    if kind not in ("table", "view"):
        raise NotModelled(f"a rule on a {kind} is not modelled")
    if table_key in ctx.catalog.tables and ctx.catalog.tables[table_key].partition_key is not None:
        raise NotModelled("a rule on a partitioned table is not modelled")
    event = _EVENTS[node.event]
    owner_kind = Kind.VIEW if table_key in ctx.catalog.views else Kind.TABLE
    depends = [d for d in opaque.qualify_relations(ctx, node, skip=frozenset({"new", "old"}))
               if d[1] != table_key]
    _check_new_old(ctx, node, table_key, event)
    key = opaque.rule_key(table_key, node.rulename)
    existing = ctx.catalog.opaques.get(key)
    name = node.rulename
    node.rulename = opaque.OPAQUE_SELF
    node.relation = ast.RangeVar(relname=opaque.OPAQUE_OWNER, inh=True, relpersistence="p")
    obj = opaque.new(ctx, kind="rule", key=key, name=name, schema=split_key(table_key)[0],
                     statement=opaque.deparse(node), what="RULE", target=f"{opaque.OPAQUE_SELF} ON {opaque.OPAQUE_OWNER}",
                     depends=depends, owner=opaque.dep(owner_kind, table_key))
    ctx.catalog.add_opaque(obj, _duplicate(name, table_key), replace=bool(node.replace))
    if existing is not None:
        return altered(opaque.ref(obj), "definition", f"replaced rule {name} on {split_key(table_key)[1]}")
    return created(opaque.ref(obj), f"created rule {name} on {split_key(table_key)[1]} (kept as its statement)")


def _find(ctx: ReplayContext, table_parts: list[str], name: str, missing_ok: bool):
    table_key = ctx.key_of(table_parts, "relation")
    if ctx.catalog.relation_kind(table_key) is None:
        if missing_ok:
            return None
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{".".join(table_parts)}" does not exist')
    found = ctx.catalog.opaques.get(opaque.rule_key(table_key, name))
    if found is None and not missing_ok:
        raise PgError(SqlState.UNDEFINED_OBJECT,
                      f'rule "{name}" for relation "{table_parts[-1]}" does not exist')
    return found


@STATEMENTS.register(("DropStmt", "OBJECT_RULE"))
def drop_rule(ctx: ReplayContext, node: Any) -> Effects:
    effects = []
    cascade = node.behavior == enums.DropBehavior.DROP_CASCADE
    for obj in node.objects or ():
        parts = names(obj)
        found = _find(ctx, parts[:-1], parts[-1], bool(node.missing_ok))
        if found is None:
            effects.append(skipped(None, f"rule {parts[-1]} does not exist, skipped (IF EXISTS)"))
            continue
        ctx.catalog.drop_opaque(found.key, cascade, f"rule {found.name}")
        effects.append(dropped(opaque.ref(found), f"dropped rule {found.name}"))
    return effects


@STATEMENTS.register(("RenameStmt", "OBJECT_RULE"))
def rename_rule(ctx: ReplayContext, node: Any) -> Effects:
    parts = [p for p in (node.relation.schemaname, node.relation.relname) if p]
    found = _find(ctx, parts, node.subname, False)
    table_key = found.owner[1]
    new_key = opaque.rule_key(table_key, node.newname)
    duplicate = _duplicate(node.newname, table_key)
    if new_key == found.key:
        raise PgError(*duplicate)
    ctx.catalog.move_opaque(found.key, new_key, node.newname, found.schema_name, duplicate, ctx.span)
    return renamed(opaque.ref(found), Ref(Kind.OPAQUE, new_key), f"renamed rule {found.name} to {node.newname}")


@COMMENT_ON.register(enums.ObjectType.OBJECT_RULE)
def _comment(ctx: ReplayContext, obj: Any, object_type: Any):
    parts = names(obj)
    return opaque.ref(_find(ctx, parts[:-1], parts[-1], False))
