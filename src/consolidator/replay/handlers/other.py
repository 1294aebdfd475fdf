"""Statements that change no schema object the model holds, said as such."""

from __future__ import annotations

from typing import Any

from consolidator.replay.context import NotModelled, ReplayContext, TransactionControl
from consolidator.replay.effects import Effects, noted
from consolidator.parse.expressions import string_value
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.session import DEFAULT_SEARCH_PATH


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
    kind = node.kind.name
    if kind == "VAR_RESET_ALL" or (node.name == "search_path" and kind in ("VAR_RESET", "VAR_SET_DEFAULT")):
        return set_search_path(ctx, DEFAULT_SEARCH_PATH, bool(node.is_local), "RESET" if "RESET" in kind else "SET")
    if node.name == "search_path":
        if kind != "VAR_SET_VALUE":
            raise NotModelled(f"SET search_path ({kind}) is not modelled")
        path = tuple(string_value(a) for a in node.args or ())
        if any(p is None for p in path):
            raise NotModelled("SET search_path to a value that is not a list of names is not modelled")
        return set_search_path(ctx, path, bool(node.is_local), "SET")
    if node.name in ("role", "session_authorization"):
        back = kind in ("VAR_RESET", "VAR_SET_DEFAULT") or [string_value(a) for a in node.args or ()] == ["none"]
        if back:  # the model never switched: back to the role that connected is where it is
            return noted(f"{'RESET' if kind == 'VAR_RESET' else 'SET'} {node.name.replace('_', ' ')}: back to the role "
                         "that connected, as the model runs the history")
        raise NotModelled(f"SET {node.name.upper().replace('_', ' ')} is not modelled: the model runs the history as "
                          "the role that connected (owners and grantors follow it)")
    return noted(f"SET {node.name}: a session setting, no schema change")


def set_search_path(ctx: ReplayContext, path: tuple[str, ...], local: bool, verb: str) -> Effects:
    """SET [LOCAL] search_path / set_config('search_path', ...): names resolve through it from the next statement."""
    shown = ", ".join(path) or "(empty)"
    if ctx.session is None:
        raise NotModelled("search_path outside a file's session is not modelled")
    if local and not ctx.in_transaction_block:  # the server warns and changes nothing
        return noted(f"{verb} LOCAL search_path outside a transaction block: a warning, no effect")
    if local:
        ctx.session.local = path
    else:
        ctx.session.search_path, ctx.session.local = path, None
    return noted(f"{verb} {'LOCAL ' if local else ''}search_path to {shown}: unqualified names resolve through it")


# psql meta-commands that change nothing on the server (output, variables, timing).
_PSQL_NO_OPS = frozenset({"set", "unset", "echo", "qecho", "warn", "timing", "pset", "a", "t", "x", "H", "T", "C",
                          "f", "o", "out", "conninfo", "p", "print"})


@STATEMENTS.register("PsqlCommand")
def psql_command(ctx: ReplayContext, node: Any) -> Effects:
    if node.name in _PSQL_NO_OPS:
        return noted(f"psql meta-command \\{node.name}: run by psql, no schema change")
    raise NotModelled(f"psql meta-command \\{node.name} is not modelled (psql runs it, the replay does not)")
