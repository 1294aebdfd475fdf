"""VACUUM, ANALYZE, LOCK, REINDEX TABLE / INDEX, NOTIFY, LISTEN, UNLISTEN, CHECKPOINT: no schema change, but the
server checks what they name first (42P01, 42703, 42809, 25P01), and so does the model. Whether VACUUM may run in
a transaction block is the file's transaction mode (parse/transaction_mode.py)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, noted
from consolidator.replay.registry import STATEMENTS

_TABLES = ("table", "foreign table")
_LOCKABLE = ("table", "view", "materialized view", "foreign table")
_NOTIFY_PAYLOAD_LIMIT = 8000  # NOTIFY_PAYLOAD_MAX_LENGTH - NAMEDATALEN, in bytes


def _written(rangevar: Any) -> str:
    return ".".join(p for p in (rangevar.schemaname, rangevar.relname) if p)


def _relation(ctx: ReplayContext, rangevar: Any) -> tuple[str, str]:
    """(key, kind) of a relation the statement names; 42P01 when none has the name."""
    key = ctx.relation_key(rangevar)
    kind = ctx.catalog.relation_kind(key)
    if kind is None:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_written(rangevar)}" does not exist')
    return key, kind


@STATEMENTS.register("VacuumStmt")
def vacuum(ctx: ReplayContext, node: Any) -> Effects:
    verb = "VACUUM" if node.is_vacuumcmd else "ANALYZE"
    for target in node.rels or ():
        key, kind = _relation(ctx, target.relation)
        if kind in _TABLES:
            table = ctx.catalog.tables.get(key)
            for column in target.va_cols or ():
                if table is not None and table.column(column.sval) is None:
                    raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column.sval}" of relation '
                                                             f'"{target.relation.relname}" does not exist')
    shown = ", ".join(_written(t.relation) for t in node.rels or ()) or "every table"
    return noted(f"{verb} {shown}: statistics and storage, no schema change")


@STATEMENTS.register("LockStmt")
def lock(ctx: ReplayContext, node: Any) -> Effects:
    if not ctx.in_transaction_block:
        raise PgError(SqlState.NO_ACTIVE_SQL_TRANSACTION, "LOCK TABLE can only be used in transaction blocks")
    for rangevar in node.relations or ():
        _, kind = _relation(ctx, rangevar)
        if kind not in _LOCKABLE:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'cannot lock relation "{rangevar.relname}"')
    return noted(f"LOCK {', '.join(_written(r) for r in node.relations or ())}: held until the file ends, no schema "
                 "change")


@STATEMENTS.register("ReindexStmt")
def reindex(ctx: ReplayContext, node: Any) -> Effects:
    what = node.kind.name.removeprefix("REINDEX_OBJECT_")
    if what not in ("INDEX", "TABLE"):
        raise NotModelled(f"REINDEX {what} is not modelled")
    _, kind = _relation(ctx, node.relation)
    if what == "INDEX" and kind not in ("index", "constraint index"):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{node.relation.relname}" is not an index')
    if what == "TABLE" and kind not in ("table", "materialized view"):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{node.relation.relname}" is not a table or materialized view')
    return noted(f"REINDEX {what} {_written(node.relation)}: rebuilt, no schema change")


@STATEMENTS.register("NotifyStmt")
def notify(ctx: ReplayContext, node: Any) -> Effects:
    if node.payload is not None and len(node.payload.encode("utf-8")) >= _NOTIFY_PAYLOAD_LIMIT:
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "payload string too long")
    return noted(f"NOTIFY {node.conditionname}: a message to listening sessions, no schema change")


@STATEMENTS.register("ListenStmt", "UnlistenStmt", "CheckPointStmt")
def session_only(ctx: ReplayContext, node: Any) -> Effects:
    word = {"ListenStmt": "LISTEN", "UnlistenStmt": "UNLISTEN", "CheckPointStmt": "CHECKPOINT"}[type(node).__name__]
    return noted(f"{word}: no schema change")
