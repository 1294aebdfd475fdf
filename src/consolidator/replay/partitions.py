"""Partitioned tables: the key of PARTITION BY and the bounds of PARTITION OF, checked as PostgreSQL 15 checks them
(partbounds.c: check_new_partition_bound). Bounds are compared only for key types whose order the model knows
exactly; any other comparison is reported as not modelled, never guessed."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pglast import ast

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import BoundDatum, PartitionBound, PartitionKey, Table
from consolidator.replay.context import NotModelled

_STRATEGY = {"r": "range", "l": "list", "h": "hash"}
_INTEGERS = {"int2", "int4", "int8"}
_ORDERED = _INTEGERS | {"numeric", "date", "timestamp", "timestamptz"}
# list and hash partitions only need equality, which is exact for these (deterministic collations)
_EQUAL = _ORDERED | {"text", "varchar", "bpchar", "uuid", "bool"}


def _name(key: str) -> str:
    return split_key(key)[1]


def partition_key(table: Table, spec: Any) -> PartitionKey:
    strategy = spec.strategy
    columns = []
    for element in spec.partParams:
        if element.name is None:
            raise NotModelled("a partition key on an expression is not modelled yet")
        if element.collation or element.opclass:
            raise NotModelled("a partition key with COLLATE or an operator class is not modelled yet")
        column = table.column(element.name)
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{element.name}" named in partition key does not exist')
        if column.type.underlying.name not in (_ORDERED if strategy == "range" else _EQUAL) or column.type.is_array:
            raise NotModelled(f"a partition key of type {column.type.sql} is not modelled yet")
        columns.append(element.name)
    if strategy == "list" and len(columns) > 1:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                      'cannot use "list" partition strategy with more than one column')
    return PartitionKey(strategy=strategy, columns=columns)


def _datum(node: Any) -> BoundDatum:
    if isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], ast.String):
        word = node.fields[0].sval.lower()
        if word in ("minvalue", "maxvalue"):
            return BoundDatum(kind=word)
    if isinstance(node, ast.A_Const):
        if node.isnull:
            return BoundDatum(kind="null")
        val = node.val
        if isinstance(val, ast.String):
            return BoundDatum(kind="value", text=val.sval, quoted=True)
        if isinstance(val, ast.Integer):
            return BoundDatum(kind="value", text=str(val.ival))
        if isinstance(val, ast.Float):
            return BoundDatum(kind="value", text=val.fval)
    raise NotModelled("a partition bound that is not a plain constant is not modelled yet")


def partition_bound(spec: Any) -> PartitionBound:
    if spec.is_default:
        return PartitionBound(strategy="default")
    strategy = _STRATEGY[spec.strategy]
    if strategy == "hash":
        return PartitionBound(strategy="hash", modulus=spec.modulus, remainder=spec.remainder)
    if strategy == "list":
        return PartitionBound(strategy="list", values=[_datum(d) for d in spec.listdatums])
    return PartitionBound(strategy="range", lower=[_datum(d) for d in spec.lowerdatums],
                          upper=[_datum(d) for d in spec.upperdatums])


def _value(datum: BoundDatum, type_name: str) -> Any:
    """The value a literal stands for, as the key's type reads it."""
    text = (datum.text or "").strip()
    try:
        if type_name in _INTEGERS:
            return int(text)
        if type_name == "numeric":
            return Decimal(text)
        if type_name == "date":
            return datetime.date.fromisoformat(text)
        if type_name in ("timestamp", "timestamptz"):
            moment = datetime.datetime.fromisoformat(text)
            if moment.tzinfo is not None:  # an explicit offset: its order against local times needs the TimeZone
                raise NotModelled("a partition bound with a time zone offset is not modelled yet")
            return moment
        if type_name == "bool":
            return {"t": True, "true": True, "f": False, "false": False}[text.lower()]
        if type_name == "uuid":
            return text.replace("-", "").lower()
    except (ValueError, InvalidOperation, KeyError):
        raise NotModelled(f"the partition bound {text!r} of type {type_name} is not read by the model") from None
    if type_name == "bpchar":
        return text.rstrip(" ")
    return datum.text


def _range_values(datums: list[BoundDatum], types: list[str], which: str) -> list[tuple[int, Any]]:
    if len(datums) != len(types):
        raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                      f"{which} must specify exactly one value per partitioning column")
    out, infinite = [], None
    for datum, type_name in zip(datums, types):
        if datum.kind == "null":
            raise PgError(SqlState.INVALID_TABLE_DEFINITION, "cannot specify NULL in range bound")
        if infinite is not None and datum.kind != infinite:
            raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                          f"every bound following {infinite.upper()} must also be {infinite.upper()}")
        if datum.kind in ("minvalue", "maxvalue"):
            infinite = datum.kind
            out.append((-1 if datum.kind == "minvalue" else 1, None))
        else:
            out.append((0, _value(datum, type_name)))
    return out


