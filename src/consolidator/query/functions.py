"""The text functions EXECUTE strings are built with: format(), quote_ident(), quote_literal(), as in PostgreSQL 15
(varlena.c, quote.c). A value is str, int, bool or None (NULL)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.keywords import quote_ident as _quote_identifier


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
    """format(): %s, %I, %L, %% and positions (%2$s); widths and flags are not modelled."""
    if pattern is None:
        return None
    out, i, following = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(pattern):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "unterminated format() type specifier")
        if pattern[i] == "%":
            out.append("%")
            i += 1
            continue
        j = i
        while j < len(pattern) and pattern[j].isdigit():
            j += 1
        if j > i and j < len(pattern) and pattern[j] == "$":
            position = int(pattern[i:j])
            if position == 0:
                raise PgError(SqlState.INVALID_PARAMETER_VALUE, "format specifies argument 0, but arguments are numbered from 1")
            i = j + 1
        else:
            position = None
        if i >= len(pattern):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "unterminated format() type specifier")
        kind = pattern[i]
        if kind not in "sIL":
            if kind in "-*0123456789":
                raise NotModelled("format() widths and flags are not modelled")
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'unrecognized format() type specifier "{kind}"')
        index = position - 1 if position is not None else following
        following = index + 1
        if index >= len(args):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "too few arguments for format()")
        value = args[index]
        if kind == "s":
            out.append(text_of(value) or "")
        elif kind == "I":
            if value is None:
                raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, "null values cannot be formatted as an SQL identifier")
            out.append(quote_ident(value))
        else:
            out.append(quote_nullable(value))
        i += 1
    return "".join(out)
