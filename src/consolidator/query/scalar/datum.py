"""A typed value: its type's internal name and its text output (None is NULL)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Datum:
    type: str  # internal name: int4, int8, numeric, text, varchar, bool, unknown (a quoted literal), ...
    text: str | None  # the type's output function's text; None: NULL
    typmods: tuple[int, ...] = ()  # varchar(20): (20,); numeric(10,2): (10, 2)

    @property
    def is_null(self) -> bool:
        return self.text is None


NULL = Datum("unknown", None)
