"""PostgreSQL 15's keywords (``pg_get_keywords()``) and identifier quoting as the server does it."""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

from consolidator.pg15 import _data

Category = Literal["U", "C", "T", "R"]  # unreserved, unreserved (not a function or type name),
#                                         reserved (can be a function or type name), reserved


class Keyword(NamedTuple):
    word: str
    catcode: Category
    barelabel: bool  # usable as a column label without AS


@functools.cache
def keywords() -> dict[str, Keyword]:
    """Every keyword by its (lower-case) word."""
    _, rows = _data.table("keywords.jsonl")
    return {row[0]: Keyword(*row) for row in rows}


def keyword_category(word: str) -> Category | None:
    """The keyword's category (U, C, T, R), None if the word is no keyword. Case-insensitive."""
    kw = keywords().get(word.lower())
    return kw.catcode if kw else None


def is_reserved(word: str) -> bool:
    """A reserved keyword (R, or T: reserved but allowed as a function or type name)."""
    return keyword_category(word) in ("R", "T")


def is_bare_label(word: str) -> bool:
    """A keyword usable as a column label without AS (``SELECT 1 analyse`` is not one)."""
    kw = keywords().get(word.lower())
    return bool(kw and kw.barelabel)


def needs_quoting(ident: str) -> bool:
    """Whether quote_identifier (ruleutils.c) would quote it: anything but [a-z_][a-z0-9_]*, or a keyword
    that is not unreserved."""
    if not ident or not (ident[0] == "_" or "a" <= ident[0] <= "z"):
        return True
    if any(not (ch == "_" or "a" <= ch <= "z" or "0" <= ch <= "9") for ch in ident):
        return True
    kw = keywords().get(ident)
    return kw is not None and kw.catcode != "U"


def quote_ident(ident: str) -> str:
    """The identifier as PostgreSQL 15 prints it (quote_identifier): quoted only when it must be."""
    if not needs_quoting(ident):
        return ident
    return '"' + ident.replace('"', '""') + '"'
