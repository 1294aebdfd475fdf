"""Operators between the modelled types: resolved as the parser resolves them (consolidator.pg15.operators), then
computed by the implementing function's rules (comparison, arithmetic, ||)."""

from __future__ import annotations

import re

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.operators import Operator, OperatorNotUnique, resolve_operator
from consolidator.query.scalar import arithmetic, array_operators, arrays, datetime_operators, json_operators
from consolidator.query.scalar.polymorphic import resolve_polymorphic
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.comparison import holds
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.like import like_operator
from consolidator.query.scalar.typed import Typed, all_foldable
from consolidator.query.scalar.values import as_text, bool_datum, integer, string

_INTEGER_COMPARISON = re.compile(r"int[248]{1,2}(eq|ne|lt|le|gt|ge)")
_INTEGER_ARITHMETIC = re.compile(r"int[248]{1,2}(pl|mi|mul|div|mod)")
_COMPARISON = re.compile(r"(?:numeric_|text_?|bpchar|bool|uuid_|date_|timestamp_|interval_)(eq|ne|lt|le|gt|ge)"
                         r"(?:_date|_timestamp)?")
_NUMERIC_ARITHMETIC = re.compile(r"numeric_(add|sub|mul|div|mod)")
_PREFIX = {"int2um": "neg", "int4um": "neg", "int8um": "neg", "int2up": "pos", "int4up": "pos", "int8up": "pos",
           "numeric_uminus": "neg", "numeric_uplus": "pos", "int2abs": "abs", "int4abs": "abs", "int8abs": "abs",
           "numeric_abs": "abs"}


def operator_call(name: str, left: Typed | None, right: Typed) -> Typed:
    """`left <name> right` (`left` None: a prefix operator), resolved now, computed when its value is needed."""
    op = resolved_operator(name, None if left is None else left.resolved_type(), right.resolved_type())
    proc = op.proc.name
    operands = ([] if left is None else [left]) + [right]
    declared, result = resolve_polymorphic([o for o in (op.left, op.right) if o is not None],
                                           [o.resolved_type() for o in operands], op.result)
    compute = _implementation(proc, result)
    if compute is None:  # raised once the operands are computed: a volatile operand says so first
        reason = f"the operator {_signature(name, op.left, op.right)} ({proc}) is not evaluated yet"
        compute = lambda *values: _not_modelled(reason)  # noqa: E731
    args = [coerced(o, d) for o, d in zip(operands, declared)]
    strict = op.proc.strict

    def run() -> Datum:
        values = [a.value() for a in args]
        if strict and any(v.is_null for v in values):
            return Datum(result, None)
        return compute(*values)

    foldable = all_foldable(args) and op.proc.volatility == "i" and _implementation(proc, result) is not None
    return Typed(result, run, foldable=foldable, children=args)


def resolved_operator(name: str, left_type: str | None, right_type: str) -> Operator:
    """The operator the server picks, or its 42883 / 42725."""
    if name == "||" and left_type is not None and "_" in (left_type[:1], right_type[:1]):
        op = _array_concatenation(left_type, right_type)
        if op is not None:
            return op
    try:
        op = resolve_operator(name, left_type, right_type)
    except OperatorNotUnique:
        if any(t is not None and t.startswith("_") for t in (left_type, right_type)):
            raise NotModelled(f"choosing between the polymorphic operators {_signature(name, left_type, right_type)}"
                              " is not modelled") from None
        raise PgError(SqlState.AMBIGUOUS_FUNCTION, f"operator is not unique: {_signature(name, left_type, right_type)}"
                      ) from None
    if op is None:
        from consolidator.pg15 import types as pg15_types  # noqa: PLC0415

        foreign = [t for t in (left_type, right_type) if t not in (None, "unknown") and pg15_types.type_info(t) is None]
        if foreign:  # an enum, a domain, an extension's type: their operators (anyenum ...) are not modelled
            raise NotModelled(f"operators on the type {foreign[0]} are not modelled yet "
                              f"({_signature(name, left_type, right_type)})")
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"operator does not exist: {_signature(name, left_type, right_type)}")
    return op


def _array_concatenation(left: str, right: str) -> Operator | None:
    """|| with an array: array_cat when both are arrays (an unknown literal read as the other's array type),
    array_append / array_prepend with an element; the elements must have a common type (anycompatible), else
    no operator fits (42883)."""
    from consolidator.pg15.operators import operator  # noqa: PLC0415
    from consolidator.query.scalar.common import common_type  # noqa: PLC0415

    if "unknown" in (left, right):
        return operator("||", "anycompatiblearray", "anycompatiblearray")
    left_element, right_element = arrays.element_of(left), arrays.element_of(right)
    elements = [left_element or left, right_element or right]
    if common_type([Datum(e, "") for e in elements], None) is None:
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"operator does not exist: {_signature('||', left, right)}")
    if left_element and right_element:
        return operator("||", "anycompatiblearray", "anycompatiblearray")
    if left_element:
        return operator("||", "anycompatiblearray", "anycompatible")
    return operator("||", "anycompatible", "anycompatiblearray")


def _not_modelled(reason: str) -> Datum:
    raise NotModelled(reason)


def _signature(name: str, left: str | None, right: str) -> str:
    return f"{name} {shown(right)}" if left is None else f"{shown(left)} {name} {shown(right)}"


def _implementation(proc: str, result: str):
    if m := _INTEGER_COMPARISON.fullmatch(proc) or _COMPARISON.fullmatch(proc):
        kind = m.group(1)
        return lambda a, b: bool_datum(holds(kind, a, b))
    if m := _INTEGER_ARITHMETIC.fullmatch(proc):
        kind = m.group(1)
        return lambda a, b: arithmetic.integer_operation(kind, integer(a), integer(b), result)
    if m := _NUMERIC_ARITHMETIC.fullmatch(proc):
        kind = m.group(1)
        return lambda a, b: arithmetic.numeric_operation(kind, a, b)
    if proc in datetime_operators.OPERATORS:
        return datetime_operators.OPERATORS[proc]
    if proc in datetime_operators.PREFIX:
        return datetime_operators.PREFIX[proc]
    if proc in json_operators.OPERATORS:
        return json_operators.OPERATORS[proc]
    if proc in array_operators.OPERATORS:
        return array_operators.OPERATORS[proc]
    if proc in array_operators.CONCATENATION:
        concatenation = array_operators.CONCATENATION[proc]
        return lambda a, b: concatenation(a, b, result)
    if (like := like_operator(proc)) is not None:
        return like
    if proc in _PREFIX:
        return _prefix(_PREFIX[proc], result)
    if proc == "textcat":
        return lambda a, b: Datum("text", string(a) + string(b))
    if proc in ("textanycat", "anytextcat"):  # text || anynonarray: the other side's text output
        return lambda a, b: Datum("text", as_text(a) + as_text(b))  # SQL functions: $1::text || $2::text
    return None


def _prefix(kind: str, result: str):
    if result == "numeric":
        if kind == "neg":
            return arithmetic.numeric_negate
        if kind == "abs":
            return arithmetic.numeric_absolute
        return lambda a: a
    if kind == "neg":
        return lambda a: arithmetic.integer_result(result, -integer(a))
    if kind == "abs":
        return lambda a: arithmetic.integer_result(result, abs(integer(a)))
    return lambda a: a
