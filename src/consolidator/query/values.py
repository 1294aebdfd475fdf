"""Values as the catalog queries of DO-block guards see them: exact, or known only in part.

The catalog views hold the model's objects plus PostgreSQL 15's own. A value the model does not know exactly
is an `Unknown` (one of some candidates, or matching a pattern, or anything); a predicate that meets one
cannot be decided and raises `Uncertain`. SQL's three-valued logic is kept: None is NULL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from pglast import enums


class Uncertain(Exception):
    """A row of a catalog view holds a value the model does not know exactly."""


@dataclass(frozen=True)
class Unknown:
    """A value known only to be one of `candidates` or to match `pattern`; both None: anything."""

    candidates: frozenset[str] | None = None
    pattern: str | None = None

    def could_be(self, value: str) -> bool:
        if self.candidates is None and self.pattern is None:
            return True
        return (self.candidates is not None and value in self.candidates) or (
            self.pattern is not None and re.fullmatch(self.pattern, value) is not None)


ANY = Unknown()
Row = dict[str, Any]
NOT_CONSTANT = object()  # an expression whose value is not a constant the evaluator can compute


def boolean(op: Any, values: list[Callable[[], bool | None]]) -> bool | None:
    """SQL's three-valued AND / OR / NOT; a part the model cannot decide (Uncertain) decides nothing when
    another part does (false AND anything is false), and makes the whole uncertain otherwise."""
    known, uncertain = [], False
    for value in values:
        try:
            known.append(value())
        except Uncertain:
            uncertain = True
    if op == enums.BoolExprType.NOT_EXPR:
        if uncertain:
            raise Uncertain()
        return None if known[0] is None else not known[0]
    decisive = False if op == enums.BoolExprType.AND_EXPR else True
    if decisive in known:
        return decisive
    if uncertain:
        raise Uncertain()
    return None if None in known else not decisive


def compare(value: Any, constant: str | None, equal: bool) -> bool | None:
    if value is None or constant is None:
        return None
    if isinstance(value, Unknown):
        if value.could_be(constant):
            raise Uncertain()
        return not equal
    return (value == constant) == equal


def is_null(value: Any) -> bool:
    if isinstance(value, Unknown):
        raise Uncertain()
    return value is None


@dataclass
class Record:
    """A PL/pgSQL record variable: its fields once a row was assigned, None before."""

    name: str
    fields: dict[str, Any] | None = None
