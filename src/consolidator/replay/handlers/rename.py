"""ALTER TABLE / INDEX / SEQUENCE ... RENAME TO: relations share one namespace, one skeleton renames them.

ALTER TABLE and ALTER INDEX rename any relation, as the server allows; ALTER SEQUENCE wants a sequence.
"""

from __future__ import annotations

from typing import Any, Callable

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key, truncate
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, renamed, skipped
from consolidator.replay.registry import STATEMENTS

_KINDS = {"table": Kind.TABLE, "index": Kind.INDEX, "sequence": Kind.SEQUENCE, "constraint index": Kind.INDEX,
          "view": Kind.VIEW, "materialized view": Kind.VIEW, "foreign table": Kind.TABLE}


def _register(object_type: str, require: Callable[[ReplayContext, str], Any]) -> None:
    @STATEMENTS.register(("RenameStmt", object_type))
    def rename(ctx: ReplayContext, node: Any) -> Effects:
        key = ctx.relation_key(node.relation)
        skip = ctx.missing_relation(key, node.missing_ok)
        if skip:
            return skipped(None, skip)
        require(ctx, key)
        kind = ctx.catalog.relation_kind(key)
        # A LANGUAGE sql string body keeps naming the old table, as the server keeps it (the baseline creates it
        # unchecked); a RETURN / BEGIN ATOMIC body would be rewritten by the server.
        readers = sorted(f.signature for f in ctx.catalog.functions_reading(key) if f.sql_body is not None)
        if readers:
            raise NotModelled(f"{split_key(key)[1]} is read by the RETURN / BEGIN ATOMIC body of {', '.join(readers)}, "
                              "which the server rewrites with the new name")
        new_key = ctx.catalog.rename_relation(key, truncate(node.newname), ctx.span)
        return renamed(Ref(_KINDS[kind], key), Ref(_KINDS[kind], new_key),
                       f"renamed {kind} {split_key(key)[1]} to {split_key(new_key)[1]}")


_register("OBJECT_TABLE", lambda ctx, key: ctx.catalog.relation_kind(key) or ctx.catalog.table(key))
_register("OBJECT_INDEX", lambda ctx, key: None)  # rename_relation says 42P01 for a missing one
_register("OBJECT_SEQUENCE", lambda ctx, key: ctx.catalog.sequence(key))


def _require_view(materialized: bool):
    def require(ctx: ReplayContext, key: str) -> None:
        view = ctx.catalog.views.get(key)
        if view is None or view.materialized != materialized:
            if ctx.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{split_key(key)[1]}" does not exist')
            raise PgError(SqlState.WRONG_OBJECT_TYPE,
                          f'"{split_key(key)[1]}" is not a {"materialized view" if materialized else "view"}')
    return require


_register("OBJECT_VIEW", _require_view(False))
_register("OBJECT_MATVIEW", _require_view(True))
