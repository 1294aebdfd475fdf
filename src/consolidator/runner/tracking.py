"""The tracking table on a live database: the columns the audit specifies (model/tracking.py), one row per
applied migration. Always `public.<name>`, the schema the baseline creates it in.

A table of that name that lacks these columns belongs to another tool (golang-migrate, dbmate, Rails keep
theirs as `schema_migrations`): the runner refuses to touch it and says how to name its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

from consolidator.errors import ConsolidatorError
from consolidator.model import tracking
from consolidator.model.names import DEFAULT_SCHEMA

COLUMNS = tuple(name for name, _ in tracking.COLUMNS)


class ForeignTrackingTable(ConsolidatorError):
    """The tracking table's name is taken by a table of another shape."""


@dataclass(frozen=True)
class Row:
    version: str
    executed_at: datetime | None
    checksum: str | None
    success: bool
    rollback_sql: str | None


class TrackingTable:
    def __init__(self, conn: psycopg.Connection, name: str):
        self.conn = conn
        self.name = name
        self.ident = sql.Identifier(DEFAULT_SCHEMA, name)

    @property
    def qualified(self) -> str:
        return f"{DEFAULT_SCHEMA}.{self.name}"

    def exists(self) -> bool:
        """Whether it exists; ForeignTrackingTable when it does with other columns."""
        rows = self.conn.execute(
            "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY a.attnum",
            (DEFAULT_SCHEMA, self.name),
        ).fetchall()
        if not rows:
            return False
        columns = [r[0] for r in rows]
        missing = [c for c in COLUMNS if c not in columns]
        if missing:
            raise ForeignTrackingTable(
                f"table {self.qualified} exists but is not consolidator's tracking table (it has no column "
                f"{missing[0]}; its columns: {', '.join(columns)}): another tool's? Name consolidator's own with "
                "--tracking-table (the baseline's header says which it created)")
        return True

    def create(self) -> None:
        columns = sql.SQL(", ").join(sql.SQL(f"{name} {definition}") for name, definition in tracking.COLUMNS)
        self.conn.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(self.ident, columns))

    def rows(self) -> list[Row]:
        """Every row, in the order applied (executed_at, then version)."""
        if not self.exists():
            return []
        query = sql.SQL("SELECT version, executed_at, checksum, coalesce(success, false), rollback_sql FROM {} "
                        "ORDER BY executed_at NULLS FIRST, version").format(self.ident)
        return [Row(*r) for r in self.conn.execute(query).fetchall()]

    def insert(self, version: str, checksum: str, rollback_sql: str | None, success: bool = True) -> None:
        self.conn.execute(
            sql.SQL("INSERT INTO {} (version, checksum, success, rollback_sql) VALUES (%s, %s, %s, %s)").format(self.ident),
            (version, checksum, success, rollback_sql),
        )

    def update(self, version: str, checksum: str, rollback_sql: str | None) -> None:
        self.conn.execute(
            sql.SQL("UPDATE {} SET checksum = %s, rollback_sql = %s WHERE version = %s").format(self.ident),
            (checksum, rollback_sql, version),
        )

    def delete(self, version: str) -> int:
        cur = self.conn.execute(sql.SQL("DELETE FROM {} WHERE version = %s").format(self.ident), (version,))
        return cur.rowcount
