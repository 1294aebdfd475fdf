"""CASE, COALESCE, NULLIF, GREATEST / LEAST, IS [NOT] DISTINCT FROM, BETWEEN and IN (list), analysed as the parser
transforms them (parse_expr.c) and computed as the planner folds them."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.query.scalar.coerce import coerced
from consolidator.pg15.casts import can_coerce
from consolidator.query.scalar.common import coercible_to, common_type, shown
from consolidator.query.scalar.comparison import compare
from consolidator.query.scalar.datum import NULL, Datum
from consolidator.query.scalar.logic import as_boolean, conjunction, truth
from consolidator.query.scalar.operators import operator_call, resolved_operator
from consolidator.query.scalar.polymorphic import resolve_polymorphic
from consolidator.query.scalar.typed import Typed, all_foldable, known
from consolidator.query.scalar.values import bool_datum


def _types_known(args: list[Typed], construct: str) -> list[Datum]:
    """Stand-ins carrying each argument's type, for select_common_type (a literal's value is kept: it is one)."""
    out = []
    for a in args:
        if a.type is None:
            raise NotModelled(f"the type of a {construct} argument is known only by calling its function")
        out.append(a.value() if a.constant else Datum(a.type, ""))
    return out


def unified_type(args: list[Typed], construct: str) -> str:
    return common_type(_types_known(args, construct), construct)  # type: ignore[return-value]


def _unified(args: list[Typed], construct: str) -> tuple[str, list[Typed]]:
    target = common_type(_types_known(args, construct), construct)
    for a in args:  # coerce_to_common_type: only implicit casts
        if a.type not in (target, "unknown") and not can_coerce(a.type, target, "i"):
            raise PgError(SqlState.CANNOT_COERCE, f"{construct} could not convert type {shown(a.type)} to {shown(target)}")
    return target, [coerced(a, target) for a in args]  # type: ignore[arg-type]


def case_subject(subject: Typed) -> Typed:
    """A simple CASE's subject: an unknown literal is read as text."""
    return coerced(subject, "text") if subject.type == "unknown" else subject


def case_condition(subject: Typed | None, when: Typed) -> Typed:
    """A WHEN, made boolean as soon as it is analysed (`subject = when` for a simple CASE)."""
    return as_boolean(operator_call("=", subject, when) if subject is not None else when, "CASE/WHEN")


def case(conditions: list[Typed], results: list[Typed], default: Typed | None) -> Typed:
    # transformCaseExpr puts the ELSE result first: its type is the one the others are weighed against
    target, unified = _unified([default or known(NULL)] + results, "CASE")
    results = unified[1:] + unified[:1]

    def run() -> Datum:
        for condition, result in zip(conditions, results):
            if truth(condition.value()):
                return result.value()
        return results[-1].value()

    def fold() -> None:  # a constant true WHEN ends the CASE; a constant false or NULL one drops its result
        for condition, result in zip(conditions, results):
            condition.fold()
            if condition.foldable:
                if truth(condition.value()):
                    result.fold()
                    return
                continue
            result.fold()
        results[-1].fold()

    parts = conditions + results
    return Typed(target, run, foldable=all_foldable(parts), children=parts, folder=fold)


def coalesce(args: list[Typed]) -> Typed:
    target, args = _unified(args, "COALESCE")

    def run() -> Datum:
        for a in args:
            value = a.value()
            if not value.is_null:
                return value
        return Datum(target, None)

    def fold() -> None:  # a constant not NULL drops the arguments after it
        for a in args:
            a.fold()
            if a.foldable and not a.value().is_null:
                return

    return Typed(target, run, foldable=all_foldable(args), children=args, folder=fold)


def greatest_or_least(args: list[Typed], greatest: bool) -> Typed:
    target, args = _unified(args, "GREATEST" if greatest else "LEAST")

    def run() -> Datum:
        best = None
        for value in [a.value() for a in args]:
            if value.is_null:
                continue
            if best is None or (compare(value, best) > 0 if greatest else compare(value, best) < 0):
                best = value
        return best or Datum(target, None)

    return Typed(target, run, foldable=all_foldable(args), children=args)


def nullif(left: Typed, right: Typed) -> Typed:
    equal = operator_call("=", left, right)
    op = resolved_operator("=", left.resolved_type(), right.resolved_type())
    declared, _ = resolve_polymorphic([op.left, op.right], [left.resolved_type(), right.resolved_type()],  # type: ignore
                                      op.result)
    first = coerced(left, declared[0])

    def run() -> Datum:
        value = first.value()
        return Datum(value.type, None) if truth(equal.value()) else value

    return Typed(declared[0], run, foldable=equal.foldable and first.foldable, children=[first, equal])


