"""Column types from TypeName parse trees: the SQL to emit, and which type they name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consolidator.parse.expressions import int_value, names, to_sql

# Base, pseudo, range and multirange types of pg_catalog in PostgreSQL 15 (SELECT typname FROM pg_type ...).
BUILTIN_TYPES = frozenset(
    """aclitem any anyarray anycompatible anycompatiblearray anycompatiblemultirange anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray anyrange bit bool box bpchar bytea char cid cidr circle cstring date datemultirange daterange event_trigger fdw_handler float4 float8 gtsvector index_am_handler inet int2 int2vector int4 int4multirange int4range int8 int8multirange int8range internal interval json jsonb jsonpath language_handler line lseg macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path point polygon record refcursor regclass regcollation regconfig regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype table_am_handler text tid time timestamp timestamptz timetz trigger tsm_handler tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown uuid varbit varchar void xid xid8 xml""".split()
)

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

    @property
    def is_builtin(self) -> bool:
        return self.schema == "pg_catalog" or (self.schema is None and self.name in BUILTIN_TYPES)

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
    return TypeSpec(schema=schema, name=name, sql=sql, array_dims=dims)


def _base_sql(node: Any, schema: str | None, name: str, mods: list[int | None]) -> str:
    builtin = schema == "pg_catalog" or (schema is None and name in BUILTIN_TYPES)
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
