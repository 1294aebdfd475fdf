"""PostgreSQL 15's built-in types (pg_type of a fresh database) and ``TypeRef``, a type as written.

Type names in this package are the server's internal names (``int4``, ``varchar``, ``timestamptz``,
``_int4`` for ``integer[]``), bare for pg_catalog's types and schema-qualified for the others
(``information_schema.cardinal_number``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from consolidator.pg15 import _data
from consolidator.pg15.keywords import quote_ident


@dataclass(frozen=True)
class TypeInfo:
    """One pg_type row (see tools/pg15gen/catalog.py for the columns)."""

    key: str
    oid: int
    schema: str
    name: str
    format: str  # format_type(oid, NULL)
    column_format: str  # format_type(oid, -1): a column of the type without a typmod ("bpchar", '"bit"')
    typtype: str  # b base, c composite, d domain, e enum, p pseudo, r range, m multirange
    category: str  # typcategory: A array, B boolean, D date/time, N numeric, S string, U user ...
    preferred: bool
    len: int
    elem: str | None
    array: str | None
    base: str | None  # a domain's base type
    subtype: str | None  # a range's or multirange's element type
    input: str
    output: str
    subscript: str | None
    collatable: bool
    typmod: bool  # accepts a type modifier

    @property
    def is_pseudo(self) -> bool:
        return self.typtype == "p"

    @property
    def is_array(self) -> bool:
        """A true array type (IsTrueArrayType): int2vector and oidvector are, name and point are not."""
        return self.elem is not None and self.subscript == "array_subscript_handler"


@functools.cache
def _types() -> dict[str, TypeInfo]:
    _, rows = _data.table("types.jsonl")
    return {row[0]: TypeInfo(*row) for row in rows}


@functools.cache
def _spellings() -> dict[str, str]:
    _, rows = _data.table("type_spellings.jsonl")
    return dict(rows)


def type_names() -> frozenset[str]:
    """The name of every type of a fresh database (pg_catalog's bare, information_schema's qualified)."""
    return frozenset(_types())


def type_info(name: str) -> TypeInfo | None:
    """The pg_type facts of a built-in type by internal name (``int4``, ``pg_catalog.int4``, ``_text``)."""
    types = _types()
    if name in types:
        return types[name]
    if name.startswith("pg_catalog."):
        return types.get(name[len("pg_catalog."):])
    return None


_SPACES = re.compile(r"\s+")
_TYPMODS = re.compile(r"\s*\(\s*-?\d+(?:\s*,\s*-?\d+)*\s*\)")


def resolve_builtin(name: str) -> str | None:
    """The internal name of a built-in type as written: ``int``/``integer``/``int4`` -> ``int4``,
    ``character varying`` -> ``varchar``, ``decimal`` -> ``numeric``, ``timestamp with time zone`` and
    ``timestamptz`` -> ``timestamptz``, ``"char"`` -> ``char``; a trailing ``[]`` gives the array type,
    typmods are ignored (``timestamp(3) with time zone``). None when it names no built-in type.
    Unquoted words fold to lower case, as the grammar folds them.
    """
    text = _SPACES.sub(" ", _TYPMODS.sub("", name).strip())
    dims = 0
    while text.endswith("[]"):
        text, dims = text[:-2].rstrip(), dims + 1
    if dims:
        element = resolve_builtin(text)
        info = type_info(element) if element else None
        return info.array if info and info.array and dims else None
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return text[1:-1] if text[1:-1] in _types() else None
    lowered = text.lower()
    if lowered in _spellings():
        return _spellings()[lowered]
    if lowered.startswith("pg_catalog."):
        rest = lowered[len("pg_catalog."):]
        return rest if rest in _types() else None
    return lowered if lowered in _types() else None


def category(name: str) -> str | None:
    info = type_info(name)
    return info.category if info else None


def is_preferred(name: str) -> bool:
    info = type_info(name)
    return bool(info and info.preferred)


def is_pseudo(name: str) -> bool:
    info = type_info(name)
    return bool(info and info.is_pseudo)


def is_array(name: str) -> bool:
    info = type_info(name)
    return bool(info and info.is_array)


def element_type(name: str) -> str | None:
    """The element type of a true array type, None otherwise."""
    info = type_info(name)
    return info.elem if info and info.is_array else None


def array_type(name: str) -> str | None:
    info = type_info(name)
    return info.array if info else None


def base_type(name: str) -> str:
    """A domain's base type (getBaseType, through domains over domains); any other type itself."""
    info = type_info(name)
    while info is not None and info.typtype == "d" and info.base:
        name, info = info.base, type_info(info.base)
    return name


