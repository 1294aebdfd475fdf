"""uuid input (string_to_uuid: 32 hex digits, a hyphen allowed after any group of four, optional braces, nothing
else) and output (lower case, 8-4-4-4-12); uuids order as their bytes."""

from __future__ import annotations

import string

from consolidator.errors import PgError, SqlState

_HEX = set(string.hexdigits)


def uuid_in(text: str) -> str:
    src, i = text, 0
    braces = src.startswith("{")
    if braces:
        i = 1
    digits = []
    for n in range(16):
        pair = src[i:i + 2]
        if len(pair) < 2 or not set(pair) <= _HEX:
            raise _invalid(text)
        digits.append(pair.lower())
        i += 2
        if src[i:i + 1] == "-" and n % 2 == 1 and n < 15:
            i += 1
    if braces:
        if src[i:i + 1] != "}":
            raise _invalid(text)
        i += 1
    if i != len(src):
        raise _invalid(text)
    h = "".join(digits)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _invalid(text: str) -> PgError:
    return PgError(SqlState.INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type uuid: "{text}"')
