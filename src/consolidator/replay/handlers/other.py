"""Statements that change no schema object the model holds, said as such."""

from __future__ import annotations

from typing import Any

from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("TransactionStmt")
def transaction(ctx: ReplayContext, node: Any) -> str:
    raise NotModelled("transaction control inside a file is ignored: the on-error policy decides the transactions")


@STATEMENTS.register("VariableSetStmt")
def set_variable(ctx: ReplayContext, node: Any) -> str:
    if node.name in ("search_path",):
        raise NotModelled("SET search_path is not modelled yet: names are resolved in public")
    return f"SET {node.name}: a session setting, no schema change"
