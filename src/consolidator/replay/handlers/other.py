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


# psql meta-commands that change nothing on the server (output, variables, timing).
_PSQL_NO_OPS = frozenset({"set", "unset", "echo", "qecho", "warn", "timing", "pset", "a", "t", "x", "H", "T", "C",
                          "f", "o", "out", "conninfo", "p", "print"})


@STATEMENTS.register("PsqlCommand")
def psql_command(ctx: ReplayContext, node: Any) -> str:
    if node.name in _PSQL_NO_OPS:
        return f"psql meta-command \\{node.name}: run by psql, no schema change"
    raise NotModelled(f"psql meta-command \\{node.name} is not modelled (psql runs it, the replay does not)")
