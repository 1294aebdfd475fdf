"""The system objects of a fresh PostgreSQL 15 database: schemas, the relations of pg_catalog and
information_schema with their columns (attnum order), pg_catalog's indexes and the constraints.

Views carry the initdb script that defines them (``information_schema.sql``, ``system_views.sql``); the
generator fails if the server's views and those scripts disagree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from consolidator.pg15 import _data

RelKind = Literal["r", "v", "i", "S", "m", "p", "f", "c", "t"]


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: RelKind
    columns: tuple[tuple[str, str], ...] | None  # (name, type) of a table or view, attnum order
    table: str | None  # an index's table
    constraint: str | None  # the constraint an index backs (pg_constraint.conindid), if any
    source: str | None  # the share-folder script that creates a view (or information_schema's tables)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns or ())


@dataclass(frozen=True)
class SystemConstraint:
    schema: str
    name: str
    contype: Literal["c", "f", "p", "u", "t", "x"]
    table: str | None  # None for a domain's check
    domain: str | None
    index: str | None


@functools.cache
def schemas() -> tuple[str, ...]:
    """The schemas of a fresh database: information_schema, pg_catalog, pg_toast and public."""
    _, rows = _data.table("schemas.jsonl")
    return tuple(row[0] for row in rows)


def system_schemas() -> tuple[str, ...]:
    """The schemas a fresh database has that are not the user's (all but public)."""
    return tuple(s for s in schemas() if s != "public")


@functools.cache
def _relations() -> dict[tuple[str, str], Relation]:
    _, rows = _data.table("relations.jsonl")
    return {(row[0], row[1]): Relation(*row) for row in rows}


def relations(schema: str | None = None, kind: str | None = None) -> tuple[Relation, ...]:
    """The relations of pg_catalog and information_schema, by schema and relkind if given."""
    return tuple(r for r in _relations().values()
                 if (schema is None or r.schema == schema) and (kind is None or r.kind == kind))


@functools.cache
def relation_names(schema: str, kind: str | None = None) -> frozenset[str]:
    return frozenset(r.name for r in relations(schema, kind))


def relation(schema: str, name: str) -> Relation | None:
    return _relations().get((schema, name))


def columns(schema: str, name: str) -> tuple[tuple[str, str], ...] | None:
    """(column, type) of a system table or view in attnum order; None if there is no such relation."""
    r = relation(schema, name)
    return r.columns if r else None


def find_relation(name: str) -> Relation | None:
    """A system relation by bare name as the default search path finds it (pg_catalog only)."""
    return relation("pg_catalog", name)


def indexes() -> tuple[Relation, ...]:
    """pg_catalog's indexes; ``constraint`` names the primary key or unique constraint each backs."""
    return relations("pg_catalog", "i")


@functools.cache
def constraints() -> tuple[SystemConstraint, ...]:
    """Every constraint of a fresh database (the catalogs' keys, information_schema's domain checks)."""
    _, rows = _data.table("constraints.jsonl")
    return tuple(SystemConstraint(*row) for row in rows)


def system_type_names(schema: str | None = None) -> frozenset[str]:
    """pg_type.typname of every type of a fresh database (array types included), by schema if given."""
    from consolidator.pg15.types import _types

    return frozenset(t.name for t in _types().values() if schema is None or t.schema == schema)


def views_defined_in(script: str) -> frozenset[str]:
    """The views (and for information_schema.sql, tables) a share-folder script creates."""
    return frozenset(r.name for r in _relations().values() if r.source == script)
