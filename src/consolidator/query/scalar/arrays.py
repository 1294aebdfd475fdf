"""One-dimensional arrays of the modelled types: array_in's literal syntax ('{1,"a b",NULL}') read element by
element with the element type's input, array_out's quoting (an element is quoted when empty, when it holds
whitespace or one of {}",\\, or spells NULL), and element access. Multi-dimensional arrays and explicit bounds
('[0:1]={...}') are NotModelled."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.types import array_type, element_type

_SPACE = " \t\n\r\v\f"
_SPECIAL = set('{}",\\') | set(_SPACE)


def _malformed(text: str, detail: str) -> PgError:
    error = PgError(SqlState.INVALID_TEXT_REPRESENTATION, f'malformed array literal: "{text}"')
    error.detail = detail  # the server's errdetail
    return error


def parse(text: str) -> list[str | None]:
    """The elements' texts (None: NULL) of a one-dimensional array literal."""
    i, n = 0, len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    if i < n and text[i] == "[":
        raise NotModelled("array literals with explicit bounds are not modelled")
    if i >= n or text[i] != "{":
        raise _malformed(text, 'Array value must start with "{" or dimension information.')
    i += 1
    elements: list[str | None] = []
    while i < n and text[i] in _SPACE:
        i += 1
    if i < n and text[i] == "}":
        i += 1
        _trailing(text, i)
        return elements
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i < n and text[i] == "{":
            raise NotModelled("multi-dimensional arrays are not modelled")
        value, quoted, i = _element(text, i)
        if not quoted and value == "":
            raise _malformed(text, "Unexpected \",\" character." if i < n and text[i] == "," else
                             'Unexpected "}" character.')
        elements.append(None if not quoted and value.upper() == "NULL" else value)
        if i >= n:
            raise _malformed(text, "Unexpected end of input.")
        if text[i] == ",":
            i += 1
            continue
        if text[i] == "}":
            i += 1
            break
        raise _malformed(text, f'Unexpected "{text[i]}" character.')
    _trailing(text, i)
    return elements


def _element(text: str, i: int) -> tuple[str, bool, int]:
    """One element from i: its text, whether any of it was quoted, and where it stops (at , or }). Whitespace
    outside quotes counts only between other characters of the element."""
    out: list[str] = []
    pending: list[str] = []
    quoted = in_quotes = False
    n = len(text)
    while i < n:
        ch = text[i]
        if in_quotes:
            if ch == '"':
                in_quotes = False
            else:
                if ch == "\\":
                    i += 1
                    if i >= n:
                        break
                out.append(text[i])
            i += 1
            continue
        if ch in ",}":
            break
        if ch == "{":
            raise _malformed(text, 'Unexpected "{" character.')
        if ch in _SPACE:
            if out or quoted:
                pending.append(ch)
            i += 1
            continue
        out += pending
        pending = []
        if ch == '"':
            quoted = in_quotes = True
        elif ch == "\\":
            if i + 1 >= n:
                raise _malformed(text, "Unexpected end of input.")
            out.append(text[i + 1])
            i += 1
        else:
            out.append(ch)
        i += 1
    if in_quotes:
        raise _malformed(text, "Unexpected end of input.")
    return "".join(out), quoted, i


def _trailing(text: str, i: int) -> None:
    if text[i:].strip(_SPACE):
        raise _malformed(text, "Junk after closing right brace.")


def out(elements: list[str | None]) -> str:
    return "{" + ",".join("NULL" if e is None else _quoted(e) for e in elements) + "}"


def _quoted(text: str) -> str:
    if text == "" or text.upper() == "NULL" or any(c in _SPECIAL for c in text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def element_of(type_name: str) -> str | None:
    """The element type of an array type's internal name (_int4: int4), None if it is no array."""
    return element_type(type_name) if type_name.startswith("_") else None


def array_of(type_name: str) -> str:
    name = array_type(type_name)
    if name is None:
        raise NotModelled(f"arrays of {type_name} are not modelled")
    return name
