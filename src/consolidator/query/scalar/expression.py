"""The value of an expression node (pglast): analysed first (types, operators, literals), then computed."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable

from pglast import ast
from pglast.enums import A_Expr_Kind, BoolExprType, MinMaxOp, NullTestType

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.types import SqlType
from consolidator.pg15.casts import find_coercion_pathway
from consolidator.pg15.functions import functions_named
from consolidator.parse.expressions import names
from consolidator.parse.types import builtin_sql_type, type_spec
from consolidator.query.scalar import arrays, conditional, logic, strings  # noqa: F401  (strings: its functions)
from consolidator.query.scalar.assign import assign
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.datum import NULL, Datum, Volatile
from consolidator.query.scalar.functions import Calls, call
from consolidator.query.scalar.inputs import INTEGER_RANGES, numeric_in
from consolidator.query.scalar.operators import operator_call
from consolidator.query.scalar.typed import Typed, all_foldable, known
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.type_input import type_input
from consolidator.query.scalar.values import as_text, coerce

Columns = Callable[[ast.ColumnRef], Datum]

__all__ = ["Calls", "Columns", "analysed", "evaluate", "predicate"]


def evaluate(node: Any, columns: Columns | None = None, calls: Calls | None = None) -> Datum:
    with _volatile_first(node, calls is not None):
        typed = _Analyser(columns, calls).analyse(node)
        typed.fold()
        return typed.value()


@contextmanager
def _volatile_first(node: Any, sequences_modelled: bool):
    """An expression that calls a volatile function is Volatile even where another part is not modelled: its
    value is unknown either way, and the caller keeps such an expression as written. With the caller's `calls`,
    the sequence functions are the model's, not volatile values."""
    try:
        yield
    except Volatile:
        raise
    except NotModelled as e:
        function = _volatile_call(node, _SEQUENCE_FUNCTIONS if sequences_modelled else ())
        if function is None:
            raise
        raise Volatile(function) from e


_SEQUENCE_FUNCTIONS = ("nextval", "setval", "currval", "lastval")


def _volatile_call(node: Any, exempt: tuple[str, ...]) -> str | None:
    if isinstance(node, ast.SQLValueFunction):
        return node.op.name.removeprefix("SVFOP_").lower()
    if isinstance(node, ast.FuncCall):
        name = node.funcname[-1].sval
        overloads = functions_named(name, "pg_catalog")
        if name not in exempt and overloads and all(f.volatility == "v" or (f.volatility == "s" and not f.args) for f in overloads):
            return name
    if isinstance(node, ast.Node):
        for field in node:
            found = _volatile_call(getattr(node, field), exempt)
            if found is not None:
                return found
    if isinstance(node, (list, tuple)):
        for item in node:
            found = _volatile_call(item, exempt)
            if found is not None:
                return found
    return None


def predicate(node: Any, columns: Columns | None = None, calls: Calls | None = None, construct: str = "WHERE"
              ) -> bool | None:
    """A condition's truth: True, False, or None (NULL); a non-boolean is the server's 42804."""
    with _volatile_first(node, calls is not None):
        typed = logic.as_boolean(_Analyser(columns, calls).analyse(node), construct)
        typed.fold()
        return logic.truth(typed.value())


def analysed(node: Any, columns: Columns | None = None, calls: Calls | None = None, construct: str | None = None
             ) -> Typed:
    """The expression after parse analysis only (a condition made boolean for `construct`): nothing computed yet;
    its `fold()` computes what the planner folds. Parse analysis errors (42883, a literal's 22P02) are raised here."""
    typed = _Analyser(columns, calls).analyse(node)
    return logic.as_boolean(typed, construct) if construct is not None else typed


