"""CREATE FUNCTION / PROCEDURE: not modelled yet (a later issue); the name is remembered, the statement reported."""

from __future__ import annotations

from typing import Any

from consolidator.parse.expressions import names
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("CreateFunctionStmt")
def create_function(ctx: ReplayContext, node: Any) -> Effects:
    ctx.catalog.note_unmodelled("function", names(node.funcname)[-1], ctx.span)
    what = "CREATE PROCEDURE" if node.is_procedure else "CREATE FUNCTION"
    raise NotModelled(f"{what} statements are not modelled yet")
