"""The statements a baseline consists of, each decided here and rendered by emit/ (which decides nothing).

Every unit is one node of the dependency graph: `node` names it, `deps` are the nodes it needs first,
`key` orders it among the nodes that are ready (a lexicographic topological sort), and `section` and
`group` say where it sits in the file (a header per section, a blank line between groups).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from consolidator.model.keys import Ref
from consolidator.model.objects import Constraint, EnumType, Extension, Index, Schema, Sequence, Table

# Sections, in the order they come (a dependency may still pull a unit ahead of its section's place).
SCHEMAS, EXTENSIONS, SEQUENCES, TYPES, TABLES, LATE_FOREIGN_KEYS, COMMENTS = range(7)
SECTION_TITLES = {
    SCHEMAS: "Schemas",
    EXTENSIONS: "Extensions",
    SEQUENCES: "Sequences",
    TYPES: "Types",
    TABLES: "Tables",
    LATE_FOREIGN_KEYS: "Foreign keys added after their tables (cycles and self-references)",
    COMMENTS: "Comments",
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
class EnumUnit(Unit):
    enum: EnumType

    @property
    def group(self) -> tuple:
        return self.key


@dataclass(frozen=True, kw_only=True, eq=False)
class TableUnit(Unit):
    """CREATE TABLE with its columns (`serial`: the ones written as serial) and the constraints written inside."""

    table: Table
    serial: frozenset[str] = frozenset()
    inline: tuple[Constraint, ...] = ()
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
        return (self.key[0],) if self.key[0] == LATE_FOREIGN_KEYS else self.key[:2]


@dataclass(frozen=True, kw_only=True, eq=False)
class IndexUnit(_TablePart):
    index: Index


@dataclass(frozen=True, kw_only=True, eq=False)
class CommentUnit(Unit):
    """COMMENT ON `target` (a Ref to a schema, extension, type, sequence, table, column, constraint or index)."""

    target: Ref
    text: str = ""


@dataclass(frozen=True)
class DropUnit:
    """One statement of the baseline's rollback: the object to drop (`table_key` for a constraint)."""

    target: Ref
    table_key: str | None = None


