"""The objects of the catalog: pure data, each with its provenance.

Objects refer to each other by key ('schema.name'), never by pointer. Expressions
(defaults, checks, index expressions, generated columns) are `Expr`: SQL text in
which every column reference is a numbered placeholder, so that renaming or
dropping a column is a model operation that never needs a parser.
"""

from __future__ import annotations

import re
from typing import Callable, Literal

from pydantic import BaseModel, Field

from consolidator.model.acl import Acl, Privileged
from consolidator.model.names import quote
from consolidator.model.provenance import Provenance
from consolidator.model.types import SqlType
from consolidator.model.opaque_objects import OPAQUE_OWNER, OPAQUE_SELF, Opaque, Unmodelled  # noqa: F401  (re-exported)

COLUMN_PLACEHOLDER = "__consolidator_col_{}__"
_PLACEHOLDER = re.compile(r"__consolidator_col_(\d+)__")


class Expr(BaseModel):
    """SQL expression text with column references as placeholders: template 'p0 > 0' and columns ['price']."""

    template: str
    columns: list[str] = Field(default_factory=list)
    calls: list[str] = Field(default_factory=list)  # the functions it calls, as written ('f', 's.f')

    def render(self, quote_column: Callable[[str], str] = quote) -> str:
        return _PLACEHOLDER.sub(lambda m: quote_column(self.columns[int(m.group(1))]), self.template)

    def references(self, column: str) -> bool:
        return column in self.columns

    def rename_column(self, old: str, new: str) -> None:
        self.columns = [new if c == old else c for c in self.columns]

    def distinct_columns(self) -> list[str]:
        return list(dict.fromkeys(self.columns))

    def is_single_column(self) -> bool:
        return self.template == COLUMN_PLACEHOLDER.format(0) and len(self.columns) == 1


ParameterMode = Literal["in", "out", "inout", "variadic", "table"]


class FunctionParameter(BaseModel):
    name: str | None = None
    mode: ParameterMode = "in"
    type: SqlType
    default: str | None = None  # SQL text

    @property
    def is_input(self) -> bool:
        return self.mode in ("in", "inout", "variadic")


class Function(Privileged):
    """A function or procedure; `key` is 'schema.name(argument types)': overloads are distinct objects."""

    key: str
    schema_name: str
    name: str
    kind: Literal["function", "procedure"] = "function"
    parameters: list[FunctionParameter] = Field(default_factory=list)
    returns: SqlType | None = None  # None for a procedure
    returns_set: bool = False
    language: str = "sql"
    options: list[str] = Field(default_factory=list)  # SQL clauses: IMMUTABLE, STRICT, SECURITY DEFINER, SET ...
    body: str | None = None  # the AS string, verbatim
    link_symbol: str | None = None  # a C function's second AS string
    sql_body: str | None = None  # RETURN expr / BEGIN ATOMIC ... END, as SQL
    relations: list[str] = Field(default_factory=list)  # what a LANGUAGE sql body reads (checked when created)
    comment: str | None = None
    provenance: Provenance

    @property
    def arg_types(self) -> tuple[str, ...]:
        return tuple(type_identity(p.type) for p in self.parameters if p.is_input)

    @property
    def signature(self) -> str:
        """name(argument types) as the server's messages and COMMENT ON / DROP write it."""
        return f"{self.name}({', '.join(p.type.server_name() for p in self.parameters if p.is_input)})"


def type_identity(sql_type: SqlType) -> str:
    """What identifies a type in a function's signature: a built-in's internal name, a catalog type's key."""
    dims = "[]" * sql_type.array_dims
    if sql_type.origin == "builtin":
        return sql_type.internal or sql_type.name
    return (sql_type.key or sql_type.relation or sql_type.name) + dims


def function_key(schema: str, name: str, arg_types: tuple[str, ...]) -> str:
    return f"{schema}.{name}({','.join(arg_types)})"


