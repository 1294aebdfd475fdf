"""A Datum's value as Python computes with it, and back to the type's text output; implicit coercion of an
operand to the type an operator or function declares (parse_coerce.c's coerce_type for the modelled types)."""

from __future__ import annotations

from decimal import Decimal

from consolidator.errors import NotModelled
from consolidator.query.scalar.datum import Datum

INTEGERS = ("int2", "int4", "int8")
STRINGS = ("text", "varchar", "bpchar")
POLYMORPHIC = ("anyelement", "anynonarray", "anycompatible", "anycompatiblenonarray", "anyarray", "anycompatiblearray",
               "any")


def integer(datum: Datum) -> int:
    return int(datum.text)  # type: ignore[arg-type]


def numeric(datum: Datum) -> Decimal:
    """A finite numeric's value (NaN and the infinities are NotModelled for arithmetic)."""
    if datum.text in ("NaN", "Infinity", "-Infinity"):
        raise NotModelled(f"arithmetic on numeric {datum.text} is not modelled")
    return Decimal(datum.text)  # type: ignore[arg-type]


def numeric_text(value: Decimal) -> str:
    """numeric_out: plain notation, the scale kept, no negative zero."""
    if value == 0:
        value = abs(value)
    return format(value, "f")


def boolean(datum: Datum) -> bool:
    return datum.text == "t"


def bool_datum(value: bool | None) -> Datum:
    return Datum("bool", None if value is None else "t" if value else "f")


def string(datum: Datum) -> str:
    """A string type's value as text: char(n)'s trailing spaces are not part of it (bpchar to text)."""
    text = datum.text or ""
    return text.rstrip(" ") if datum.type == "bpchar" else text


def as_text(datum: Datum) -> str:
    """The value cast to text (`::text`): a function cast for bool ('true') and char(n) (padding dropped), the
    output function for the others."""
    if datum.type == "bool":
        return "true" if datum.text == "t" else "false"
    return string(datum)


def coerce(datum: Datum, target: str) -> Datum:
    """`datum` as an argument of declared type `target`, by an implicit coercion (the operator or function
    was chosen so that one exists)."""
    source = datum.type
    if source == target or target in POLYMORPHIC:
        return datum
    if datum.text is None:
        return Datum(target, None)
    if source == "unknown":
        return Datum(target, literal_input(target, datum.text))
    if source in STRINGS and target in STRINGS:
        return Datum(target, string(datum) if source == "bpchar" else datum.text)
    if source in INTEGERS and target in INTEGERS + ("numeric",):
        return Datum(target, datum.text)
    if (source, target) == ("date", "timestamp"):
        return Datum(target, datum.text if datum.text in ("infinity", "-infinity") else datum.text + " 00:00:00")
    if source.startswith("_") and target.startswith("_"):  # arrays: element by element
        from consolidator.query.scalar import arrays  # noqa: PLC0415

        source_element, target_element = arrays.element_of(source), arrays.element_of(target)
        items = [coerce(Datum(source_element, e), target_element).text  # type: ignore[arg-type]
                 for e in arrays.parse(datum.text)]
        return Datum(target, arrays.out(items))
    raise NotModelled(f"the coercion of {source} to {target} is not modelled")


def literal_input(target: str, text: str) -> str:
    """A quoted literal read by the input function of the type it resolved to."""
    from consolidator.query.scalar.type_input import type_input  # noqa: PLC0415  (it imports this module's users)

    return type_input(target, text)
