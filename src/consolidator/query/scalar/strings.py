"""The string functions, as PostgreSQL 15 computes them in a UTF8 database with the C collation: lengths and
positions count characters, case mapping touches ASCII letters only (lower('É') is 'É')."""

from __future__ import annotations

import hashlib

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.keywords import quote_ident
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.functions import builtin
from consolidator.query.scalar.values import string

_UPPER = {chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
_LOWER = {v: k for k, v in _UPPER.items()}


def ascii_lower(text: str) -> str:
    return "".join(_UPPER.get(c, c) for c in text)


def ascii_upper(text: str) -> str:
    return "".join(_LOWER.get(c, c) for c in text)


def _text(value: str) -> Datum:
    return Datum("text", value)


def _int(value: int) -> Datum:
    return Datum("int4", str(value))


@builtin("lower", "text")
def lower(args: list[Datum]) -> Datum:
    return _text(ascii_lower(args[0].text))  # type: ignore[arg-type]


@builtin("upper", "text")
def upper(args: list[Datum]) -> Datum:
    return _text(ascii_upper(args[0].text))  # type: ignore[arg-type]


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


@builtin("initcap", "text")
def initcap(args: list[Datum]) -> Datum:
    out, after_alnum = [], False
    for c in args[0].text:  # type: ignore[union-attr]
        out.append(_UPPER.get(c, c) if after_alnum else _LOWER.get(c, c))
        after_alnum = _is_ascii_alnum(c)
    return _text("".join(out))


def _trim(args: list[Datum], left: bool, right: bool) -> Datum:
    text = args[0].text or ""
    chars = args[1].text if len(args) > 1 else " "
    if left:
        text = text.lstrip(chars)  # type: ignore[arg-type]
    if right:
        text = text.rstrip(chars)  # type: ignore[arg-type]
    return _text(text)


for _name, _left, _right in (("btrim", True, True), ("ltrim", True, False), ("rtrim", False, True)):
    builtin(_name, "text")(lambda args, l=_left, r=_right: _trim(args, l, r))
    builtin(_name, "text", "text")(lambda args, l=_left, r=_right: _trim(args, l, r))


def _substring(text: str, start: int, count: int | None) -> str:
    if count is None:
        return text[max(start, 1) - 1:]
    if count < 0:
        raise PgError(SqlState.SUBSTRING_ERROR, "negative substring length not allowed")
    end = start + count  # the characters from start to end - 1, 1-based, clipped to the string
    return text[max(start, 1) - 1:max(end, 1) - 1]


for _name in ("substr", "substring"):
    builtin(_name, "text", "int4")(lambda args: _text(_substring(args[0].text, int(args[1].text), None)))
    builtin(_name, "text", "int4", "int4")(
        lambda args: _text(_substring(args[0].text, int(args[1].text), int(args[2].text))))


@builtin("left", "text", "int4")
def left(args: list[Datum]) -> Datum:
    text, n = args[0].text or "", int(args[1].text)  # type: ignore[arg-type]
    return _text(text[:n] if n >= 0 else text[:max(len(text) + n, 0)])


@builtin("right", "text", "int4")
def right(args: list[Datum]) -> Datum:
    text, n = args[0].text or "", int(args[1].text)  # type: ignore[arg-type]
    return _text(text[len(text) - n:] if 0 <= n <= len(text) else text if n >= 0 else text[min(-n, len(text)):])


for _name in ("length", "char_length", "character_length"):
    builtin(_name, "text")(lambda args: _int(len(args[0].text)))
    builtin(_name, "bpchar")(lambda args: _int(len(string(args[0]))))  # trailing spaces do not count


@builtin("octet_length", "text")
def octet_length(args: list[Datum]) -> Datum:
    return _int(len(args[0].text.encode()))  # type: ignore[union-attr]


@builtin("octet_length", "bpchar")
def octet_length_padded(args: list[Datum]) -> Datum:
    return _int(len(args[0].text.encode()))  # type: ignore[union-attr]  # char(n)'s padding counts here


def _position(text: str, sub: str) -> Datum:
    return _int(text.find(sub) + 1)


builtin("position", "text", "text")(lambda args: _position(args[0].text, args[1].text))
builtin("strpos", "text", "text")(lambda args: _position(args[0].text, args[1].text))


@builtin("replace", "text", "text", "text")
def replace(args: list[Datum]) -> Datum:
    text, old, new = (a.text for a in args)
    return _text(text if old == "" else text.replace(old, new))  # type: ignore[union-attr,arg-type]


@builtin("split_part", "text", "text", "int4")
def split_part(args: list[Datum]) -> Datum:
    text, delimiter, n = args[0].text, args[1].text, int(args[2].text)  # type: ignore[arg-type]
    if n == 0:
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "field position must not be zero")
    if text == "":
        return _text("")
    parts = [text] if delimiter == "" else text.split(delimiter)  # type: ignore[union-attr]
    index = n - 1 if n > 0 else len(parts) + n
    return _text(parts[index] if 0 <= index < len(parts) else "")