class Extension(BaseModel):
    name: str
    schema_name: str
    version: str | None = None
    comment: str | None = None
    provenance: Provenance


class Schema(Privileged):
    name: str
    comment: str | None = None
    provenance: Provenance


class EnumType(Privileged):
    key: str
    labels: list[str]
    comment: str | None = None
    provenance: Provenance

    @property
    def noun(self) -> str:
        return "enum"

    def describe(self) -> str:
        return "enum: " + ", ".join(self.labels)


class DomainConstraint(BaseModel):
    """A domain's CHECK: `check` reads the domain's value as its only column, `value`."""

    name: str
    check: Expr
    not_valid: bool = False
    comment: str | None = None
    provenance: Provenance


class DomainType(Privileged):
    key: str
    base: SqlType
    not_null: bool = False
    default: Expr | None = None
    collation: str | None = None
    constraints: list[DomainConstraint] = Field(default_factory=list)
    comment: str | None = None
    provenance: Provenance

    @property
    def noun(self) -> str:
        return "domain"

    def describe(self) -> str:
        return f"domain over {self.base.sql}" + (f", checks {', '.join(c.name for c in self.constraints)}"
                                                 if self.constraints else "")

    def constraint(self, name: str) -> DomainConstraint | None:
        return next((c for c in self.constraints if c.name == name), None)


class CompositeAttribute(BaseModel):
    name: str
    type: SqlType
    collation: str | None = None
    comment: str | None = None


class CompositeType(Privileged):
    """CREATE TYPE ... AS (...): a relation of its own (relkind c) as well as a type."""

    key: str
    attributes: list[CompositeAttribute] = Field(default_factory=list)
    comment: str | None = None
    provenance: Provenance

    @property
    def noun(self) -> str:
        return "composite"

    def describe(self) -> str:
        return "composite: " + ", ".join(f"{a.name} {a.type.sql}" for a in self.attributes)

    def attribute(self, name: str) -> CompositeAttribute | None:
        return next((a for a in self.attributes if a.name == name), None)


class RangeType(Privileged):
    """CREATE TYPE ... AS RANGE; the server creates its multirange type (`multirange`, a key) with it."""

    key: str
    subtype: SqlType
    multirange: str
    options: list[tuple[str, str]] = Field(default_factory=list)  # (option, value as SQL) besides subtype, as written
    constructor: str | None = None  # its constructor functions' name, when a rename left them behind
    comment: str | None = None
    multirange_acl: Acl | None = None  # the multirange's privileges: what default privileges gave it when created
    constructor_acl: Acl | None = None  # its five constructor functions' privileges, the same way
    provenance: Provenance

    @property
    def noun(self) -> str:
        return "range"

    def describe(self) -> str:
        return f"range of {self.subtype.sql} (multirange {self.multirange.partition('.')[2]})"

    @property
    def constructor_name(self) -> str:
        return self.constructor or self.key.partition(".")[2]


UserType = EnumType | DomainType | CompositeType | RangeType


class Sequence(Privileged):
    key: str
    data_type: str = "bigint"
    start: int | None = None  # None: the default for the type and direction
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: tuple[str, str] | None = None  # (table key, column name)
    last_value: int | None = None  # None: never moved since its start (the position a fresh CREATE gives)
    is_called: bool = False
    # why the model cannot tell where it stands (a statement that may have moved it was not followed): its
    # position is left out of the baseline and listed; a setval() makes it known again
    position_unknown: str | None = None
    comment: str | None = None
    provenance: Provenance

    def has_default_options(self) -> bool:
        """Whether every option is the default for the sequence's type and direction (what serial creates)."""
        return (self.increment == 1 and self.min_value is None and self.max_value is None and self.start is None
                and self.cache == 1 and not self.cycle)


IdentityKind = Literal["always", "by default"]


