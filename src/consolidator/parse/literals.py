"""What a builtin type's input function says about a string literal, as PostgreSQL 15 says it.

A string literal given to a column of a known type ('x' as an integer default, '{' as jsonb, 'maybe' as a
boolean) is converted when the statement is analysed: a bad one fails the statement there, on CREATE TABLE as on
SET DEFAULT. `input_error` reproduces the checks of int2/4/8in, numeric_in, float4/8in, boolin, uuid_in,
json(b)_in and array_in (typmods are not applied by input functions: varchar(1) takes 'abc' here).
Types it does not know (dates and times among them) are accepted: the server decides.

`assignment_error` is what storing the value in a column with a typmod adds (varchar(n), char(n), numeric(p,s)):
the server checks it only when it evaluates the value, as ALTER TABLE ... ADD COLUMN does with a default.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from consolidator.errors import PgError, SqlState
from consolidator.model.types import SqlType

_INVALID = SqlState.INVALID_TEXT_REPRESENTATION
_OUT_OF_RANGE = SqlState.NUMERIC_VALUE_OUT_OF_RANGE
_TOO_LONG = SqlState.STRING_DATA_RIGHT_TRUNCATION
_UNTRANSLATABLE = SqlState.UNTRANSLATABLE_CHARACTER

_INTEGERS = {"int2": (16, "smallint"), "int4": (32, "integer"), "int8": (64, "bigint")}
_FLOATS = {"float4": "real", "float8": "double precision"}
_SP = r"[ \t\n\r\v\f]*"  # isspace() in the C locale
_INT = re.compile(rf"^{_SP}[+-]?[0-9]+{_SP}$")
_NUMERIC = re.compile(rf"^{_SP}[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?{_SP}$")
_SPECIAL_NUMBER = re.compile(rf"^{_SP}([+-]?(inf|infinity)|nan){_SP}$", re.IGNORECASE)
_HEX_FLOAT = re.compile(rf"^{_SP}[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?{_SP}$")
_UUID = re.compile(r"^[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}$")
_BOOL_WORDS = ("true", "yes", "on", "off", "false", "no")


def input_error(sql_type: SqlType, text: str) -> PgError | None:
    """The error the type's input function raises for `text`; None when it accepts it or the type is not known."""
    if sql_type.origin != "builtin":
        return None
    if sql_type.is_array:
        return _array_error(sql_type, text)
    name = sql_type.name
    if name in _INTEGERS:
        bits, label = _INTEGERS[name]
        if not _INT.match(text):
            return PgError(_INVALID, f'invalid input syntax for type {label}: "{text}"')
        if not -(2 ** (bits - 1)) <= int(text) < 2 ** (bits - 1):
            return PgError(_OUT_OF_RANGE, f'value "{text}" is out of range for type {label}')
        return None
    if name == "numeric":
        if _NUMERIC.match(text) or _SPECIAL_NUMBER.match(text):
            return None
        return PgError(_INVALID, f'invalid input syntax for type numeric: "{text}"')
    if name in _FLOATS:
        if _NUMERIC.match(text) or _SPECIAL_NUMBER.match(text) or _HEX_FLOAT.match(text):
            return None
        return PgError(_INVALID, f'invalid input syntax for type {_FLOATS[name]}: "{text}"')
    if name == "bool":
        word = text.strip(" \t\n\r\v\f").lower()
        if word in ("1", "0") or (word and any(w.startswith(word) and (len(word) > 1 or w[0] not in "o")
                                               for w in _BOOL_WORDS)):
            return None
        return PgError(_INVALID, f'invalid input syntax for type boolean: "{text}"')
    if name == "uuid":
        inner = text[1:-1] if text.startswith("{") and text.endswith("}") else text
        return None if _UUID.match(inner) else PgError(_INVALID, f'invalid input syntax for type uuid: "{text}"')
    if name in ("json", "jsonb"):
        return _json_error(name, text)
    return None


