"""The statements a baseline consists of, each decided here and rendered by emit/ (which decides nothing).

Every unit is one node of the dependency graph: `node` names it, `deps` are the nodes it needs first,
`key` orders it among the nodes that are ready (a lexicographic topological sort), and `section` and
`group` say where it sits in the file (a header per section, a blank line between groups).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from consolidator.model.keys import Ref
from consolidator.model.objects import (
    Column, CompositeType, Constraint, DomainConstraint, DomainType, EnumType, Extension, Function, Index, RangeType,
    Opaque, Policy, Schema, Sequence, Table, Trigger, View,
)

# Sections, in the order they come (a dependency may still pull a unit ahead of its section's place).
(SCHEMAS, EXTENSIONS, OPAQUE_EARLY, SEQUENCES, TYPES, FUNCTIONS, OPAQUE_ROUTINES, TABLES, FOREIGN_TABLES, SEED_ROWS,
 LATE_FOREIGN_KEYS, DEFERRED, VIEWS, TRIGGERS, POLICIES, OPAQUE_LATE, COMMENTS, SEQUENCE_POSITIONS) = range(18)
SECTION_TITLES = {
    SCHEMAS: "Schemas",
    EXTENSIONS: "Extensions",
    OPAQUE_EARLY: "Collations, text search, foreign servers",
    SEQUENCES: "Sequences",
    TYPES: "Types",
    FUNCTIONS: "Functions and procedures",
    OPAQUE_ROUTINES: "Aggregates, operators and casts",
    TABLES: "Tables",
    FOREIGN_TABLES: "Foreign tables",
    SEED_ROWS: "Seed rows (after the tables, before triggers and late keys)",
    LATE_FOREIGN_KEYS: "Foreign keys added after their tables (cycles and self-references)",
    DEFERRED: "Defaults and checks added after the functions they call (those functions read their table)",
    VIEWS: "Views and materialized views",
    TRIGGERS: "Triggers",
    POLICIES: "Row-level security",
    OPAQUE_LATE: "Rules, event triggers and publications",
    COMMENTS: "Comments",
    SEQUENCE_POSITIONS: "Sequence positions (setval, after every table)",
}

Key = tuple[int, int, int, str]


@dataclass(frozen=True, kw_only=True, eq=False)
class Unit:
    node: Ref | tuple
    key: Key
    deps: tuple = ()

    @property
    def section(self) -> int:
        return self.key[0]

    @property
    def group(self) -> tuple:
        """Units of one group are written together; a blank line separates groups."""
        return (self.key[0],)


@dataclass(frozen=True, kw_only=True, eq=False)
class ExtensionUnit(Unit):
    extension: Extension


@dataclass(frozen=True, kw_only=True, eq=False)
class SchemaUnit(Unit):
    schema: Schema


@dataclass(frozen=True, kw_only=True, eq=False)
class SequenceUnit(Unit):
    sequence: Sequence


@dataclass(frozen=True, kw_only=True, eq=False)
class SequencePositionUnit(Unit):
    """setval() for a sequence the history moved from its fresh position."""
    sequence: Sequence


@dataclass(frozen=True, kw_only=True, eq=False)
class RowsUnit(Unit):
    """One INSERT of a table's seed rows, in the order they are written (order/seed_rows.py)."""
    table: Table
    columns: tuple[str, ...]  # named in the INSERT: every column but the generated ones
    rows: tuple  # of model/rows.py Row
    overriding: bool  # an identity column: OVERRIDING SYSTEM VALUE


@dataclass(frozen=True, kw_only=True, eq=False)
class EnumUnit(Unit):
    enum: EnumType

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class DomainUnit(Unit):
    domain: DomainType
    inline: tuple[DomainConstraint, ...]  # the CHECKs CREATE DOMAIN holds (the NOT VALID ones come after it)

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class DomainConstraintUnit(Unit):
    domain_key: str
    constraint: DomainConstraint


