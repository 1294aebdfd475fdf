"""Cooking a column default as the server does when it stores one (CREATE TABLE, ADD COLUMN, SET DEFAULT).

`cook_default` checks what the server checks and returns what the model keeps: an `Expr`, or the sequence of
a `nextval('name')` default (resolved now, as the regclass literal is). It changes nothing.
"""

from __future__ import annotations

from typing import Any

from pglast import ast, enums
from pglast.visitors import Visitor

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, EnumType, Expr
from consolidator.parse.expressions import names, string_value, to_expr
from consolidator.parse.literals import assignment_error, input_error
from consolidator.model.types import builtin as builtin_type
from consolidator.parse.types import builtin_sql_type, type_spec
from consolidator.replay import extensions
from consolidator.replay.coercion import needs_using
from consolidator.replay.context import ReplayContext

_INTEGER_BITS = {"smallint": 16, "integer": 32, "bigint": 64}
_FUNCTION_TYPES = {"now": "timestamptz", "gen_random_uuid": "uuid", "clock_timestamp": "timestamptz",
                   "statement_timestamp": "timestamptz", "transaction_timestamp": "timestamptz"}


def cook_default(ctx: ReplayContext, column: Column, expr_node: Any) -> tuple[Expr | None, str | None]:
    """(expression, nextval sequence key) of a DEFAULT for `column`; (None, None) for DROP DEFAULT."""
    if expr_node is None:
        return None, None
    sequence = _nextval_sequence(ctx, expr_node)
    if sequence is not None:
        return None, sequence
    _require_functions(ctx, expr_node)
    expr = to_expr(expr_node)
    if expr.columns:
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot use column reference in DEFAULT expression")
    _require_enum_label(ctx, column, expr_node)
    _require_valid_literals(column, expr_node)
    _require_assignable(ctx, column, expr_node)
    return expr, None


def _require_valid_literals(column: Column, node: Any) -> None:
    """String literals are converted when the default is cooked: a bare one by the column's type, 'x'::type by the
    type cast to. An input the type refuses (22P02, 22003, ...) fails the statement, table empty or not."""
    checks = []
    if string_value(node) is not None and isinstance(node, ast.A_Const):
        checks.append((column.type, string_value(node)))
    _CastLiterals(checks)(ast.ResTarget(val=node))
    for sql_type, text in checks:
        error = input_error(sql_type, text)
        if error is not None:
            raise error


class _CastLiterals(Visitor):
    """Collects (type, text) of each 'text'::type of a built-in type (one class, not one per call: a class
    statement per default was a measurable share of a large CREATE TABLE file)."""

    def __init__(self, checks: list) -> None:
        self.checks = checks

    def visit_TypeCast(self, ancestors, cast):
        if isinstance(cast.arg, ast.A_Const) and string_value(cast.arg) is not None:
            spec = type_spec(cast.typeName)
            if spec.serial_of is None and (cast_type := builtin_sql_type(spec)) is not None:
                self.checks.append((cast_type, string_value(cast.arg)))


class _CalledNames(Visitor):
    """Collects the last part of the name of each function called."""

    def __init__(self, found: list) -> None:
        self.found = found

    def visit_FuncCall(self, ancestors, n):
        self.found.append(names(n.funcname)[-1])


def _require_assignable(ctx: ReplayContext, column: Column, node: Any) -> None:
    """The default is coerced to the column's type by assignment: a value of a type with no implicit or assignment
    cast to it (true for a jsonb column, 1 for a boolean) is 42804. Only defaults whose type is plain are checked."""
    source = None
    if isinstance(node, ast.A_Const) and not node.isnull:
        source = {ast.Integer: "int4", ast.Float: "numeric", ast.Boolean: "bool"}.get(type(node.val))
    elif isinstance(node, ast.FuncCall) and not node.args and len(node.funcname) == 1:
        source = _FUNCTION_TYPES.get(names(node.funcname)[0])
    elif isinstance(node, ast.SQLValueFunction) and node.op.name == "SVFOP_CURRENT_TIMESTAMP":
        source = "timestamptz"
    source_type = builtin_type(source) if source else None
    if isinstance(node, ast.TypeCast):
        source_type, _ = ctx.column_type(node.typeName)
    if source_type is not None and needs_using(source_type, column.type):
        raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column.name}" is of type {column.type.server_name()} '
                                                  f'but default expression is of type {source_type.server_name()}')


def evaluate_added_default(column: Column, coldef: Any) -> None:
    """ADD COLUMN evaluates a non-volatile default at once (the value of the rows already there), even on an empty
    table: a literal the column's typmod or range refuses fails there (CREATE TABLE and SET DEFAULT only cook it)."""
    node = next((c.raw_expr for c in coldef.constraints or () if c.contype == enums.ConstrType.CONSTR_DEFAULT), None)
    if not isinstance(node, ast.A_Const) or column.type.origin != "builtin" or column.type.is_array:
        return
    value = node.val
    if isinstance(value, ast.String):
        error = assignment_error(column.type, value.sval)
    elif isinstance(value, (ast.Integer, ast.Float)):
        number = value.ival if isinstance(value, ast.Integer) else value.fval
        bits = _INTEGER_BITS.get(column.type.integer)
        error = assignment_error(column.type, str(number))
        if bits is not None and not -(2 ** (bits - 1)) <= round(float(number)) < 2 ** (bits - 1):
            error = PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, f"{column.type.integer} out of range")
    else:
        return
    if error is not None:
        raise error


def _require_enum_label(ctx: ReplayContext, column: Column, node: Any) -> None:
    """A string default of an enum column is cooked to the enum when it is set: an unknown label is 22P02."""
    underlying = column.type.underlying
    enum = ctx.catalog.types.get(underlying.key or "")
    if not isinstance(enum, EnumType) or underlying.is_array:
        return
    if isinstance(node, ast.TypeCast):
        node = node.arg
    label = string_value(node) if isinstance(node, ast.A_Const) else None
    if label is not None and label not in enum.labels:
        raise PgError(SqlState.INVALID_TEXT_REPRESENTATION, f'invalid input value for enum {split_key(enum.key)[1]}: "{label}"')
    if label is not None and ctx.catalog.label_uncommitted(enum.key, label):  # ADD VALUE in this transaction
        raise PgError(SqlState.UNSAFE_NEW_ENUM_VALUE_USAGE, f'unsafe use of new value "{label}" of enum type {split_key(enum.key)[1]}')


def _nextval_sequence(ctx: ReplayContext, node: Any) -> str | None:
    """The sequence key of a `nextval('name')` default (resolved now, as the regclass literal is)."""
    if not isinstance(node, ast.FuncCall) or names(node.funcname)[-1:] != ["nextval"] or len(node.args or ()) != 1:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.TypeCast):
        arg = arg.arg
    literal = string_value(arg)
    if literal is None:
        return None
    parts = [p.strip('"') if p.startswith('"') else p.lower() for p in literal.split(".")]
    key = ctx.key_of(parts)
    ctx.catalog.sequence(key)
    return key


def _require_functions(ctx: ReplayContext, node: Any) -> None:
    """A default that calls an extension's function before the extension exists fails, as on the server."""
    found: list[str] = []
    _CalledNames(found)(ast.ResTarget(val=node))
    for fn in found:
        if extensions.missing_function_provider(ctx.catalog, fn) is not None:
            raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {fn}() does not exist")
