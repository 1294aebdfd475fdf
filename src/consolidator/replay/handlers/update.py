"""UPDATE ... SET ... [FROM ...] [WHERE ...] over the model's rows: every SET expression reads the old row; unique
keys, foreign keys and the actions of the keys that reference the changed rows as the server applies them."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key
from consolidator.model.rows import Row
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered
from consolidator.replay.handlers.insert import plan_set, set_columns
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.constraints import Enforcer, Uniques, Work, duplicate
from consolidator.replay.seed.sources import from_items, scopes
from consolidator.replay.seed.triggers import after_rows, before_row
from consolidator.replay.seed.target import seed_statement, target_table
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of


@STATEMENTS.register("UpdateStmt")
@seed_statement
def update(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    if node.withClause is not None:
        raise NotModelled("UPDATE with WITH is not evaluated yet")
    table = target_table(ctx, key, "update")
    values = Values(ctx)
    sources = from_items(values, node.fromClause)
    name = node.relation.alias.aliasname if node.relation.alias is not None else split_key(key)[1]
    columns = columns_of(table)
    work = Work(ctx.catalog)
    rows = work.rows(key)
    plan_set(values, table, Scope([Relation((name,), columns), *(Relation(s.names, s.columns) for s in sources)]),
             [node.whereClause], node.targetList)
    triggers = before_row(values, table, "update")
    if ctx.catalog.order_unknown(key) and len(rows) > 1 and ("nextval" in ctx.text.lower() or "default" in ctx.text.lower()):
        raise NotModelled("UPDATE calls nextval() row by row in the table's scan order, which an earlier UPDATE or "
                          "DELETE moved in a way the model does not follow")
    changes: list[tuple[int, Row, Row]] = []
    for i, old in enumerate(list(rows)):
        matches = [scope for scope in scopes(sources, [Relation((name,), columns, old)])
                   if node.whereClause is None or values.truth(node.whereClause, scope)]
        if not matches:
            continue
        if len(matches) > 1:
            raise NotModelled("a row matches several rows of FROM: the server updates it from one of them, "
                              "which one is not determined")
        new = set_columns(values, table, old, node.targetList, matches[0])
        for change in triggers:
            new = change(new, old)
            if new is None:
                break  # a BEFORE trigger returned NULL: the row is left alone
            new = values.generated(table, new)
        if new is not None:
            changes.append((i, old, new))
    if changes:
        work.shuffled.add(key)
    enforcer = Enforcer(values)
    for _, _, new in changes:
        enforcer.row(table, new)
    uniques = _check_unique(ctx, table, rows, changes)
    for i, _, new in changes:
        rows[i] = new
    enforcer.references(work, table, [new for _, _, new in changes], before=[old for _, old, _ in changes])
    enforcer.referenced(work, table, [(old, new) for _, old, new in changes])
    work.commit()
    if not any(c.kind == "foreign key" and c.ref_table == key for c in table.constraints):
        uniques.remember(ctx.catalog)  # (a key's action on the table itself would change rows behind its back)
    after_rows(values, table, "update", [(new, old) for _, old, new in changes])
    count = len(changes)
    return altered(table_ref(key), "rows", f"updated {count} row{'s' if count != 1 else ''} of {split_key(key)[1]}")


def _check_unique(ctx: ReplayContext, table, rows: list[Row], changes: list[tuple[int, Row, Row]]) -> Uniques:
    """The server checks each new row version as it writes it: a key that moves onto the old key of a row the
    statement changes later (UPDATE t SET id = id + 1) fails or not by the order it visits rows, which the model
    does not know; a key taken by a row left alone, or by another new row, fails for certain."""
    final = Uniques(ctx.catalog, table, rows, cached=True)  # `rows`: the stored ones, not changed yet
    for _, old, _ in changes:
        final.remove(old)
    for _, _, new in changes:
        clashes = final.conflicts(new)
        if clashes:
            raise duplicate(clashes[0][0].name)
        final.add(new)
    before = Uniques(ctx.catalog, table, [old for _, old, _ in changes])
    for _, old, new in changes:
        if any(other is not old for _, other in before.conflicts(new)):
            raise NotModelled("a changed key takes the old key of another changed row: whether the server "
                              "refuses it (23505) depends on the order it visits the rows")
    return final
