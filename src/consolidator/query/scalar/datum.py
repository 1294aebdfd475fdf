"""A typed value: its type's internal name and its text output (None is NULL)."""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.errors import NotModelled


@dataclass(frozen=True)
class Datum:
    type: str  # internal name: int4, int8, numeric, text, varchar, bool, unknown (a quoted literal), ...
    text: str | None  # the type's output function's text; None: NULL
    typmods: tuple[int, ...] = ()  # varchar(20): (20,); numeric(10,2): (10, 2)

    @property
    def is_null(self) -> bool:
        return self.text is None


NULL = Datum("unknown", None)


class Volatile(NotModelled):
    """The expression calls a volatile function (now(), random(), gen_random_uuid(), clock_timestamp(), ...): its
    value cannot be known, so a seed row keeps the expression itself and the column is listed as volatile."""

    def __init__(self, function: str):
        super().__init__(f"{function}() is volatile: its value is known only when the baseline runs")
        self.function = function
