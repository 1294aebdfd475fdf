"""DELETE FROM ... [USING ...] [WHERE ...] over the model's rows, with the actions of the foreign keys that reference
the deleted rows (CASCADE, SET NULL, SET DEFAULT; NO ACTION and RESTRICT refuse with 23503)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.constraints import Enforcer, Work
from consolidator.replay.seed.sources import from_items, scopes
from consolidator.replay.seed.target import seed_statement, target_table
from consolidator.replay.seed.triggers import after_rows, before_row
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of


@STATEMENTS.register("DeleteStmt")
@seed_statement
def delete(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    if node.withClause is not None:
        raise NotModelled("DELETE with WITH is not evaluated yet")
    table = target_table(ctx, key, "delete")
    values = Values(ctx)
    sources = from_items(values, node.usingClause)
    name = node.relation.alias.aliasname if node.relation.alias is not None else split_key(key)[1]
    columns = columns_of(table)
    work = Work(ctx.catalog)
    rows = work.rows(key)
    if node.whereClause is not None:  # analysed and folded before any row is read, so even when none is
        values.plan(Scope([Relation((name,), columns), *(Relation(s.names, s.columns) for s in sources)]),
                    [node.whereClause], [])
    doomed = []
    for row in rows:
        if node.whereClause is None and not sources:
            doomed.append(row)
            continue
        if any(node.whereClause is None or values.truth(node.whereClause, scope)
               for scope in scopes(sources, [Relation((name,), columns, row)])):
            doomed.append(row)
    triggers = before_row(values, table, "delete")
    if triggers:  # a BEFORE DELETE trigger returning NULL keeps the row
        doomed = [r for r in doomed if all(change(r, None) is not None for change in triggers)]
    gone = {id(r) for r in doomed}
    rows[:] = [r for r in rows if id(r) not in gone]
    if doomed:
        work.shuffled.add(key)
    Enforcer(values).referenced(work, table, [(r, None) for r in doomed])
    work.commit()
    after_rows(values, table, "delete", [(None, r) for r in doomed])
    count = len(doomed)
    return altered(table_ref(key), "rows", f"deleted {count} row{'s' if count != 1 else ''} of {split_key(key)[1]}")