@dataclass(frozen=True, kw_only=True, eq=False)
class CompositeUnit(Unit):
    composite: CompositeType

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class RangeUnit(Unit):
    range: RangeType

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class FunctionUnit(Unit):
    function: Function

    @property
    def group(self) -> tuple:
        return self.key  # each function under its provenance, with a blank line after it


@dataclass(frozen=True, kw_only=True, eq=False)
class OpaqueUnit(Unit):
    """An object kept as its statements (objects.Opaque): its CREATE, the ALTERs that followed, its comment."""
    opaque: Opaque
    owner_sql: str = ""  # the name of what it belongs to, in SQL (a rule's table, a user mapping's server)

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class ViewUnit(Unit):
    view: View


@dataclass(frozen=True, kw_only=True, eq=False)
class TriggerUnit(Unit):
    table_key: str
    trigger: Trigger
    function_name: str  # the function's schema-qualified name, without its arguments


@dataclass(frozen=True, kw_only=True, eq=False)
class RowSecurityUnit(Unit):
    """ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY, for a table with either flag set."""
    table: Table


@dataclass(frozen=True, kw_only=True, eq=False)
class PolicyUnit(Unit):
    table_key: str
    policy: Policy


@dataclass(frozen=True, kw_only=True, eq=False)
class TableUnit(Unit):
    """CREATE TABLE with its columns (`serial`: the ones written as serial) and the constraints written inside."""

    table: Table
    serial: frozenset[str] = frozenset()
    inline: tuple[Constraint, ...] = ()
    deferred_defaults: frozenset[str] = frozenset()  # columns whose default comes later (DefaultUnit)
    sequences: dict[str, Sequence] = field(default_factory=dict)  # the identity sequences of its columns, by key

    @property
    def group(self) -> tuple:
        return self.key[:2]


@dataclass(frozen=True, kw_only=True, eq=False)
class _TablePart(Unit):
    table_key: str

    @property
    def group(self) -> tuple:
        return self.key[:2]  # with its table


@dataclass(frozen=True, kw_only=True, eq=False)
class OwnedByUnit(_TablePart):
    sequence: Sequence


@dataclass(frozen=True, kw_only=True, eq=False)
class ConstraintUnit(_TablePart):
    """ALTER TABLE ... ADD CONSTRAINT: NOT VALID ones, keys CREATE TABLE would fold, foreign keys closing a cycle."""

    constraint: Constraint

    @property
    def group(self) -> tuple:
        return (self.key[0],) if self.key[0] in (LATE_FOREIGN_KEYS, DEFERRED) else self.key[:2]


@dataclass(frozen=True, kw_only=True, eq=False)
class DefaultUnit(_TablePart):
    """ALTER TABLE ... ALTER COLUMN ... SET DEFAULT, for a default that calls a function reading its table."""

    column: Column

    @property
    def group(self) -> tuple:
        return (self.key[0],)


@dataclass(frozen=True, kw_only=True, eq=False)
class IndexUnit(_TablePart):
    index: Index


@dataclass(frozen=True, kw_only=True, eq=False)
class AttachUnit(_TablePart):
    """ALTER TABLE parent ATTACH PARTITION table: after the table's indexes and the parent's, so that the server
    matches them as it did in the history."""
    table: Table


@dataclass(frozen=True, kw_only=True, eq=False)
class CommentUnit(Unit):
    """COMMENT ON `target` (a Ref to a schema, extension, type, sequence, table, column, constraint or index)."""

    target: Ref
    text: str = ""
    signature: str | None = None  # a function's name(argument types), in SQL, as COMMENT ON names it


@dataclass(frozen=True)
class DropUnit:
    """One statement of the baseline's rollback: the object to drop (`table_key` for a constraint)."""

    target: Ref
    table_key: str | None = None
    signature: str | None = None  # a function's name(argument types), in SQL


