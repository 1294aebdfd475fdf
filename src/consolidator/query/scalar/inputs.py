"""The input functions of the built-in types the evaluator models (int2in, int4in, int8in, numeric_in, boolin,
textin, varcharin / bpcharin), with PostgreSQL 15's messages: text in, canonical text output out."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from consolidator.errors import NotModelled, PgError, SqlState

INTEGER_RANGES = {"int2": (-2**15, 2**15 - 1), "int4": (-2**31, 2**31 - 1), "int8": (-2**63, 2**63 - 1)}
INTEGER_NAMES = {"int2": "smallint", "int4": "integer", "int8": "bigint"}
_INTEGER = re.compile(r"\s*([+-]?)(\d+)\s*")
_NUMERIC = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*")
_PRECISION = 200_000  # numeric's most digits: 131072 before the point, 16383 after
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def _invalid(type_name: str, text: str) -> PgError:
    return PgError(SqlState.INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type {type_name}: "{text}"')


def integer_in(name: str, text: str) -> str:
    m = _INTEGER.fullmatch(text)
    if m is None:
        raise _invalid(INTEGER_NAMES[name], text)
    value = int(m.group(1) + m.group(2))
    low, high = INTEGER_RANGES[name]
    if not low <= value <= high:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, f'value "{text}" is out of range for type {INTEGER_NAMES[name]}')
    return str(value)


def integer_out_of_range(name: str, value: int) -> str:
    low, high = INTEGER_RANGES[name]
    if not low <= value <= high:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, f"{INTEGER_NAMES[name]} out of range")
    return str(value)


def numeric_in(text: str, typmods: tuple[int, ...] = ()) -> str:
    stripped = text.strip()
    if stripped.lower() == "nan":
        return "NaN"
    if _NUMERIC.fullmatch(text) is None:
        raise _invalid("numeric", text)
    try:
        value = Decimal(stripped)
    except InvalidOperation:
        raise _invalid("numeric", text) from None
    return numeric_typmod(value, typmods)


def numeric_typmod(value: Decimal, typmods: tuple[int, ...]) -> str:
    """Rounded to the column's scale (half away from zero, as numeric does), then its precision checked."""
    if not typmods:
        if value.as_tuple().exponent > 0:  # 1e3 is 1000, scale 0
            return str(int(value))
        return format(value, "f") if value else format(abs(value), "f")
    if len(typmods) > 2:
        raise NotModelled(f"numeric with typmods {typmods} is not modelled")
    precision, scale = typmods[0], typmods[1] if len(typmods) == 2 else 0
    if scale < 0 or scale > precision:
        raise NotModelled(f"numeric({precision},{scale}) is not modelled")
    with localcontext(prec=_PRECISION):
        rounded = value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    digits_before = len(rounded.as_tuple().digits) + rounded.as_tuple().exponent if rounded else 0
    if digits_before > precision - scale:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow")
    return format(rounded, "f") if rounded else format(abs(rounded), "f")


def bool_in(text: str) -> str:
    word = text.strip().lower()
    if word:
        if any(t.startswith(word) for t in _TRUE if len(word) >= (2 if t == "on" else 1)) and word not in ("o",):
            return "t"
        if any(f.startswith(word) for f in _FALSE if len(word) >= (2 if f == "off" else 1)) and word not in ("o",):
            return "f"
    raise _invalid("boolean", text)


def varchar_in(text: str, typmods: tuple[int, ...], type_name: str) -> str:
    """varchar(n) and char(n): a longer value is an error unless what is cut is all spaces (then cut)."""
    if not typmods:
        return text
    limit = typmods[0]
    if len(text) > limit:
        if text[limit:].strip(" "):
            shown = "character varying" if type_name == "varchar" else "character"
            raise PgError(SqlState.STRING_DATA_RIGHT_TRUNCATION, f"value too long for type {shown}({limit})")
        text = text[:limit]
    if type_name == "bpchar":
        text = text.ljust(limit)
    return text