# intervaltypmodout (timestamp.c): the fields of an interval typmod, by INTERVAL_MASK bits (datetime.h:
# MONTH 1, YEAR 2, DAY 3, HOUR 10, MINUTE 11, SECOND 12), as the grammar puts them in the first typmod.
_INTERVAL_FIELDS = {
    1 << 2: " year", 1 << 1: " month", 1 << 3: " day", 1 << 10: " hour", 1 << 11: " minute", 1 << 12: " second",
    (1 << 2) | (1 << 1): " year to month", (1 << 3) | (1 << 10): " day to hour",
    (1 << 3) | (1 << 10) | (1 << 11): " day to minute", (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12): " day to second",
    (1 << 10) | (1 << 11): " hour to minute", (1 << 10) | (1 << 11) | (1 << 12): " hour to second",
    (1 << 11) | (1 << 12): " minute to second", 0x7FFF: "",
}
_INTERVAL_FULL_PRECISION = 0xFFFF


def _typmod_text(name: str, typmods: tuple[int, ...]) -> str:
    """What the type's typmodout function prints for the typmods as the grammar gives them."""
    if name == "numeric":  # numerictypmodout: numeric(p) is numeric(p,0)
        return f"({typmods[0]},{typmods[1] if len(typmods) > 1 else 0})"
    if name == "interval":  # the grammar's typmods: [fields mask] or [fields mask, precision]
        text = _INTERVAL_FIELDS.get(typmods[0], "")
        if len(typmods) > 1 and typmods[1] != _INTERVAL_FULL_PRECISION:
            text += f"({typmods[1]})"
        return text
    return "(" + ",".join(str(t) for t in typmods) + ")"


@dataclass(frozen=True)
class TypeRef:
    """A type as a statement names it: ``varchar(20)``, ``public.mood[]``, ``numeric(10,2)``.

    ``name`` is the internal name for built-ins (``int4``, ``varchar``, ``timestamptz``); ``schema`` is
    None when the type was written unqualified; ``typmods`` are the grammar's (``varchar(20)`` -> (20,),
    ``interval day to second(3)`` -> (field mask, 3)); ``array_dims`` counts ``[]``.
    """

    schema: str | None
    name: str
    typmods: tuple[int, ...] = ()
    array_dims: int = 0

    def element(self) -> "TypeRef":
        """The same type without its array dimensions."""
        return TypeRef(self.schema, self.name, self.typmods, 0)

    @property
    def is_array(self) -> bool:
        return self.array_dims > 0

    @property
    def builtin(self) -> TypeInfo | None:
        """The pg_type facts when this names a built-in type (unqualified or in pg_catalog)."""
        if self.schema not in (None, "pg_catalog"):
            return type_info(f"{self.schema}.{self.name}")
        info = type_info(self.name)
        return info if info is not None and info.schema == "pg_catalog" else None

    def sql(self) -> str:
        """The type as format_type(oid, typmod) prints it (what \\d and pg_dump show): ``integer``,
        ``character varying(20)``, ``timestamp(3) with time zone``, ``numeric(10,2)``, ``text[]``.

        As format_type, a multi-dimensional array prints one ``[]`` (PostgreSQL does not record the
        dimensions) and a built-in type loses its ``pg_catalog.`` qualification.
        """
        suffix = "[]" if self.array_dims else ""
        info = self.builtin
        if info is None:
            name = quote_ident(self.name)
            if self.schema is not None:
                name = f"{quote_ident(self.schema)}.{name}"
            mods = "(" + ",".join(str(t) for t in self.typmods) + ")" if self.typmods else ""
            return name + mods + suffix
        if not self.typmods or not info.typmod:
            return info.column_format + suffix
        mods = _typmod_text(info.name, self.typmods)
        head, sep, rest = info.format.partition(" with")  # time(3) with[out] time zone
        return head + mods + sep + rest + suffix
