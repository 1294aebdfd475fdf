"""Operators and functions on one-dimensional arrays: = <> (NULL elements equal each other, as array_eq has
it), @> <@ && (NULLs never match), || (array_cat, array_append, array_prepend), array_length, cardinality,
array_upper, array_lower, array_to_string, array_position."""

from __future__ import annotations

from consolidator.errors import NotModelled
from consolidator.query.scalar import arrays
from consolidator.query.scalar.comparison import compare
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.functions import builtin
from consolidator.query.scalar.values import bool_datum


def elements(datum: Datum) -> list[Datum]:
    element = arrays.element_of(datum.type)
    if element is None:
        raise NotModelled(f"{datum.type} is not an array type the evaluator models")
    return [Datum(element, e) for e in arrays.parse(datum.text)]  # type: ignore[arg-type]


def _same(a: Datum, b: Datum) -> bool:
    if a.is_null or b.is_null:
        return a.is_null and b.is_null
    return compare(a, b) == 0


def _equal(a: Datum, b: Datum) -> bool:
    x, y = elements(a), elements(b)
    return len(x) == len(y) and all(_same(p, q) for p, q in zip(x, y))


def _contains(a: Datum, b: Datum) -> bool:
    x = [e for e in elements(a) if not e.is_null]
    return all(not e.is_null and any(compare(e, f) == 0 for f in x) for e in elements(b))


def _overlap(a: Datum, b: Datum) -> bool:
    y = [e for e in elements(b) if not e.is_null]
    return any(not e.is_null and any(compare(e, f) == 0 for f in y) for e in elements(a))


def _array(type_name: str, items: list[Datum]) -> Datum:
    return Datum(type_name, arrays.out([i.text for i in items]))


OPERATORS = {
    "array_eq": lambda a, b: bool_datum(_equal(a, b)),
    "array_ne": lambda a, b: bool_datum(not _equal(a, b)),
    "arraycontains": lambda a, b: bool_datum(_contains(a, b)),
    "arraycontained": lambda a, b: bool_datum(_contains(b, a)),
    "arrayoverlap": lambda a, b: bool_datum(_overlap(a, b)),
}

# || is not strict: a NULL array is an empty one, a NULL element is appended
CONCATENATION = {
    "array_cat": lambda a, b, t: a if b.is_null else b if a.is_null else _array(t, elements(a) + elements(b)),
    "array_append": lambda a, b, t: _array(t, ([] if a.is_null else elements(a)) + [b]),
    "array_prepend": lambda a, b, t: _array(t, [a] + ([] if b.is_null else elements(b))),
}


@builtin("array_length", "anyarray", "int4")
def array_length(args: list[Datum]) -> Datum:
    n = len(elements(args[0]))
    return Datum("int4", str(n) if n and args[1].text == "1" else None)


@builtin("cardinality", "anyarray")
def cardinality(args: list[Datum]) -> Datum:
    return Datum("int4", str(len(elements(args[0]))))


@builtin("array_upper", "anyarray", "int4")
def array_upper(args: list[Datum]) -> Datum:
    n = len(elements(args[0]))
    return Datum("int4", str(n) if n and args[1].text == "1" else None)


@builtin("array_lower", "anyarray", "int4")
def array_lower(args: list[Datum]) -> Datum:
    n = len(elements(args[0]))
    return Datum("int4", "1" if n and args[1].text == "1" else None)


@builtin("array_to_string", "anyarray", "text")
def array_to_string(args: list[Datum]) -> Datum:
    return Datum("text", args[1].text.join(e.text for e in elements(args[0]) if e.text is not None))  # type: ignore


@builtin("array_to_string", "anyarray", "text", "text")
def array_to_string_nulls(args: list[Datum]) -> Datum:
    if args[0].is_null or args[1].is_null:
        return Datum("text", None)
    parts = [e.text if e.text is not None else args[2].text for e in elements(args[0])]
    return Datum("text", args[1].text.join(p for p in parts if p is not None))  # type: ignore[union-attr]
