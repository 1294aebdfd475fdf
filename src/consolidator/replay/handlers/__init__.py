"""One handler per statement kind, registered by key; `dispatch` finds it."""

from __future__ import annotations

from typing import Any

from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS

# The rest come in later issues; until then they are reported, never dropped.
_LATER = {
    "CreateFunctionStmt": "CREATE FUNCTION",
    "CreateTrigStmt": "CREATE TRIGGER",
    "ViewStmt": "CREATE VIEW",
    "InsertStmt": "INSERT",
    "UpdateStmt": "UPDATE",
    "DeleteStmt": "DELETE",
    "SelectStmt": "SELECT",
    "CreatePolicyStmt": "CREATE POLICY",
    "GrantStmt": "GRANT/REVOKE",
}


def statement_key(node: Any) -> object:
    name = type(node).__name__
    if name == "DropStmt":
        return (name, node.removeType.name)
    if name == "RenameStmt":
        return (name, node.renameType.name)
    return name


def dispatch(ctx: ReplayContext, node: Any) -> str:
    """Apply one statement to the catalog; returns a sentence saying what it did."""
    key = statement_key(node)
    handler = STATEMENTS.get(key)
    if handler is None:
        name = type(node).__name__
        if isinstance(key, tuple):
            what = f"{'DROP' if key[0] == 'DropStmt' else 'RENAME of'} {key[1][7:]}"
        else:
            what = _LATER.get(name, name.removesuffix("Stmt"))
        raise NotModelled(f"{what} statements are not modelled yet")
    return handler(ctx, node)


from consolidator.replay.handlers import (  # noqa: E402  (registration)
    column,
    comment,
    constraint,
    do_block,
    enum_type,
    extension,
    index,
    other,
    schema,
    sequence,
    table,
)
