"""Column types from TypeName parse trees: the SQL to emit, and which type they name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pglast

from consolidator.model.types import SqlType
from consolidator.parse.expressions import int_value, names, to_sql
from consolidator.pg15 import types as pg15_types

SERIAL_TYPES = {
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
}

_READABLE = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "varbit": "bit varying",
    "timetz": "time with time zone",
}


@dataclass(frozen=True)
class TypeSpec:
    schema: str | None  # as written (None when unqualified; 'pg_catalog' for grammar keywords like int)
    name: str
    sql: str  # SQL for the base type with its modifiers, without array brackets
    array_dims: int
    serial_of: str | None = None  # for serial types: the integer type they stand for
    typmods: tuple[int, ...] = ()

    @property
    def is_builtin(self) -> bool:
        return self.schema == "pg_catalog" or (self.schema is None and _in_pg_catalog(self.name))

    def with_base(self, base_sql: str) -> str:
        return base_sql + "[]" * self.array_dims


def type_spec(node: Any) -> TypeSpec:
    parts = names(node.names)
    schema, name = (parts[-2], parts[-1]) if len(parts) >= 2 else (None, parts[-1])
    dims = len(node.arrayBounds or ())
    if node.setof:
        dims = 0
    if schema is None and name in SERIAL_TYPES and dims == 0:
        return TypeSpec(schema=None, name=name, sql=SERIAL_TYPES[name], array_dims=0, serial_of=SERIAL_TYPES[name])
    mods = [int_value(m) for m in (node.typmods or ())]
    sql = _base_sql(node, schema, name, mods)
    return TypeSpec(schema=schema, name=name, sql=sql, array_dims=dims,
                    typmods=tuple(m for m in mods if m is not None) if None not in mods else ())


def _in_pg_catalog(name: str) -> bool:
    """A type of pg_catalog (a fresh database's, pg15): found first whatever the search path says."""
    info = pg15_types.type_info(name)
    return info is not None and info.schema == "pg_catalog"


def _base_sql(node: Any, schema: str | None, name: str, mods: list[int | None]) -> str:
    builtin = schema == "pg_catalog" or (schema is None and _in_pg_catalog(name))
    if not builtin or None in mods:
        plain = type(node)(names=node.names, typmods=node.typmods, typemod=node.typemod, pct_type=node.pct_type)
        return to_sql(plain)
    args = f"({','.join(str(m) for m in mods)})" if mods else ""
    if name == "interval" and mods:
        plain = type(node)(names=node.names, typmods=node.typmods, typemod=node.typemod)
        return to_sql(plain)
    if name == "char" and schema is None:
        return '"char"'  # the one-byte internal type, not char(1)
    if name == "bpchar":
        return f"char{args}" if args else "bpchar"
    if name in ("timestamptz", "timestamp"):
        return f"timestamp{args} with time zone" if name == "timestamptz" and args else f"{name}{args}"
    if name == "timetz":
        return f"time{args} with time zone"
    return _READABLE.get(name, name) + args


_INTERNAL_INTEGERS = {"smallint": "int2", "integer": "int4", "bigint": "int8"}


def builtin_sql_type(spec: TypeSpec) -> SqlType | None:
    """The SqlType of a built-in type (serial types are their integer type); None for any other type."""
    if spec.serial_of is not None:
        return SqlType(sql=spec.serial_of, name=_INTERNAL_INTEGERS[spec.serial_of])
    if not spec.is_builtin:
        return None
    name = pg15_types.resolve_builtin(spec.name) or spec.name
    return SqlType(sql=spec.with_base(spec.sql), name=name, typmods=spec.typmods, array_dims=spec.array_dims)


def parse_type(text: str) -> SqlType | None:
    """The SqlType of a built-in type written as SQL ('varchar(20)', 'integer[]'); None for other types."""
    (raw,) = pglast.parse_sql(f"SELECT NULL::{text}")
    return builtin_sql_type(type_spec(raw.stmt.targetList[0].val.typeName))