def _json_error(name: str, text: str) -> PgError | None:
    def no_constants(word: str):
        raise ValueError(word)

    try:
        json.loads(text, parse_constant=no_constants)
    except (ValueError, RecursionError):
        return PgError(_INVALID, "invalid input syntax for type json")
    if name == "jsonb" and re.search(r"(?<!\\)(\\\\)*\\u0000", text):
        return PgError(_UNTRANSLATABLE, "unsupported Unicode escape sequence")
    return None


def _array_error(sql_type: SqlType, text: str) -> PgError | None:
    """array_in: '{...}' (nested for more dimensions), elements checked by the element type's input function."""
    element_type = sql_type.element()
    malformed = PgError(_INVALID, f'malformed array literal: "{text}"')
    s = text.strip()
    if s.startswith("["):
        return None  # explicit dimensions: left to the server
    if not s.startswith("{"):
        return malformed
    elements: list[str | None] = []
    sizes: dict[int, set[int]] = {}
    pos, depth, counts = 0, 0, []
    expect_element = True
    while pos < len(s):
        ch = s[pos]
        if ch == "{":
            if not expect_element:
                return malformed
            depth += 1
            counts.append(0)
            pos += 1
            continue
        if ch == "}":
            if depth == 0 or (expect_element and counts[-1] > 0):  # '{a,}'
                return malformed
            sizes.setdefault(depth, set()).add(counts.pop())
            depth -= 1
            if counts:
                counts[-1] += 1  # a sub-array is an element of its parent
            pos += 1
            expect_element = False
            if depth == 0:
                if s[pos:].strip():
                    return malformed
                break
            continue
        if ch == ",":
            if expect_element:
                return malformed
            expect_element = True
            pos += 1
            continue
        if ch.isspace():
            pos += 1
            continue
        if not expect_element or depth == 0:
            return malformed
        if ch == '"':
            value, pos = _quoted(s, pos)
            if value is None:
                return malformed
        else:
            start = pos
            while pos < len(s) and s[pos] not in ',{}"':
                pos += 2 if s[pos] == "\\" else 1
            raw = s[start:pos].strip()
            value = None if raw.upper() == "NULL" else re.sub(r"\\(.)", r"\1", raw)
        elements.append(value)
        counts[-1] += 1
        expect_element = False
    if depth != 0:
        return malformed
    if any(len(found) > 1 for found in sizes.values()):
        return PgError(_INVALID, f'malformed array literal: "{text}"')
    for value in elements:
        if value is not None:
            error = input_error(element_type, value)
            if error is not None:
                return error
    return None


def _quoted(s: str, pos: int) -> tuple[str | None, int]:
    out, pos = [], pos + 1
    while pos < len(s):
        ch = s[pos]
        if ch == "\\" and pos + 1 < len(s):
            out.append(s[pos + 1])
            pos += 2
        elif ch == '"':
            return "".join(out), pos + 1
        else:
            out.append(ch)
            pos += 1
    return None, pos


def assignment_error(sql_type: SqlType, value: str) -> PgError | None:
    """What the column's typmod says when a (valid) value is stored: varchar(n)/char(n) length, numeric(p,s) size."""
    if sql_type.origin != "builtin" or sql_type.is_array or not sql_type.typmods:
        return None
    if sql_type.name in ("varchar", "bpchar"):
        n = sql_type.typmods[0]
        if len(value) > n and value[n:].strip(" "):
            label = "character varying" if sql_type.name == "varchar" else "character"
            return PgError(_TOO_LONG, f"value too long for type {label}({n})")
        return None
    if sql_type.name == "numeric":
        precision, scale = sql_type.typmods[0], (sql_type.typmods[1] if len(sql_type.typmods) > 1 else 0)
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None if number.is_nan() else PgError(_OUT_OF_RANGE, "numeric field overflow")
        rounded = number.quantize(Decimal(1).scaleb(-scale)) if scale >= 0 else number
        if rounded != 0 and rounded.adjusted() + 1 > precision - scale:
            return PgError(_OUT_OF_RANGE, "numeric field overflow")
    return None
