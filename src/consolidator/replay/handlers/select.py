"""A top-level SELECT: only calls that change the session are modelled (set_config of search_path, as pg_dump
writes it); any other SELECT reads data and is reported (seed data comes with its own issue)."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.parse.expressions import names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects
from consolidator.replay.handlers.other import set_search_path
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.session import parse_search_path


@STATEMENTS.register("SelectStmt")
def select(ctx: ReplayContext, node: Any) -> Effects:
    calls = _set_config_calls(node)
    if calls is None:
        raise NotModelled("SELECT statements are not modelled yet")
    effects = []
    for value, local in calls:
        effects.append(set_search_path(ctx, parse_search_path(value), local, "set_config"))
    return effects


def _set_config_calls(node: Any) -> list[tuple[str, bool]] | None:
    """The (value, is_local) of each target `set_config('search_path', 'value', bool)`, when the SELECT is only
    that: no FROM, WHERE or other target."""
    if node.fromClause or node.whereClause or node.op.name != "SETOP_NONE" or not node.targetList:
        return None
    out = []
    for target in node.targetList:
        call = target.val
        if not isinstance(call, ast.FuncCall) or names(call.funcname) not in (["set_config"], ["pg_catalog", "set_config"]):
            return None
        args = call.args or ()
        if len(args) != 3 or string_value(args[0]) != "search_path" or string_value(args[1]) is None:
            return None
        local = args[2].val if isinstance(args[2], ast.A_Const) else None
        if not isinstance(local, ast.Boolean):
            return None
        out.append((string_value(args[1]), bool(local.boolval)))
    return out
