"""Ordering of the modelled types, as their btree comparison functions order them: integers and numeric by value
(numeric NaN above everything, equal to itself), text byte-wise (the C collation: code point order, which is
UTF-8's byte order), char(n) without its trailing spaces, false before true."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from consolidator.errors import NotModelled
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.values import INTEGERS, STRINGS, string

_SPECIAL = {"-Infinity": (-1, Decimal(0)), "Infinity": (1, Decimal(0)), "NaN": (2, Decimal(0))}


def sort_key(datum: Datum) -> Any:
    """A key ordering non-NULL values of one type as PostgreSQL does."""
    t = datum.type
    if t in INTEGERS:
        return int(datum.text)  # type: ignore[arg-type]
    if t == "numeric":
        return _SPECIAL.get(datum.text, (0, Decimal(datum.text)))  # type: ignore[arg-type]
    if t in STRINGS or t == "unknown":
        return string(datum)
    if t == "bool":
        return datum.text == "t"
    if t in ("date", "timestamp", "interval"):
        from consolidator.query.scalar import datetime_operators  # noqa: PLC0415

        return datetime_operators.sort_key(datum)
    if t == "uuid":  # canonical lower-case hex: text order is byte order
        return datum.text
    raise NotModelled(f"comparing values of type {t} is not modelled yet")


def compare(left: Datum, right: Datum) -> int:
    """-1, 0 or 1; both non-NULL. Integers of different widths and numeric compare by value."""
    a, b = sort_key(left), sort_key(right)
    if left.type in INTEGERS and right.type == "numeric":
        a = (0, Decimal(a))
    elif right.type in INTEGERS and left.type == "numeric":
        b = (0, Decimal(b))
    return (a > b) - (a < b)


_OUTCOMES = {"eq": (0,), "ne": (-1, 1), "lt": (-1,), "le": (-1, 0), "gt": (1,), "ge": (0, 1)}


def holds(kind: str, left: Datum, right: Datum) -> bool:
    return compare(left, right) in _OUTCOMES[kind]