@builtin("repeat", "text", "int4")
def repeat(args: list[Datum]) -> Datum:
    text, n = args[0].text, int(args[1].text)  # type: ignore[arg-type]
    if n > 0 and len(text.encode()) * n > 0x3FFFFFFF:  # type: ignore[union-attr]
        raise PgError(SqlState.PROGRAM_LIMIT_EXCEEDED, "requested length too large")
    return _text(text * max(n, 0))  # type: ignore[operator]


def _pad(args: list[Datum], on_left: bool) -> Datum:
    text, length = args[0].text or "", int(args[1].text)  # type: ignore[arg-type]
    fill = args[2].text if len(args) > 2 else " "
    if length <= 0:
        return _text("")
    if len(text) >= length or fill == "":
        return _text(text[:length])
    padding = (fill * (length // len(fill) + 1))[:length - len(text)]  # type: ignore[operator,arg-type]
    return _text(padding + text if on_left else text + padding)


for _name, _on_left in (("lpad", True), ("rpad", False)):
    builtin(_name, "text", "int4")(lambda args, o=_on_left: _pad(args, o))
    builtin(_name, "text", "int4", "text")(lambda args, o=_on_left: _pad(args, o))


@builtin("md5", "text")
def md5(args: list[Datum]) -> Datum:
    return _text(hashlib.md5(args[0].text.encode()).hexdigest())  # type: ignore[union-attr]


@builtin("reverse", "text")
def reverse(args: list[Datum]) -> Datum:
    return _text(args[0].text[::-1])  # type: ignore[index]


def quote_literal(text: str) -> str:
    """quote_literal: quotes and backslashes doubled, E'' when there is a backslash."""
    body = text.replace("'", "''").replace("\\", "\\\\")
    return ("E'" if "\\" in text else "'") + body + "'"


builtin("quote_literal", "text")(lambda args: _text(quote_literal(args[0].text)))
builtin("quote_ident", "text")(lambda args: _text(quote_ident(args[0].text)))


# -- the variadic "any" functions: each argument by its type's output function, NULLs skipped ------------------


@builtin("concat", "any")
def concat(args: list[Datum]) -> Datum:
    return _text("".join(a.text for a in args if a.text is not None))


@builtin("concat_ws", "text", "any")
def concat_ws(args: list[Datum]) -> Datum:
    if args[0].text is None:
        return Datum("text", None)
    return _text(args[0].text.join(a.text for a in args[1:] if a.text is not None))


@builtin("format", "text")
def format_alone(args: list[Datum]) -> Datum:
    return format_(args)


@builtin("format", "text", "any")
def format_(args: list[Datum]) -> Datum:
    if args[0].text is None:
        return Datum("text", None)
    return _text(text_format(args[0].text, args[1:]))


def text_format(fmt: str, values: list[Datum]) -> str:
    """text_format: %s, %I, %L and %%, with an argument position (%2$s) and a width (%-10s, %*s not modelled)."""
    out, i, next_arg = [], 0, 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= len(fmt):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "unterminated format() type specifier")
        if fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        j = i
        while j < len(fmt) and fmt[j].isdigit():
            j += 1
        position = None
        if j < len(fmt) and fmt[j] == "$" and j > i:
            position, i = int(fmt[i:j]), j + 1
        left_align = False
        if i < len(fmt) and fmt[i] == "-":
            left_align, i = True, i + 1
        j = i
        while j < len(fmt) and fmt[j].isdigit():
            j += 1
        width = int(fmt[i:j]) if j > i else 0
        i = j
        if i >= len(fmt):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "unterminated format() type specifier")
        if position == 0:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE,
                          "format specifies argument 0, but arguments are numbered from 1")
        if fmt[i] == "*":
            raise NotModelled("format() with * widths is not modelled")
        kind = fmt[i]
        i += 1
        if kind not in "sIL":
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f'unrecognized format() type specifier "{kind}"')
        index = position - 1 if position is not None else next_arg
        next_arg = index + 1
        if index >= len(values):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "too few arguments for format()")
        value = values[index].text
        if kind == "s":
            piece = value or ""
        elif kind == "I":
            if value is None:
                raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, "null values cannot be formatted as an SQL identifier")
            piece = quote_ident(value)
        else:
            piece = "NULL" if value is None else quote_literal(value)
        out.append(piece.ljust(width) if left_align else piece.rjust(width))
    return "".join(out)
