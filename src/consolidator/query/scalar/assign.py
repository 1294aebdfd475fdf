"""Storing a value into a column: PostgreSQL's assignment casts between the modelled built-in types."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.types import SqlType
from consolidator.pg15.casts import find_coercion_pathway
from consolidator.query.scalar import arrays, inputs
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.type_input import type_input
from consolidator.query.scalar.values import as_text, coerce

_STRINGS = ("text", "varchar", "bpchar")
_NUMBERS = ("int2", "int4", "int8", "numeric")
EnumLabels = Callable[[SqlType], "list[str]"]


def _no_enum_labels(sql_type: SqlType) -> list[str]:
    raise NotModelled(f"values of the enum {sql_type.sql} need its labels (the catalog's)")


def assign(datum: Datum, sql_type: SqlType, column: str, *, enum_labels: EnumLabels = _no_enum_labels) -> Datum:
    """The value the column holds after `INSERT`/`UPDATE` sets it to `datum`; `enum_labels` gives an enum type's
    labels, in order."""
    if sql_type.base is not None:
        if datum.text is None:  # the domain's NOT NULL and checks on NULL are the seed replay's (replay/seed)
            return Datum(sql_type.underlying.name, None)
        raise NotModelled(f"values of the domain {sql_type.sql} are not modelled yet (column {column}): its "
                          "constraints are the catalog's")
    if sql_type.origin == "catalog" and not sql_type.is_array:
        return _enum(datum, sql_type, enum_labels(sql_type), column)
    name = sql_type.internal
    if name is None:
        raise NotModelled(f"values of type {sql_type.sql} are not modelled yet (column {column})")
    typmods = tuple(sql_type.typmods)
    if datum.text is None:
        return Datum(name, None, typmods)
    if datum.type == "unknown" or datum.type in _STRINGS and name in _STRINGS:
        return Datum(name, type_input(name, datum.text, typmods), typmods)
    if name in _STRINGS:  # every type's text output converts to a string type by assignment (I/O conversion)
        text = as_text(datum)
        return Datum(name, inputs.varchar_in(text, typmods, name) if name != "text" else text, typmods)
    if datum.type == name and not typmods:
        return datum
    if datum.type in _NUMBERS and name in _NUMBERS:
        return Datum(name, _number(datum, name, typmods), typmods)
    if datum.type == name:  # the canonical text read again under the column's typmods (each element's)
        return Datum(name, type_input(name, datum.text, typmods), typmods)
    if name.startswith("_") and datum.type.startswith("_"):  # an array: each element assigned
        element_type = sql_type.element()
        element = datum.type[1:]
        items = [assign(Datum(element, e), element_type, column).text for e in arrays.parse(datum.text)]
        return Datum(name, arrays.out(items), typmods)
    if (datum.type, name) in (("json", "jsonb"), ("jsonb", "json")):
        return Datum(name, type_input(name, datum.text), typmods)
    if find_coercion_pathway(datum.type, name, "a") is not None:  # a cast the evaluator may know (date to timestamp)
        return Datum(name, type_input(name, coerce(datum, name).text, typmods), typmods)  # type: ignore[arg-type]
    raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column}" is of type {shown(name)} but expression is of '
                  f"type {shown(datum.type)}")


def _enum(datum: Datum, sql_type: SqlType, labels: list[str], column: str) -> Datum:
    if datum.text is None:
        return Datum(sql_type.name, None)
    if datum.type == sql_type.name:
        return datum
    if datum.type != "unknown":
        raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column}" is of type {sql_type.sql} but expression is '
                      f"of type {shown(datum.type)}")
    if datum.text not in labels:
        raise PgError(SqlState.INVALID_TEXT_REPRESENTATION,
                      f'invalid input value for enum {sql_type.sql}: "{datum.text}"')
    return Datum(sql_type.name, datum.text)


def _number(datum: Datum, name: str, typmods: tuple[int, ...]) -> str:
    if datum.text == "NaN":
        if name == "numeric":
            return "NaN"
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f"cannot convert NaN to {shown(name)}")
    value = Decimal(datum.text)
    if name == "numeric":
        return inputs.numeric_typmod(value, typmods)
    return inputs.integer_out_of_range(name, int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
