"""The jsonb operators and functions: -> ->> #> #>> || - ? ?| ?& @> <@ = <>, jsonb_set, jsonb_build_object,
jsonb_build_array, to_jsonb, jsonb_typeof, jsonb_array_length, jsonb_strip_nulls; json's -> and ->> only on jsonb
(json keeps its text: NotModelled)."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.query.scalar import arrays, jsonb
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.functions import builtin
from consolidator.query.scalar.values import INTEGERS, STRINGS, bool_datum


def value_of(datum: Datum):
    return jsonb.parse(datum.text)  # type: ignore[arg-type]


def _jsonb(value) -> Datum:
    return Datum("jsonb", jsonb.out(value))


def _optional(value) -> Datum:
    return Datum("jsonb", None) if jsonb.missing(value) else _jsonb(value)


def _optional_text(value) -> Datum:
    return Datum("text", None if jsonb.missing(value) else jsonb.as_text(value))


def _texts(datum: Datum) -> list[str | None]:
    return arrays.parse(datum.text)  # type: ignore[arg-type]


OPERATORS = {
    "jsonb_object_field": lambda a, b: _optional(jsonb.field(value_of(a), b.text)),
    "jsonb_array_element": lambda a, b: _optional(jsonb.element(value_of(a), int(b.text))),
    "jsonb_object_field_text": lambda a, b: _optional_text(jsonb.field(value_of(a), b.text)),
    "jsonb_array_element_text": lambda a, b: _optional_text(jsonb.element(value_of(a), int(b.text))),
    "jsonb_extract_path": lambda a, b: _optional(jsonb.path(value_of(a), _texts(b))),
    "jsonb_extract_path_text": lambda a, b: _optional_text(jsonb.path(value_of(a), _texts(b))),
    "jsonb_concat": lambda a, b: _jsonb(jsonb.concatenate(value_of(a), value_of(b))),
    "jsonb_exists": lambda a, b: bool_datum(jsonb.exists(value_of(a), b.text)),
    "jsonb_exists_any": lambda a, b: bool_datum(any(k is not None and jsonb.exists(value_of(a), k)
                                                    for k in _texts(b))),
    "jsonb_exists_all": lambda a, b: bool_datum(all(k is None or jsonb.exists(value_of(a), k) for k in _texts(b))),
    "jsonb_contains": lambda a, b: bool_datum(jsonb.contains(value_of(a), value_of(b))),
    "jsonb_contained": lambda a, b: bool_datum(jsonb.contains(value_of(b), value_of(a))),
    "jsonb_eq": lambda a, b: bool_datum(jsonb.equal(value_of(a), value_of(b))),
    "jsonb_ne": lambda a, b: bool_datum(not jsonb.equal(value_of(a), value_of(b))),
}


def jsonb_delete(a: Datum, b: Datum) -> Datum:
    value = value_of(a)
    if b.type in INTEGERS:
        return _jsonb(jsonb.delete_index(value, int(b.text)))  # type: ignore[arg-type]
    if b.type == "_text":
        keys = [k for k in _texts(b) if k is not None]
        return _jsonb(jsonb.delete_key(value, keys)) if keys or jsonb.is_scalar(value) else a
    return _jsonb(jsonb.delete_key(value, [b.text]))  # type: ignore[list-item]


OPERATORS["jsonb_delete"] = jsonb_delete


def to_json_value(datum: Datum, key: bool = False):
    """datum_to_jsonb: a SQL value as jsonb (a key: as text)."""
    t = datum.type
    if datum.text is None:
        return None
    if t in ("jsonb", "json"):
        if key:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "key value must be scalar, not array, composite, or json")
        return value_of(datum)
    if t == "bool":
        return ("true" if datum.text == "t" else "false") if key else datum.text == "t"
    if t in INTEGERS or t == "numeric":
        if key:
            return datum.text
        if datum.text in ("NaN", "Infinity", "-Infinity"):
            return datum.text
        return jsonb.Number(datum.text)
    if t in STRINGS or t in ("unknown", "uuid"):
        return datum.text
    element = arrays.element_of(t)
    if element is not None:
        if key:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "key value must be scalar, not array, composite, or json")
        return [to_json_value(Datum(element, e)) for e in arrays.parse(datum.text)]
    raise NotModelled(f"to_jsonb of type {t} is not modelled")


@builtin("to_jsonb", "anyelement")
def to_jsonb(args: list[Datum]) -> Datum:
    return _jsonb(jsonb.canonical(to_json_value(args[0])))


@builtin("jsonb_build_array", "any")
def jsonb_build_array(args: list[Datum]) -> Datum:
    return _jsonb(jsonb.canonical([to_json_value(a) for a in args]))


@builtin("jsonb_build_array")
def jsonb_build_array_empty(args: list[Datum]) -> Datum:
    return _jsonb([])


@builtin("jsonb_build_object")
def jsonb_build_object_empty(args: list[Datum]) -> Datum:
    return _jsonb({})


@builtin("jsonb_build_object", "any")
def jsonb_build_object(args: list[Datum]) -> Datum:
    if len(args) % 2:
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "argument list must have even number of elements")
    pairs = {}
    for i in range(0, len(args), 2):
        if args[i].text is None:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f"argument {i + 1}: key must not be null")
        key = to_json_value(args[i], key=True)
        pairs.pop(key, None)
        pairs[key] = to_json_value(args[i + 1])
    return _jsonb(jsonb.canonical(pairs))


@builtin("jsonb_set", "jsonb", "_text", "jsonb", "bool", defaults=[Datum("bool", "t")])
def jsonb_set(args: list[Datum]) -> Datum:
    target, path, new, create = args
    return _jsonb(jsonb.set_path(value_of(target), _texts(path), value_of(new), create.text == "t"))


@builtin("jsonb_typeof", "jsonb")
def jsonb_typeof(args: list[Datum]) -> Datum:
    return Datum("text", jsonb.typeof(value_of(args[0])))


@builtin("jsonb_array_length", "jsonb")
def jsonb_array_length(args: list[Datum]) -> Datum:
    value = value_of(args[0])
    if not isinstance(value, list):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "cannot get array length of a "
                      + ("scalar" if jsonb.is_scalar(value) else "non-array"))
    return Datum("int4", str(len(value)))


def _strip_nulls(value):
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


@builtin("jsonb_strip_nulls", "jsonb")
def jsonb_strip_nulls(args: list[Datum]) -> Datum:
    return _jsonb(_strip_nulls(value_of(args[0])))


_CAST_NAMES = {"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric", "bool": "boolean"}


def jsonb_cast(datum: Datum, target: str) -> Datum:
    """jsonb::integer / numeric / boolean (jsonb_int4 ...): a number, or a boolean for boolean; the number is then
    converted as numeric is (rounded, range-checked) by the caller's assignment."""
    if datum.text is None:
        return Datum("numeric" if target != "bool" else "bool", None)
    value = value_of(datum)
    if target == "bool":
        if not isinstance(value, bool):
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, f"cannot cast jsonb {_kind(value)} to type boolean")
        return Datum("bool", "t" if value else "f")
    if isinstance(value, bool) or not isinstance(value, jsonb.Number):
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, f"cannot cast jsonb {_kind(value)} to type {_CAST_NAMES[target]}")
    return Datum("numeric", value.text)


def _kind(value) -> str:
    return {"null": "null", "boolean": "boolean", "number": "numeric", "string": "string", "array": "array",
            "object": "object"}[jsonb.typeof(value)]
