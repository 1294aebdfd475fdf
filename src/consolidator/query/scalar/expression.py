"""The value of an expression node: constants, casts and column references so far (the rest: NotModelled)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.types import SqlType
from consolidator.parse.types import builtin_sql_type, type_spec
from consolidator.query.scalar.assign import assign
from consolidator.query.scalar.datum import NULL, Datum
from consolidator.query.scalar.inputs import INTEGER_RANGES

Columns = Callable[[ast.ColumnRef], Datum]
# The caller's own functions: nextval(), setval(), currval() and user-defined functions act on the model, so the
# caller computes them; it returns None for a function it leaves to the evaluator.
Calls = Callable[[ast.FuncCall, list[Datum]], Datum | None]


def evaluate(node: Any, columns: Columns | None = None, calls: Calls | None = None) -> Datum:
    if isinstance(node, ast.A_Const):
        return _constant(node)
    if isinstance(node, ast.TypeCast):
        return _cast(evaluate(node.arg, columns, calls), node.typeName)
    if isinstance(node, ast.ColumnRef) and columns is not None:
        return columns(node)
    if isinstance(node, ast.FuncCall) and calls is not None:
        result = calls(node, [evaluate(arg, columns, calls) for arg in node.args or ()])
        if result is not None:
            return result
    raise NotModelled(f"expressions of the kind {type(node).__name__} are not evaluated yet")


def _constant(node: ast.A_Const) -> Datum:
    if node.isnull:
        return NULL
    value = node.val
    if isinstance(value, ast.Integer):
        return Datum("int4", str(value.ival))
    if isinstance(value, ast.Float):  # integers too large for int4 are Float nodes: int8, else numeric
        text = value.fval
        if text.isdigit() and int(text) <= INTEGER_RANGES["int8"][1]:
            return Datum("int8", str(int(text)))
        return Datum("numeric", format(Decimal(text), "f") if "e" not in text.lower() else _exponent(text))
    if isinstance(value, ast.Boolean):
        return Datum("bool", "t" if value.boolval else "f")
    if isinstance(value, ast.String):
        return Datum("unknown", value.sval)
    raise NotModelled(f"constants of the kind {type(value).__name__} are not evaluated yet")


def _exponent(text: str) -> str:
    value = Decimal(text)
    return format(value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value, "f")


_STRINGS = ("unknown", "text", "varchar", "bpchar")


def _cast(datum: Datum, type_name: ast.TypeName) -> Datum:
    """An explicit cast: from a string, the target's input function (I/O conversion); else the assignment cast."""
    target: SqlType | None = builtin_sql_type(type_spec(type_name))
    if target is None:
        raise NotModelled("casts to types outside pg_catalog are not evaluated yet")
    if datum.type in _STRINGS:
        datum = Datum("unknown", datum.text)
    if target.name in ("varchar", "bpchar") and target.typmods and datum.text is not None:
        datum = Datum(datum.type, datum.text[:target.typmods[0]])  # an explicit cast cuts, an assignment fails
    try:
        return assign(datum, target, column="?")
    except PgError as e:
        if e.sqlstate != SqlState.DATATYPE_MISMATCH:
            raise
        raise PgError(SqlState.CANNOT_COERCE, f"cannot cast type {datum.type} to {target.sql}") from None