class _Analyser:
    def __init__(self, columns: Columns | None, calls: Calls | None):
        self.columns, self.calls = columns, calls

    def analyse(self, node: Any) -> Typed:
        if isinstance(node, ast.A_Const):
            return known(_constant(node))
        if isinstance(node, ast.TypeCast):
            if isinstance(node.arg, ast.A_ArrayExpr):  # ARRAY[...]::int[]: each element cast
                array_type = _cast_type(node.typeName)
                return self._cast(self._array(node.arg, array_type), node.typeName)
            return self._cast(self.analyse(node.arg), node.typeName)
        if isinstance(node, ast.ColumnRef):
            if self.columns is None:
                raise NotModelled("a column reference outside a row is not evaluated")
            return known(self.columns(node), constant=False)
        if isinstance(node, ast.A_Expr):
            return self._expression(node)
        if isinstance(node, ast.BoolExpr):
            if node.boolop == BoolExprType.NOT_EXPR:
                return logic.negation(self.analyse(node.args[0]))
            construct = "AND" if node.boolop == BoolExprType.AND_EXPR else "OR"
            args = [logic.as_boolean(self.analyse(a), construct) for a in node.args]  # each checked once analysed
            return logic.conjunction(args, is_and=construct == "AND")
        if isinstance(node, ast.NullTest):
            if node.argisrow:
                raise NotModelled("IS NULL on a row is not evaluated")
            return logic.null_test(self.analyse(node.arg), node.nulltesttype == NullTestType.IS_NULL)
        if isinstance(node, ast.BooleanTest):
            return logic.boolean_test(self.analyse(node.arg), node.booltesttype)
        if isinstance(node, ast.CaseExpr):
            subject = conditional.case_subject(self.analyse(node.arg)) if node.arg is not None else None
            conditions, results = [], []
            for w in node.args:
                conditions.append(conditional.case_condition(subject, self.analyse(w.expr)))
                results.append(self.analyse(w.result))
            default = self.analyse(node.defresult) if node.defresult is not None else None
            return conditional.case(conditions, results, default)
        if isinstance(node, ast.CoalesceExpr):
            return conditional.coalesce([self.analyse(a) for a in node.args])
        if isinstance(node, ast.MinMaxExpr):
            return conditional.greatest_or_least([self.analyse(a) for a in node.args], node.op == MinMaxOp.IS_GREATEST)
        if isinstance(node, ast.A_ArrayExpr):
            return self._array(node, None)
        if isinstance(node, ast.SQLValueFunction):  # CURRENT_TIMESTAMP, CURRENT_USER, ...: the session's
            raise Volatile(node.op.name.removeprefix("SVFOP_").lower())
        if isinstance(node, ast.FuncCall):
            return call(node, [self.analyse(a) for a in node.args or ()], self.calls)
        raise NotModelled(f"expressions of the kind {type(node).__name__} are not evaluated yet")

    def _expression(self, node: ast.A_Expr) -> Typed:
        kind = node.kind
        name = node.name[-1].sval
        if len(node.name) > 1 and node.name[0].sval != "pg_catalog":
            raise NotModelled(f"the operator {'.'.join(n.sval for n in node.name)} is not evaluated")
        if kind in (A_Expr_Kind.AEXPR_OP, A_Expr_Kind.AEXPR_LIKE, A_Expr_Kind.AEXPR_ILIKE):
            left = self.analyse(node.lexpr) if node.lexpr is not None else None
            return operator_call(name, left, self.analyse(node.rexpr))
        if kind in (A_Expr_Kind.AEXPR_OP_ANY, A_Expr_Kind.AEXPR_OP_ALL):
            return conditional.any_or_all(name, self.analyse(node.lexpr), self.analyse(node.rexpr),
                                          use_all=kind == A_Expr_Kind.AEXPR_OP_ALL)
        if kind in (A_Expr_Kind.AEXPR_DISTINCT, A_Expr_Kind.AEXPR_NOT_DISTINCT):
            return conditional.distinct(self.analyse(node.lexpr), self.analyse(node.rexpr),
                                        kind == A_Expr_Kind.AEXPR_DISTINCT)
        if kind == A_Expr_Kind.AEXPR_NULLIF:
            return conditional.nullif(self.analyse(node.lexpr), self.analyse(node.rexpr))
        if kind == A_Expr_Kind.AEXPR_IN:
            items = list(node.rexpr)
            return conditional.in_list(self.analyse(node.lexpr), [self.analyse(i) for i in items],
                                       [_has_columns(i) for i in items], negated=name == "<>")
        if kind in (A_Expr_Kind.AEXPR_BETWEEN, A_Expr_Kind.AEXPR_NOT_BETWEEN, A_Expr_Kind.AEXPR_BETWEEN_SYM,
                    A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM):
            low, high = node.rexpr
            return conditional.between(self.analyse(node.lexpr), self.analyse(low), self.analyse(high),
                                       negated=kind in (A_Expr_Kind.AEXPR_NOT_BETWEEN,
                                                        A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM),
                                       symmetric=kind in (A_Expr_Kind.AEXPR_BETWEEN_SYM,
                                                          A_Expr_Kind.AEXPR_NOT_BETWEEN_SYM))
        raise NotModelled(f"expressions of the kind {kind.name} are not evaluated yet")

    def _array(self, node: ast.A_ArrayExpr, target: str | None) -> Typed:
        """ARRAY[...]: its elements' common type (or the element type of the array type it is cast to)."""
        items = [self.analyse(e) for e in node.elements or ()]
        if any(isinstance(e, ast.A_ArrayExpr) or (i.type or "").startswith("_")
               for e, i in zip(node.elements or (), items)):
            raise NotModelled("multi-dimensional arrays are not modelled")
        if target is not None:
            element = arrays.element_of(target)
            if element is None:
                raise NotModelled(f"ARRAY[...] cast to {target} is not evaluated")
        elif not items:
            raise PgError(SqlState.INDETERMINATE_DATATYPE, "cannot determine type of empty array")
        else:
            element = conditional.unified_type(items, "ARRAY")
        items = [coerced(i, element) for i in items] if target is None else items
        array_type = arrays.array_of(element)

        def run() -> Datum:
            values = [i.value() for i in items]
            if target is not None:
                values = [_cast_to(v, element) for v in values]
            return Datum(array_type, arrays.out([v.text for v in values]))

        return Typed(array_type, run, foldable=all_foldable(items), children=items)

    def _cast(self, arg: Typed, type_name: ast.TypeName) -> Typed:
        if arg.constant and arg.type == "unknown":  # a quoted literal's cast happens when the statement is parsed
            plain = _without_typmod(type_name)
            if plain is None:
                return known(_cast(arg.value(), type_name))
            # ... by the input function without the typmod (coerce_type), then the length coercion, which the
            # planner folds: '1000000'::numeric(8,2) fails only if computed (not as a COALESCE argument dropped)
            parsed = known(_cast(arg.value(), plain))
            return Typed(parsed.type, lambda: _cast(parsed.value(), type_name), foldable=True, children=[parsed])
        target = _cast_type(type_name)
        source = arg.resolved_type()
        if find_coercion_pathway(source, target, "e") is None:
            raise PgError(SqlState.CANNOT_COERCE, f"cannot cast type {shown(source)} to {shown(target)}")
        return Typed(target, lambda: _cast(arg.value(), type_name), foldable=arg.foldable, children=[arg])


