"""TRUNCATE [CASCADE] [RESTART IDENTITY]: the tables' rows are removed; without CASCADE a table referenced by a
foreign key from a table not truncated with it is refused (0A000), as heap_truncate_check_FKs does."""

from __future__ import annotations

from typing import Any

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.target import seed_statement, target_table


@STATEMENTS.register("TruncateStmt")
@seed_statement
def truncate(ctx: ReplayContext, node: Any) -> Effects:
    catalog = ctx.catalog
    keys: list[str] = []
    for relation in node.relations:
        key = ctx.relation_key(relation)
        catalog.table(key)
        if key not in keys:
            keys.append(key)
    cascade = node.behavior.name == "DROP_CASCADE"
    i = 0
    while i < len(keys):  # CASCADE: the tables referencing them, and theirs
        for child, fk in catalog.foreign_keys_to(keys[i]):
            if child.key not in keys:
                if not cascade:
                    raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                                  "cannot truncate a table referenced in a foreign key constraint")
                keys.append(child.key)
        i += 1
    for key in keys:
        target_table(ctx, key, "truncate", reads_rows=False)
    effects = []
    for key in keys:
        catalog.replace_rows(key, ())
        catalog.forget_unknown_rows(key)
        if node.restart_seqs:
            for seq in catalog.sequences_owned_by(key):
                catalog.set_sequence_options(seq.key, {"restart": None}, ctx.span)
        effects.append(altered(table_ref(key), "rows", f"truncated {split_key(key)[1]}"))
    return effects