def check_bound(parent: Table, partitions: list[Table], name: str, bound: PartitionBound) -> None:
    """The new partition `name` of `parent` with `bound`, against the partitions it already has."""
    strategy = parent.partition_key.strategy
    if bound.strategy == "default":
        if strategy == "hash":
            raise PgError(SqlState.INVALID_TABLE_DEFINITION, "a hash-partitioned table may not have a default partition")
        for other in partitions:
            if other.bound.strategy == "default":
                raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                              f'partition "{name}" conflicts with existing default partition "{_name(other.key)}"')
        return
    if bound.strategy != strategy:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, f"invalid bound specification for a {strategy} partition")
    types = [parent.column(c).type.underlying.name for c in parent.partition_key.columns]
    others = [p for p in partitions if p.bound.strategy != "default"]
    if strategy == "hash":
        _check_hash(others, name, bound)
    elif strategy == "list":
        _check_list(others, name, bound, types[0])
    else:
        _check_range(others, name, bound, types)


def _check_hash(others: list[Table], name: str, bound: PartitionBound) -> None:
    if bound.modulus <= 0:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, "modulus for hash partition must be an integer value greater than zero")
    if bound.remainder < 0:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, "remainder for hash partition must be an integer value greater than or equal to zero")
    if bound.remainder >= bound.modulus:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, "remainder for hash partition must be less than modulus")
    if not others:
        return
    # partbounds.c: the moduli must form a chain of factors; the new one is checked against its neighbours
    moduli = sorted({p.bound.modulus for p in others})
    smaller = [m for m in moduli if m <= bound.modulus]
    larger = [m for m in moduli if m > bound.modulus]
    if smaller and bound.modulus % smaller[-1]:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                      "every hash partition modulus must be a factor of the next larger modulus")
    if larger and larger[0] % bound.modulus:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                      "every hash partition modulus must be a factor of the next larger modulus")
    for other in others:
        small = min(other.bound.modulus, bound.modulus)
        if other.bound.remainder % small == bound.remainder % small:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                          f'partition "{name}" would overlap partition "{_name(other.key)}"')


def _check_list(others: list[Table], name: str, bound: PartitionBound, type_name: str) -> None:
    def values(b: PartitionBound) -> set:
        return {None if d.kind == "null" else _value(d, type_name) for d in b.values}

    mine = values(bound)
    for other in others:
        if values(other.bound) & mine:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                          f'partition "{name}" would overlap partition "{_name(other.key)}"')


def _check_range(others: list[Table], name: str, bound: PartitionBound, types: list[str]) -> None:
    lower = _range_values(bound.lower, types, "FROM")
    upper = _range_values(bound.upper, types, "TO")
    if lower >= upper:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f'empty range bound specified for partition "{name}"')
    ranges = sorted((_range_values(p.bound.lower, types, "FROM"), _range_values(p.bound.upper, types, "TO"), p.key)
                    for p in others)
    for other_lower, other_upper, key in ranges:
        if lower < other_upper and other_lower < upper:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                          f'partition "{name}" would overlap partition "{_name(key)}"')


def bound_sql(bound: PartitionBound, literal) -> str:
    """FOR VALUES ... as written (string constants through `literal`, which escapes them)."""
    def datums(ds: list[BoundDatum]) -> str:
        return ", ".join(literal(d.text) if d.kind == "value" and d.quoted else
                         (str(d.text) if d.kind == "value" else d.kind.upper()) for d in ds)

    if bound.strategy == "default":
        return "DEFAULT"
    if bound.strategy == "hash":
        return f"FOR VALUES WITH (MODULUS {bound.modulus}, REMAINDER {bound.remainder})"
    if bound.strategy == "list":
        return f"FOR VALUES IN ({datums(bound.values)})"
    return f"FOR VALUES FROM ({datums(bound.lower)}) TO ({datums(bound.upper)})"


def check_unique_includes_key(table: Table, columns: list[str]) -> None:
    """A primary key or unique constraint (or unique index) on a partitioned table holds every key column."""
    if table.partition_key is None:
        return
    for column in table.partition_key.columns:
        if column not in columns:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED,
                          "unique constraint on partitioned table must include all partitioning columns")
