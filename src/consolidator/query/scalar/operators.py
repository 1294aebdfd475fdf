"""Operators between the modelled types: resolved as the parser resolves them (consolidator.pg15.operators), then
computed by the implementing function's rules (comparison, arithmetic, ||)."""

from __future__ import annotations

import re

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.operators import Operator, OperatorNotUnique, resolve_operator
from consolidator.query.scalar import arithmetic
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.comparison import holds
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.like import like_operator
from consolidator.query.scalar.typed import Typed
from consolidator.query.scalar.values import as_text, bool_datum, integer, string

_INTEGER_COMPARISON = re.compile(r"int[248]{1,2}(eq|ne|lt|le|gt|ge)")
_INTEGER_ARITHMETIC = re.compile(r"int[248]{1,2}(pl|mi|mul|div|mod)")
_COMPARISON = re.compile(r"(?:numeric_|text_?|bpchar|bool)(eq|ne|lt|le|gt|ge)")
_NUMERIC_ARITHMETIC = re.compile(r"numeric_(add|sub|mul|div|mod)")
_PREFIX = {"int2um": "neg", "int4um": "neg", "int8um": "neg", "int2up": "pos", "int4up": "pos", "int8up": "pos",
           "numeric_uminus": "neg", "numeric_uplus": "pos", "int2abs": "abs", "int4abs": "abs", "int8abs": "abs",
           "numeric_abs": "abs"}


def operator_call(name: str, left: Typed | None, right: Typed) -> Typed:
    """`left <name> right` (`left` None: a prefix operator), resolved now, computed when its value is needed."""
    op = resolved_operator(name, None if left is None else left.resolved_type(), right.resolved_type())
    proc = op.proc.name
    compute = _implementation(proc, op.result)
    if compute is None:
        raise NotModelled(f"the operator {_signature(name, op.left, op.right)} ({proc}) is not evaluated yet")
    args = ([] if left is None else [coerced(left, op.left)]) + [coerced(right, op.right)]  # type: ignore[arg-type]

    def run() -> Datum:
        values = [a.value() for a in args]
        if any(v.is_null for v in values):  # every modelled operator is strict
            return Datum(op.result, None)
        return compute(*values)

    return Typed(op.result, run)


def resolved_operator(name: str, left_type: str | None, right_type: str) -> Operator:
    """The operator the server picks, or its 42883 / 42725."""
    try:
        op = resolve_operator(name, left_type, right_type)
    except OperatorNotUnique:
        raise PgError(SqlState.AMBIGUOUS_FUNCTION, f"operator is not unique: {_signature(name, left_type, right_type)}"
                      ) from None
    if op is None:
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"operator does not exist: {_signature(name, left_type, right_type)}")
    return op


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