def _without_typmod(type_name: ast.TypeName) -> ast.TypeName | None:
    """The type without its modifiers, for a type that has some (not interval's: its input reads them); else None."""
    if not type_name.typmods or type_name.arrayBounds or names(type_name.names)[-1] == "interval":
        return None
    return ast.TypeName(names=type_name.names, typmods=None, arrayBounds=type_name.arrayBounds,
                        setof=type_name.setof, pct_type=type_name.pct_type, typemod=type_name.typemod)


def _has_columns(node: Any) -> bool:
    if isinstance(node, ast.ColumnRef):
        return True
    if isinstance(node, ast.Node):
        return any(_has_columns(getattr(node, f)) for f in node)
    if isinstance(node, (list, tuple)):
        return any(_has_columns(n) for n in node)
    return False


def _constant(node: ast.A_Const) -> Datum:
    if node.isnull:
        return NULL
    value = node.val
    if isinstance(value, ast.Integer):
        return Datum("int4", str(value.ival))
    if isinstance(value, ast.Float):  # integers beyond int4 are Float nodes (make_const: int8 if it fits)
        text = value.fval
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isdigit():
            n = int(text)
            for name in ("int4", "int8"):
                low, high = INTEGER_RANGES[name]
                if low <= n <= high:
                    return Datum(name, str(n))
        return Datum("numeric", numeric_in(text))
    if isinstance(value, ast.Boolean):
        return Datum("bool", "t" if value.boolval else "f")
    if isinstance(value, ast.String):
        return Datum("unknown", value.sval)
    raise NotModelled(f"constants of the kind {type(value).__name__} are not evaluated yet")


_STRINGS = ("unknown", "text", "varchar", "bpchar")


def _cast_type(type_name: ast.TypeName) -> str:
    target: SqlType | None = builtin_sql_type(type_spec(type_name))
    if target is None or target.internal is None:
        raise NotModelled("casts to types outside pg_catalog are not evaluated yet")
    return target.internal


def _cast_to(datum: Datum, type_name: str) -> Datum:
    """An element's explicit cast to an array's element type (no typmod)."""
    if datum.type == type_name:
        return datum
    if datum.type in _STRINGS or type_name in ("text", "varchar", "bpchar"):
        return Datum(type_name, None if datum.text is None else type_input(type_name, as_text(datum)))
    return coerce(datum, type_name)


def _cast(datum: Datum, type_name: ast.TypeName) -> Datum:
    """An explicit cast: from a string, the target's input function (I/O conversion); else the assignment cast."""
    target: SqlType | None = builtin_sql_type(type_spec(type_name))
    if target is None:
        raise NotModelled("casts to types outside pg_catalog are not evaluated yet")
    if datum.type in _STRINGS or target.name in ("text", "varchar", "bpchar") and not target.is_array:
        datum = Datum("unknown", None if datum.text is None else as_text(datum))
    if (datum.type, target.name) == ("int4", "bool"):  # the explicit-only casts between integer and boolean
        return Datum("bool", None if datum.text is None else "f" if datum.text == "0" else "t")
    if (datum.type, target.name) == ("bool", "int4"):
        return Datum("int4", None if datum.text is None else "1" if datum.text == "t" else "0")
    if target.is_array and target.name in ("varchar", "bpchar") and target.typmods and datum.text is not None:
        datum = Datum("unknown", arrays.out([None if e is None else e[:target.typmods[0]]
                                             for e in arrays.parse(datum.text)]))
    elif target.name in ("varchar", "bpchar") and target.typmods and datum.text is not None:
        datum = Datum(datum.type, datum.text[:target.typmods[0]])  # an explicit cast cuts, an assignment fails
    if datum.type == "jsonb" and target.name in ("int2", "int4", "int8", "numeric", "bool") and not target.is_array:
        from consolidator.query.scalar.json_operators import jsonb_cast  # noqa: PLC0415

        datum = jsonb_cast(datum, target.name)
    try:
        return assign(datum, target, column="?")
    except PgError as e:
        if e.sqlstate != SqlState.DATATYPE_MISMATCH:
            raise
        # the cast exists (analysis checked the pathway): its function is not one modelled
        raise NotModelled(f"the cast from {shown(datum.type)} to {target.sql} is not evaluated yet") from None
