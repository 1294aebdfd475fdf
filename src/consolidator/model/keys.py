"""Typed keys: how the model names an object and how objects refer to each other.

In the dependents index, a `table` Ref names any relation a view can read (table, view, materialized view), and
a `column` Ref any relation's column.

Stores are keyed by the object's schema-qualified name ('public.users', see `names.qualify`); a `Ref` adds the
kind, so that a dependency edge says what it points at: a table, one of its columns, one of its constraints,
an index, a sequence, a type. Functions (in a later issue) add their input argument types.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from consolidator.model.names import split_key


class Kind(str, Enum):
    SCHEMA = "schema"
    EXTENSION = "extension"
    TYPE = "type"
    SEQUENCE = "sequence"
    TABLE = "table"
    COLUMN = "column"
    CONSTRAINT = "constraint"
    INDEX = "index"
    FUNCTION = "function"  # procedures too; `args` are the input argument types
    TRIGGER = "trigger"  # `part` is the trigger's name on its table
    POLICY = "policy"  # `part` is the row-level security policy's name on its table
    VIEW = "view"  # materialized views too
    OPAQUE = "opaque"  # an object kept as its statements (model/objects.py Opaque); `name` is its store key


class Ref(NamedTuple):
    """An object of the catalog: `name` is the store key ('public.t'; a schema's or an extension's own name),
    `part` the column or constraint within a table, `args` a function's input argument types."""

    kind: Kind
    name: str
    part: str = ""
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        label = split_key(self.name)[1] if "." in self.name else self.name
        if self.part:
            label = f"{label}.{self.part}"
        if self.args:
            label = f"{label}({', '.join(self.args)})"
        return f"{self.kind.value} {label}"


def function_ref(key: str, args: tuple[str, ...]) -> Ref:
    return Ref(Kind.FUNCTION, key, args=args)


def table_ref(key: str) -> Ref:
    return Ref(Kind.TABLE, key)


def column_ref(table_key: str, column: str) -> Ref:
    return Ref(Kind.COLUMN, table_key, column)


def constraint_ref(table_key: str, name: str) -> Ref:
    return Ref(Kind.CONSTRAINT, table_key, name)
