"""A top-level SELECT: only calls that change the session or a sequence are modelled (set_config of search_path,
as pg_dump writes it; setval and nextval on constants); any other SELECT reads data and is reported (seed data
comes with its own issue)."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.parse.expressions import int_value, names, string_value
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, altered
from consolidator.replay.handlers.other import set_search_path
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.regclass import regclass_parts as _regclass_parts
from consolidator.replay.session import parse_search_path


@STATEMENTS.register("SelectStmt")
def select(ctx: ReplayContext, node: Any) -> Effects:
    calls = _set_config_calls(node)
    if calls is None:
        sequence_calls = _sequence_calls(node)
        if sequence_calls is None:
            raise NotModelled("SELECT statements are not modelled yet")
        return [call(ctx) for call in sequence_calls]
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


_SEQUENCE_FUNCTIONS = {"setval": (2, 3), "nextval": (1, 1)}


def _sequence_calls(node: Any) -> list | None:
    """One step per target when the SELECT is only `setval('name', n [, is_called])` and `nextval('name')` on
    constants (no FROM, WHERE or other target); each step resolves its name when it runs, as the regclass input
    does, so an earlier call's error comes first."""
    if node.fromClause or node.whereClause or node.op.name != "SETOP_NONE" or not node.targetList:
        return None
    steps = []
    for target in node.targetList:
        call = target.val
        if not isinstance(call, ast.FuncCall) or call.agg_star or call.over or call.agg_order or call.agg_filter:
            return None
        function = names(call.funcname)
        if function[:-1] not in ([], ["pg_catalog"]) or function[-1] not in _SEQUENCE_FUNCTIONS:
            return None
        args = list(call.args or ())
        low, high = _SEQUENCE_FUNCTIONS[function[-1]]
        if not low <= len(args) <= high or call.func_variadic:
            return None
        first = args[0].arg if isinstance(args[0], ast.TypeCast) and names(args[0].typeName.names)[-1:] == ["regclass"] else args[0]
        parts = _regclass_parts(string_value(first)) if isinstance(first, ast.A_Const) else None
        if parts is None:
            return None
        if function[-1] == "nextval":
            steps.append(_nextval_step(parts))
            continue
        value = int_value(args[1]) if isinstance(args[1], ast.A_Const) and isinstance(args[1].val, ast.Integer) else None
        if value is None and isinstance(args[1], ast.A_Const) and isinstance(args[1].val, ast.Float):
            value = _whole(args[1].val.fval)
        is_called = True
        if len(args) == 3:
            flag = args[2].val if isinstance(args[2], ast.A_Const) else None
            if not isinstance(flag, ast.Boolean):
                return None
            is_called = bool(flag.boolval)
        if value is None:
            return None
        steps.append(_setval_step(parts, value, is_called))
    return steps


def _whole(text: str) -> int | None:
    """A big integer literal (the parser keeps those past int4 as Float); a fraction is not modelled."""
    return int(text) if text.lstrip("-").isdigit() else None


def _setval_step(parts: list[str], value: int, is_called: bool):
    def run(ctx: ReplayContext) -> Effects:
        key = ctx.key_of(parts)
        ctx.catalog.set_sequence_value(key, value, is_called, ctx.span)
        return altered(Ref(Kind.SEQUENCE, key), "position",
                       f"set sequence {split_key(key)[1]} to {value} (is_called {str(is_called).lower()})")
    return run


def _nextval_step(parts: list[str]):
    def run(ctx: ReplayContext) -> Effects:
        key = ctx.key_of(parts)
        value = ctx.catalog.advance_sequence(key, ctx.span)
        return altered(Ref(Kind.SEQUENCE, key), "position", f"nextval of sequence {split_key(key)[1]} gave {value}")
    return run