def distinct(left: Typed, right: Typed, is_distinct: bool) -> Typed:
    equal = operator_call("=", left, right)
    if equal.type != "bool":
        raise PgError(SqlState.DATATYPE_MISMATCH, "IS DISTINCT FROM requires = operator to yield boolean")

    def run() -> Datum:
        a, b = left.value(), right.value()
        if a.is_null or b.is_null:
            differ = a.is_null != b.is_null
        else:
            differ = not truth(equal.value())
        return bool_datum(differ == is_distinct)

    return Typed("bool", run, foldable=equal.foldable, children=[equal])


def between(subject: Typed, low: Typed, high: Typed, negated: bool, symmetric: bool) -> Typed:
    def inside(lo: Typed, hi: Typed) -> Typed:
        if negated:
            return conjunction([operator_call("<", subject, lo), operator_call(">", subject, hi)], is_and=False)
        return conjunction([operator_call(">=", subject, lo), operator_call("<=", subject, hi)], is_and=True)

    if not symmetric:
        return inside(low, high)
    return conjunction([inside(low, high), inside(high, low)], is_and=negated)


def in_list(subject: Typed, items: list[Typed], has_columns: list[bool], negated: bool) -> Typed:
    """IN (...): the items without column references become one `= ANY (ARRAY[...])` when they and the subject
    have a common type (the array built whole: each item computed); the others one comparison each, ORed."""
    name = "<>" if negated else "="
    constants = [i for i, c in zip(items, has_columns) if not c]
    separate, parts = items, []
    if len(constants) > 1:
        stand_ins = _types_known([subject] + constants, "IN")
        scalar = common_type(stand_ins, None)
        if scalar is not None and coercible_to(stand_ins, scalar):
            parts.append(_any(name, subject, [coerced(i, scalar) for i in constants], use_all=negated))
            separate = [i for i, c in zip(items, has_columns) if c]
    parts += [operator_call(name, subject, i) for i in separate]
    return parts[0] if len(parts) == 1 else conjunction(parts, is_and=negated)


def _any(name: str, subject: Typed, elements: list[Typed], use_all: bool) -> Typed:
    """subject <op> ANY / ALL (an array of these elements)."""
    comparisons = [operator_call(name, subject, e) for e in elements]

    def run() -> Datum:
        for e in elements:
            e.value()  # the array is built before any comparison
        outcome: bool | None = use_all
        for c in comparisons:
            value = truth(c.value())
            if value is None:
                outcome = None
            elif value is not use_all:
                return bool_datum(not use_all)
        return bool_datum(outcome)

    parts = elements + comparisons
    return Typed("bool", run, foldable=all_foldable(parts), children=parts)


def any_or_all(name: str, subject: Typed, array: Typed, use_all: bool) -> Typed:
    """subject <op> ANY / ALL (array): the operator resolved against the element type (an unknown literal on the
    right taking the left side's array type)."""
    from consolidator.query.scalar import arrays  # noqa: PLC0415
    from consolidator.query.scalar.array_operators import elements  # noqa: PLC0415

    array_type = array.resolved_type()
    if array_type == "unknown":
        element = subject.resolved_type() if subject.resolved_type() != "unknown" else "text"
    else:
        element = arrays.element_of(array_type)  # type: ignore[assignment]
        if element is None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires array on right side")
    op = resolved_operator(name, subject.resolved_type(), element)
    if op.result != "bool":
        raise PgError(SqlState.WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires operator to yield boolean")
    right = coerced(array, arrays.array_of(op.right))
    left = coerced(subject, op.left)  # type: ignore[arg-type]

    def run() -> Datum:
        value = right.value()
        if value.is_null:
            return bool_datum(None)
        comparisons = [operator_call(name, left, known(e)) for e in elements(value)]
        outcome: bool | None = use_all
        for c in comparisons:
            v = truth(c.value())
            if v is None:
                outcome = None
            elif v is not use_all:
                return bool_datum(not use_all)
        return bool_datum(outcome)

    foldable = left.foldable and right.foldable and op.proc.volatility == "i"
    return Typed("bool", run, foldable=foldable, children=[left, right])
