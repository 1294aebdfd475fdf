"""An expression after parse analysis: its type, known before it runs, and how to compute its value.

PostgreSQL resolves every operator, function and literal's type when it parses (so `CASE WHEN true THEN 1 ELSE
'x' END` fails with 22P02 and `... ELSE 1 + 'a'::text END` with 42883 although that branch never runs), then folds
constants lazily: a CASE branch not taken, a COALESCE argument after a non-NULL one, an AND argument after a
false one are never computed (`false AND 1/0 = 1` is false). Typed keeps the two steps apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from consolidator.query.scalar.datum import Datum

_UNSET = object()


@dataclass
class Typed:
    type: str | None  # None: known only once computed (a call the caller computes)
    compute: Callable[[], Datum]
    constant: bool = False  # a literal: coercing it happens at parse time
    _value: object = field(default=_UNSET, repr=False)
    foldable: bool = False  # only constants and immutable operations: the planner computes it before running
    children: list["Typed"] = field(default_factory=list, repr=False)
    folder: "Callable[[], None] | None" = field(default=None, repr=False)  # a construct's own folding order

    def value(self) -> Datum:
        if self._value is _UNSET:
            self._value = self.compute()
            if self.type is None:
                self.type = self._value.type  # type: ignore[union-attr]
        return self._value  # type: ignore[return-value]

    def fold(self) -> None:
        """What eval_const_expressions computes before the statement runs: a foldable expression whole, else the
        foldable parts inside it, in order (a construct with a constant deciding part skipping what it drops).
        Its errors come before any of what runs later (a stable function's, a column's)."""
        if self.foldable:
            self.value()
        elif self.folder is not None:
            self.folder()
        else:
            for child in self.children:
                child.fold()

    def resolved_type(self) -> str:
        """The type, computing the value when only that tells it."""
        if self.type is None:
            self.value()
        return self.type  # type: ignore[return-value]


def known(datum: Datum, constant: bool = True) -> Typed:
    return Typed(datum.type, lambda: datum, constant=constant, _value=datum, foldable=constant)


def all_foldable(args: list[Typed]) -> bool:
    return all(a.foldable for a in args)
