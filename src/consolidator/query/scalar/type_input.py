"""Each modelled type's input function (text in, the type's canonical output out), arrays of them included."""

from __future__ import annotations

from consolidator.errors import NotModelled
from consolidator.query.scalar import arrays, datetime_input, inputs, jsonb
from consolidator.query.scalar.uuid import uuid_in

STRINGS = ("text", "varchar", "bpchar")


def type_input(name: str, text: str, typmods: tuple[int, ...] = ()) -> str:
    if name in inputs.INTEGER_RANGES:
        return inputs.integer_in(name, text)
    if name == "numeric":
        return inputs.numeric_in(text, typmods)
    if name == "bool":
        return inputs.bool_in(text)
    if name == "text":
        return text
    if name in ("varchar", "bpchar"):
        return inputs.varchar_in(text, typmods, name)
    if name == "uuid":
        return uuid_in(text)
    if name == "jsonb":
        return jsonb.jsonb_in(text)
    if name == "json":
        return jsonb.json_in(text)
    element = arrays.element_of(name)
    if element is not None:
        return arrays.out([None if e is None else type_input(element, e, typmods) for e in arrays.parse(text)])
    if name in datetime_input.TYPES:
        return datetime_input.input_of(name, text, typmods)
    raise NotModelled(f"values of type {name} are not modelled yet")
