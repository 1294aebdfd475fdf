"""Which values become which types: the casts the replay needs to decide what the server accepts.

ALTER COLUMN TYPE without USING needs an implicit or assignment coercion; USING col::type an explicit one; a
foreign key needs the key's equality operator family to take the referencing type. The built-in types follow
PostgreSQL 15's own rules and pg_cast (pg15.casts, pg15.operators); an enum converts to nothing but itself and
the string types. A type neither knows (an extension's) is left to the server: the answer is None.
"""

from __future__ import annotations

from typing import Literal

from consolidator.model.types import SqlType
from consolidator.pg15 import casts, operators, types

Context = Literal["i", "a", "e"]


def coercible(old: SqlType, new: SqlType, context: Context) -> bool | None:
    """Whether a value of `old` becomes `new` in the context. Domains coerce as their base types do (the server
    looks through them, then checks the domain's constraints on the value)."""
    old, new = old.underlying, new.underlying
    if old.origin == "builtin" and new.origin == "builtin":
        a, b = old.internal, new.internal
        return None if a is None or b is None else casts.can_coerce(a, b, context)
    if old.origin == "extension" or new.origin == "extension":
        return None
    if old.is_array != new.is_array:
        return False
    if old.key == new.key:
        return True
    if new.key is None:  # enum -> string by I/O conversion, from assignment on
        return types.category(new.name) == "S" and context != "i"
    if old.key is None:  # string -> enum by I/O conversion, explicitly only
        return types.category(old.name) == "S" and context == "e"
    return False  # two different enums


def needs_using(old: SqlType, new: SqlType) -> bool:
    """Whether the server refuses ALTER COLUMN TYPE without USING (no assignment coercion from the old type)."""
    return coercible(old, new, "a") is False


def explicit_cast(old: SqlType, new: SqlType) -> bool | None:
    """Whether `old::new` exists; None when a type is not known here (an extension's)."""
    return coercible(old, new, "e")


def foreign_key_columns_compatible(fk_column, pk_column) -> bool:
    """The key's equality operator family must take the referencing type (ATAddForeignKeyConstraint); an enum
    compares with its own type only. A type pg15 does not know is left to the server (accepted here)."""
    fk, pk = fk_column.type.underlying, pk_column.type.underlying
    if fk.key is not None or pk.key is not None:
        return fk.key == pk.key and fk.is_array == pk.is_array
    if fk.internal is None or pk.internal is None:
        return True
    return operators.foreign_key_compatible(fk.internal, pk.internal) is not False
