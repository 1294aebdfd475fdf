"""Regex classes of psql's lexer: some ASCII characters plus every non-ASCII one (psql's bytes \\200-\\377).

Written as the complement within ASCII (`[^...]` of the other ASCII characters): the same set as
`[A-Za-z_\\x80-\\U0010ffff]`, but sre compiles a class spanning \\x80-\\U0010ffff in about 15 ms, which a
dozen of them made a visible share of every command's startup.
"""

from __future__ import annotations

import re


def with_non_ascii(ascii_members: str) -> str:
    """A class matching the ASCII characters of the class body `ascii_members` and every non-ASCII character."""
    member = re.compile(f"[{ascii_members}]")
    return "[^" + "".join(f"\\x{c:02x}" for c in range(128) if not member.fullmatch(chr(c))) + "]"


def ascii_except(members: str) -> str:
    """A class matching the ASCII characters that the class body `members` does not match."""
    member = re.compile(f"[{members}]")
    return "[" + "".join(f"\\x{c:02x}" for c in range(128) if not member.fullmatch(chr(c))) + "]"


IDENT_START = with_non_ascii("A-Za-z_")
VARIABLE_CHAR = with_non_ascii("A-Za-z0-9_")
