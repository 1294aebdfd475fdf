"""Which values become which types: the casts the replay needs to decide what the server accepts.

ALTER COLUMN TYPE without USING needs an implicit or assignment cast; USING col::type needs an explicit
one; a foreign key needs the key's equality operator family to take the referencing type. Each rule was
checked on PostgreSQL 15 for every pair of the common types; a type these rules do not know (an
extension's) is left to the server.
"""

from __future__ import annotations

STRING_TYPES = ("text", "varchar", "char", "bpchar", "citext", "name")
_NUMBERS = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})
_DATETIMES = frozenset({"date", "timestamp", "timestamptz"})
_ASSIGNMENT_CASTS = frozenset({("json", "jsonb"), ("jsonb", "json"), ("timestamp", "time"), ("timestamptz", "time"),
                               ("time", "interval"), ("interval", "time")})
_KNOWN_TYPES = _NUMBERS | _DATETIMES | frozenset(STRING_TYPES) | frozenset(
    {"boolean", "uuid", "json", "jsonb", "time", "interval", "bytea", "inet"})
_EXPLICIT_CASTS = frozenset({("integer", "boolean"), ("boolean", "integer"), ("json", "jsonb"), ("jsonb", "json"),
                             ("timestamptz", "timetz")} | {("jsonb", t) for t in _NUMBERS | {"boolean"}})

# Equality operator families of the key types (btree opfamilies), and the implicit casts from a referencing
# type to the key's type (pg_cast, castcontext 'i') that make a foreign key work.
_TYPE_FAMILIES = {
    "smallint": "integer", "integer": "integer", "bigint": "integer",
    "uuid": "uuid", "text": "text", "varchar": "text", "char": "text", "bpchar": "text", "jsonb": "jsonb",
    "numeric": "numeric", "real": "float", "double precision": "float", "boolean": "boolean",
    "date": "datetime", "timestamp": "datetime", "timestamptz": "datetime",
}
_IMPLICIT_FK_CASTS = {("integer", "numeric"), ("integer", "float"), ("numeric", "float")}


def base(sql_type: str) -> str:
    """'varchar(20)' -> 'varchar', 'timestamp(3) with time zone' -> 'timestamp'."""
    return sql_type.split("(")[0].split(" with")[0]


def is_array(sql_type: str) -> bool:
    return sql_type.endswith("]")


def element(sql_type: str) -> str:
    return sql_type.rstrip("[]")


def needs_using(old: str, new: str, old_key: str | None = None, new_key: str | None = None) -> bool:
    """Whether the server refuses ALTER COLUMN TYPE without USING: no implicit or assignment cast (pg_cast) from
    the old type, element by element for arrays. `*_key`: the enum a type names, if any."""
    old_array, new_array = is_array(old), is_array(new)
    a, b = base(element(old)), base(element(new))
    if not new_array and b in STRING_TYPES:
        return False  # anything becomes a string by assignment (I/O conversion)
    if old_array != new_array:
        return True
    if b in STRING_TYPES:
        return False
    if old_key is not None or new_key is not None:
        return old_key != new_key  # an enum casts to nothing but a string
    if a == b or (a in _NUMBERS and b in _NUMBERS) or (a in _DATETIMES and b in _DATETIMES):
        return False
    return (a, b) not in _ASSIGNMENT_CASTS and a in _KNOWN_TYPES and b in _KNOWN_TYPES


def explicit_cast(old: str, new: str, old_key: str | None, new_key: str | None) -> bool | None:
    """Whether `old::new` exists (pg_cast, I/O conversion to and from strings, arrays element by element); None
    when a type is not known here (an extension's)."""
    if not needs_using(old, new, old_key, new_key):
        return True
    old_array, new_array = is_array(old), is_array(new)
    a, b = base(element(old)), base(element(new))
    if (not old_array and a in STRING_TYPES) or (not new_array and b in STRING_TYPES):
        return True  # I/O conversion: from a string to anything, from anything to a string
    if old_array != new_array:
        return False
    if old_array:
        return explicit_cast(element(old), element(new), old_key, new_key)
    if old_key is not None or new_key is not None:
        return False  # an enum casts to strings only
    if a not in _KNOWN_TYPES or b not in _KNOWN_TYPES:
        return None
    return (a, b) in _EXPLICIT_CASTS


def family(sql_type: str) -> str | None:
    """The equality family of a type, for the types whose family the foreign-key rule knows."""
    return _TYPE_FAMILIES.get(base(sql_type))


def foreign_key_columns_compatible(fk_column, pk_column) -> bool:
    """An enum compares with its own type only (no implicit cast to or from text): enum vs text is 42804."""
    if fk_column.type_key is not None or pk_column.type_key is not None:
        return fk_column.type_key == pk_column.type_key and is_array(fk_column.type) == is_array(pk_column.type)
    return _foreign_key_types_compatible(fk_column.type, pk_column.type)


def _foreign_key_types_compatible(fk_type: str, pk_type: str) -> bool:
    """Whether the key's equality operator family takes the referencing type, directly or by implicit cast."""
    if is_array(fk_type) or is_array(pk_type):
        if is_array(fk_type) != is_array(pk_type):
            return False
        fk_elem, pk_elem = element(fk_type), element(pk_type)
        return fk_elem.split("(")[0] == pk_elem.split("(")[0] or not (family(fk_elem) and family(pk_elem))
    a, b = family(fk_type), family(pk_type)
    if a is None or b is None:
        return True  # a type these rules do not know (an enum, an extension's): the server decides
    return a == b or (a, b) in _IMPLICIT_FK_CASTS
