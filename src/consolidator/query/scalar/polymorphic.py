"""Polymorphic arguments (anyelement, anyarray, anycompatible...) made concrete from the actual argument types,
as enforce_generic_type_consistency does; the result type with them."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.query.scalar import arrays
from consolidator.query.scalar.common import common_type
from consolidator.query.scalar.datum import Datum

_ARRAYS = ("anyarray", "anycompatiblearray")
_ELEMENTS = ("anyelement", "anycompatible", "anynonarray", "anycompatiblenonarray")


def resolve_polymorphic(declared: list[str], actual: list[str], result: str) -> tuple[list[str], str]:
    if not any(d in _ARRAYS + _ELEMENTS for d in declared + [result]):
        return declared, result
    elements = []
    for d, a in zip(declared, actual):
        if a == "unknown":
            continue
        if d in _ARRAYS:
            element = arrays.element_of(a)
            if element is None:
                raise NotModelled(f"{a} as an array argument is not modelled")
            elements.append(element)
        elif d in _ELEMENTS:
            elements.append(a)
    if not elements:
        if any(d in ("anyelement", "anyarray", "anynonarray") for d in declared):
            raise PgError(SqlState.DATATYPE_MISMATCH, "could not determine polymorphic type because input has type "
                          "unknown")
        element = "text"
    elif len(set(elements)) == 1:
        element = elements[0]
    else:
        element = common_type([Datum(e, "") for e in elements], "argument")  # type: ignore[assignment]

    def concrete(t: str) -> str:
        if t in _ARRAYS:
            return arrays.array_of(element)
        return element if t in _ELEMENTS else t

    return [concrete(d) for d in declared], concrete(result)
