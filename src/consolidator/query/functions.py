"""The text functions EXECUTE strings are built with: format(), quote_ident(), quote_literal(), as in PostgreSQL 15
(varlena.c, quote.c). A value is str, int, bool or None (NULL)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled
from consolidator.pg15.keywords import quote_ident as _quote_identifier
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.strings import text_format


def text_of(value: Any) -> str | None:
    """The value's text output (its type's output function)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    raise NotModelled(f"a value of this kind is not modelled as text: {value!r}")


def quote_ident(value: Any) -> str | None:
    text = text_of(value)
    return None if text is None else _quote_identifier(text)


def quote_literal(value: Any) -> str | None:
    text = text_of(value)
    if text is None:
        return None
    body = text.replace("'", "''")
    if "\\" in text:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


def quote_nullable(value: Any) -> str:
    quoted = quote_literal(value)
    return "NULL" if quoted is None else quoted


def format_text(pattern: str | None, args: list[Any]) -> str | None:
    """format(), as the expression evaluator computes it (query/scalar/strings.py), over each value's text."""
    if pattern is None:
        return None
    return text_format(pattern, [Datum("text", text_of(a)) for a in args])
