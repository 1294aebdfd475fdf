"""The baseline's rollback: SQL that drops everything the baseline created, stored as its rollback_sql."""

from __future__ import annotations

from consolidator.model.catalog import Catalog
from consolidator.model.names import quote, render_key
from consolidator.order.dependencies import order_tables


def render_down(catalog: Catalog) -> str:
    """Drop the late foreign keys, tables in reverse dependency order, then sequences, types, schemas, extensions.

    For a development or staging database: it removes the whole schema the baseline built. The tracking
    table itself stays; whoever runs this deletes the baseline's row, as for any rolled-back migration.
    """
    lines: list[str] = []
    order = order_tables(catalog)
    # No CASCADE: an object a later migration built on these tables must make the rollback fail, not vanish.
    for table_key, name in order.late_foreign_keys:
        lines.append(f"ALTER TABLE IF EXISTS {render_key(table_key)} DROP CONSTRAINT IF EXISTS {quote(name)};")
    for key in reversed(order.tables):
        lines.append(f"DROP TABLE IF EXISTS {render_key(key)};")
    owned = {s.key for s in catalog.sequences.values() if s.owned_by}
    for key in sorted(k for k in catalog.sequences if k not in owned):
        lines.append(f"DROP SEQUENCE IF EXISTS {render_key(key)};")
    for key in sorted(catalog.types):
        lines.append(f"DROP TYPE IF EXISTS {render_key(key)};")
    for name in sorted(catalog.schemas):
        lines.append(f"DROP SCHEMA IF EXISTS {quote(name)};")
    for name in sorted(catalog.extensions):
        lines.append(f"DROP EXTENSION IF EXISTS {quote(name)};")
    return "\n".join(lines) + "\n"


def dollar_quote(text: str, tag: str = "rollback") -> str:
    """$tag$text$tag$ with a tag that does not occur in the text."""
    n = 0
    candidate = tag
    while f"${candidate}$" in text:
        n += 1
        candidate = f"{tag}{n}"
    return f"${candidate}${text}${candidate}$"
