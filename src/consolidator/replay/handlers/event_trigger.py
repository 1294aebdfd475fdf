"""CREATE EVENT TRIGGER, kept as its statement (replay/opaque.py); ALTER EVENT TRIGGER ENABLE / DISABLE, RENAME,
DROP, COMMENT ON. The function must exist and return event_trigger. The server runs it on every later DDL
statement of its event; the model does not run it (its effect sentence says so). A WHEN TAG filter is checked by
the server against its list of command tags, which the model does not have: reported."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState

from consolidator.parse.expressions import names
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created
from consolidator.replay.registry import STATEMENTS

_EVENTS = ("ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite")


def key_of(name: str) -> str:
    return f"event trigger:{name}"


@STATEMENTS.register("CreateEventTrigStmt")
def create_event_trigger(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE EVENT TRIGGER")
    if node.eventname not in _EVENTS:
        raise PgError(SqlState.SYNTAX_ERROR, f'unrecognized event name "{node.eventname}"')
    if node.whenclause:
        raise NotModelled("an event trigger's WHEN TAG filter is checked against the server's command tags: not "
                          "modelled")
    parts = names(node.funcname)
    found = opaque.find_function(ctx, parts, ())
    if found is None:
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {'.'.join(parts)}() does not exist")
    if found is True:
        raise NotModelled("an event trigger calling a function of PostgreSQL or an extension is not modelled")
    function = ctx.catalog.functions[found[1]]
    if function.returns is None or function.returns.internal != "event_trigger":
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f"function {function.name} must return type event_trigger")
    duplicate = (SqlState.DUPLICATE_OBJECT, f'event trigger "{node.trigname}" already exists')
    if key_of(node.trigname) in ctx.catalog.opaques:
        raise PgError(*duplicate)
    name, node.trigname = node.trigname, opaque.OPAQUE_SELF
    obj = opaque.new(ctx, kind="event trigger", key=key_of(name), name=name, schema=None,
                     statement=opaque.deparse(node), what="EVENT TRIGGER", target=opaque.OPAQUE_SELF, depends=[found])
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created event trigger {name} on {node.eventname} (kept as its statement; the "
                                    "server runs its function on later DDL, the model does not)")


_lookup = opaque.register_unqualified("OBJECT_EVENT_TRIGGER", key_of, "event trigger")


@STATEMENTS.register("AlterEventTrigStmt")
def alter_event_trigger(ctx: ReplayContext, node: Any) -> Effects:
    from pglast import ast

    found = _lookup(ctx, ast.String(sval=node.trigname), False)
    node.trigname = opaque.OPAQUE_SELF
    ctx.catalog.add_opaque_statement(found.key, opaque.deparse(node), [], ctx.span)
    return altered(opaque.ref(found), "enabled", f"altered event trigger {found.name}")


