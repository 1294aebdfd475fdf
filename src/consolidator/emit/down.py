"""The baseline's rollback: SQL that drops everything the baseline created, stored as its rollback_sql."""

from __future__ import annotations

from consolidator.emit.render import dollar_quote, drop_sql
from consolidator.order.plan import Plan


def render_down(plan: Plan) -> str:
    """Drop the late foreign keys, tables in reverse dependency order, then sequences, types, schemas, extensions.

    For a development or staging database: it removes the whole schema the baseline built. The tracking
    table itself stays; whoever runs this deletes the baseline's row, as for any rolled-back migration.
    """
    return "\n".join(drop_sql(d) for d in plan.drops) + "\n"


__all__ = ["dollar_quote", "render_down"]