class Column(BaseModel):
    name: str
    type: SqlType
    not_null: bool = False
    default: Expr | None = None
    default_sequence: str | None = None  # default is nextval() of this sequence (followed through renames)
    identity: IdentityKind | None = None
    identity_sequence: str | None = None
    generated: Expr | None = None  # GENERATED ALWAYS AS (...) STORED
    collation: str | None = None
    local: bool = True  # False: only inherited from a parent (INHERITS); the baseline does not write it
    comment: str | None = None
    acl: Acl | None = None  # column privileges (attacl); None: none granted
    provenance: Provenance

    @property
    def type_key(self) -> str | None:
        """The catalog type (an enum) the column uses, arrays included, as a key."""
        return self.type.key


ConstraintKind = Literal["primary key", "unique", "check", "foreign key", "exclude"]


class Constraint(BaseModel):
    name: str
    kind: ConstraintKind
    columns: list[str] = Field(default_factory=list)  # key columns; the local columns of a foreign key
    include: list[str] = Field(default_factory=list)
    check: Expr | None = None
    ref_table: str | None = None
    ref_columns: list[str] = Field(default_factory=list)
    on_delete: str | None = None  # SQL words: "CASCADE", "SET NULL", ...; None is NO ACTION
    on_update: str | None = None
    match_full: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    not_valid: bool = False
    no_inherit: bool = False
    nulls_not_distinct: bool = False
    local: bool = True  # False: a CHECK only inherited from a parent (INHERITS)
    comment: str | None = None
    provenance: Provenance

    @property
    def has_index(self) -> bool:
        return self.kind in ("primary key", "unique", "exclude")

    def referenced_columns(self) -> list[str]:
        cols = list(self.columns) + list(self.include)
        if self.check is not None:
            cols += self.check.columns
        return cols


class IndexElement(BaseModel):
    expr: Expr  # a plain column is the expression of one placeholder
    collation: str | None = None
    opclass: str | None = None
    descending: bool = False
    nulls: Literal["first", "last"] | None = None


class Index(BaseModel):
    key: str
    table: str
    unique: bool = False
    method: str = "btree"
    elements: list[IndexElement]
    include: list[str] = Field(default_factory=list)
    where: Expr | None = None
    nulls_not_distinct: bool = False
    comment: str | None = None
    provenance: Provenance

    def referenced_columns(self) -> list[str]:
        cols = [c for e in self.elements for c in e.expr.columns] + list(self.include)
        if self.where is not None:
            cols += self.where.columns
        return cols


class Trigger(BaseModel):
    name: str
    function: str  # the function's key
    timing: Literal["before", "after", "instead of"] = "after"
    events: list[str] = Field(default_factory=list)  # insert, delete, update, truncate (the server's order)
    columns: list[str] = Field(default_factory=list)  # UPDATE OF
    row: bool = False  # FOR EACH ROW (else FOR EACH STATEMENT)
    when: Expr | None = None  # WHEN (...), OLD.x / NEW.x kept as written
    args: list[str] = Field(default_factory=list)  # the arguments, as string constants
    constraint: bool = False  # CREATE CONSTRAINT TRIGGER
    deferrable: bool = False
    initially_deferred: bool = False
    referenced_table: str | None = None  # FROM table (constraint triggers)
    old_table: str | None = None  # REFERENCING OLD TABLE AS
    new_table: str | None = None  # REFERENCING NEW TABLE AS
    enabled: Literal["O", "D", "R", "A"] = "O"  # origin, disabled, replica, always
    comment: str | None = None
    provenance: Provenance


class Policy(BaseModel):
    """CREATE POLICY: `roles` as the server keeps them ('public' alone when PUBLIC is among them; a named role,
    or CURRENT_USER / SESSION_USER / CURRENT_ROLE as written, which the server resolves when it runs)."""

    name: str
    command: Literal["all", "select", "insert", "update", "delete"] = "all"
    permissive: bool = True
    roles: list[str] = Field(default_factory=lambda: ["public"])
    using: Expr | None = None
    with_check: Expr | None = None
    comment: str | None = None
    provenance: Provenance

    def expressions(self) -> list[Expr]:
        return [e for e in (self.using, self.with_check) if e is not None]

    def references(self, column: str) -> bool:
        return any(e.references(column) for e in self.expressions())


