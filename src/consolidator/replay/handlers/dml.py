"""INSERT, UPDATE, DELETE: seed data is not modelled yet (a later issue), except the tool's own bookkeeping."""

from __future__ import annotations

from typing import Any

from consolidator.model.keys import table_ref
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, skipped
from consolidator.replay.registry import STATEMENTS


@STATEMENTS.register("InsertStmt")
def insert(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    if ctx.is_own_tracking_table(key):
        return skipped(table_ref(key), "the baseline's row in its tracking table: the tool's own bookkeeping")
    raise NotModelled("INSERT statements are not modelled yet")
