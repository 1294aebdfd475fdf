"""Statements that change no schema object the model holds, said as such."""

from __future__ import annotations

from typing import Any

from consolidator.replay.context import NotModelled, ReplayContext, TransactionControl
from consolidator.replay.effects import Effects, noted
from consolidator.replay.registry import STATEMENTS


_TRANSACTION_ACTIONS = {
    "TRANS_STMT_BEGIN": "begin", "TRANS_STMT_START": "begin", "TRANS_STMT_COMMIT": "commit",
    "TRANS_STMT_ROLLBACK": "rollback", "TRANS_STMT_SAVEPOINT": "savepoint", "TRANS_STMT_RELEASE": "release",
    "TRANS_STMT_ROLLBACK_TO": "rollback to",
}


@STATEMENTS.register("TransactionStmt")
def transaction(ctx: ReplayContext, node: Any) -> Effects:
    action = _TRANSACTION_ACTIONS.get(node.kind.name)
    if action is None or getattr(node, "chain", False):
        raise NotModelled(f"{node.kind.name[11:].replace('_', ' ')} is not modelled: two-phase commit and chained "
                          "transactions are left to the server")
    raise TransactionControl(action, node.savepoint_name)


@STATEMENTS.register("VariableSetStmt")
def set_variable(ctx: ReplayContext, node: Any) -> Effects:
    if node.name in ("search_path",):
        raise NotModelled("SET search_path is not modelled yet: names are resolved in public")
    return noted(f"SET {node.name}: a session setting, no schema change")


# psql meta-commands that change nothing on the server (output, variables, timing).
_PSQL_NO_OPS = frozenset({"set", "unset", "echo", "qecho", "warn", "timing", "pset", "a", "t", "x", "H", "T", "C",
                          "f", "o", "out", "conninfo", "p", "print"})


@STATEMENTS.register("PsqlCommand")
def psql_command(ctx: ReplayContext, node: Any) -> Effects:
    if node.name in _PSQL_NO_OPS:
        return noted(f"psql meta-command \\{node.name}: run by psql, no schema change")
    raise NotModelled(f"psql meta-command \\{node.name} is not modelled (psql runs it, the replay does not)")