class ViewColumn(BaseModel):
    name: str
    type: SqlType | None = None  # None when the model cannot tell (an expression it does not type)
    comment: str | None = None
    provenance: Provenance | None = None


class View(Privileged):
    """A view or materialized view. Its query is SQL with placeholders (query/analyze.py) for the relations
    and columns it reads and for its own column names, so renames reach it as they reach the server's
    stored query; `*` was expanded when it was created."""

    key: str
    materialized: bool = False
    template: str
    relations: list[str] = Field(default_factory=list)  # REL placeholder N -> relation key
    reads: list[tuple[str, str]] = Field(default_factory=list)  # COL placeholder N -> (relation key, column)
    columns: list[ViewColumn] = Field(default_factory=list)  # OUT placeholder N -> the view's column N
    calls: list[str] = Field(default_factory=list)
    with_data: bool = True  # materialized views: WITH DATA
    # a populated materialized view whose tables' rows changed after it was filled (file:line of the first change):
    # the baseline, which creates it after every row, would fill it with rows the legacy database's does not hold
    stale_since: str | None = None
    check_option: str | None = None  # LOCAL, CASCADED
    options: list[str] = Field(default_factory=list)  # WITH (security_barrier = true, ...)
    comment: str | None = None
    provenance: Provenance

    def column(self, name: str) -> ViewColumn | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    @property
    def kind(self) -> str:
        return "materialized view" if self.materialized else "view"


class PartitionKey(BaseModel):
    """PARTITION BY: the strategy and the key's columns (expressions are not modelled)."""

    strategy: Literal["range", "list", "hash"]
    columns: list[str]


class BoundDatum(BaseModel):
    """One value of a partition bound as written: a literal (`quoted`: a string constant), NULL, MINVALUE or
    MAXVALUE."""

    kind: Literal["value", "null", "minvalue", "maxvalue"]
    text: str | None = None
    quoted: bool = False


class PartitionBound(BaseModel):
    """FOR VALUES ... of a partition: FROM/TO (range), IN (list), WITH (hash), or DEFAULT."""

    strategy: Literal["range", "list", "hash", "default"]
    lower: list[BoundDatum] = Field(default_factory=list)
    upper: list[BoundDatum] = Field(default_factory=list)
    values: list[BoundDatum] = Field(default_factory=list)
    modulus: int = 0
    remainder: int = 0


class Table(Privileged):
    key: str
    columns: list[Column] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    row_security: bool = False  # ENABLE ROW LEVEL SECURITY
    force_row_security: bool = False  # FORCE ROW LEVEL SECURITY
    unlogged: bool = False
    partition_key: PartitionKey | None = None  # a partitioned table (relkind 'p')
    partition_of: str | None = None  # a partition: its parent's key, with `bound`
    inherits: list[str] = Field(default_factory=list)  # INHERITS (parents), their keys in order
    bound: PartitionBound | None = None
    attached: bool = False  # a partition made by ATTACH PARTITION: a table of its own columns, then attached
    comment: str | None = None
    provenance: Provenance

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def constraint(self, name: str) -> Constraint | None:
        for c in self.constraints:
            if c.name == name:
                return c
        return None

    def trigger(self, name: str) -> Trigger | None:
        for t in self.triggers:
            if t.name == name:
                return t
        return None

    def policy(self, name: str) -> Policy | None:
        for p in self.policies:
            if p.name == name:
                return p
        return None

    def primary_key(self) -> Constraint | None:
        for c in self.constraints:
            if c.kind == "primary key":
                return c
        return None
