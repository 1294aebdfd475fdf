"""Storing a value into a column: PostgreSQL's assignment casts between the modelled built-in types."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.types import SqlType
from consolidator.query.scalar import inputs
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.values import as_text

_STRINGS = ("text", "varchar", "bpchar")
_NUMBERS = ("int2", "int4", "int8", "numeric")
_SHOWN = {"int2": "smallint", "int4": "integer", "int8": "bigint", "bool": "boolean", "varchar": "character varying",
          "bpchar": "character", "unknown": "unknown"}


def assign(datum: Datum, sql_type: SqlType, column: str) -> Datum:
    """The value the column holds after `INSERT`/`UPDATE` sets it to `datum`."""
    target = sql_type.underlying
    if target.base is not None or target.origin != "builtin" or target.is_array:
        raise NotModelled(f"values of type {sql_type.sql} are not modelled yet (column {column})")
    name, typmods = target.name, tuple(target.typmods)
    if datum.text is None:
        return Datum(name, None, typmods)
    if datum.type == "unknown" or datum.type in _STRINGS and name in _STRINGS:
        return Datum(name, _input(name, datum.text, typmods), typmods)
    if name in _STRINGS:  # every type's text output converts to a string type by assignment (I/O conversion)
        text = as_text(datum)
        return Datum(name, inputs.varchar_in(text, typmods, name) if name != "text" else text, typmods)
    if datum.type == name and not typmods:
        return datum
    if datum.type in _NUMBERS and name in _NUMBERS:
        return Datum(name, _number(datum, name, typmods), typmods)
    if datum.type == name:
        return Datum(name, _input(name, datum.text, typmods), typmods)
    raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column}" is of type {_SHOWN.get(name, sql_type.sql)} but '
                  f"expression is of type {_SHOWN.get(datum.type, datum.type)}")


def _input(name: str, text: str, typmods: tuple[int, ...]) -> str:
    if name in inputs.INTEGER_RANGES:
        return inputs.integer_in(name, text)
    if name == "numeric":
        return inputs.numeric_in(text, typmods)
    if name == "bool":
        return inputs.bool_in(text)
    if name == "text":
        return text
    if name in ("varchar", "bpchar"):
        return inputs.varchar_in(text, typmods, name)
    raise NotModelled(f"values of type {name} are not modelled yet")


def _number(datum: Datum, name: str, typmods: tuple[int, ...]) -> str:
    if datum.text == "NaN":
        if name == "numeric":
            return "NaN"
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f"cannot convert NaN to {_SHOWN[name]}")
    value = Decimal(datum.text)
    if name == "numeric":
        return inputs.numeric_typmod(value, typmods)
    return inputs.integer_out_of_range(name, int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
