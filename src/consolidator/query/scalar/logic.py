"""AND, OR, NOT and the IS tests with SQL's three-valued logic; `truth` reads a predicate's value."""

from __future__ import annotations

from pglast.enums import BoolTestType

from consolidator.errors import PgError, SqlState
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.typed import Typed, all_foldable
from consolidator.query.scalar.values import bool_datum


def truth(datum: Datum) -> bool | None:
    """A boolean value as Python: True, False, or None for NULL (a WHERE keeps the row only for True)."""
    return None if datum.is_null else datum.text == "t"


def as_boolean(typed: Typed, construct: str) -> Typed:
    """coerce_to_boolean: the argument of AND / OR / NOT / WHEN / WHERE must be boolean (a literal is read)."""
    t = typed.resolved_type()
    if t not in ("bool", "unknown"):
        raise PgError(SqlState.DATATYPE_MISMATCH, f"argument of {construct} must be type boolean, not type {shown(t)}")
    return coerced(typed, "bool")


def conjunction(args: list[Typed], is_and: bool) -> Typed:
    """AND (OR): false (true) as soon as one argument is, in order, the rest never computed; else NULL if one
    was NULL."""
    construct = "AND" if is_and else "OR"
    args = [as_boolean(a, construct) for a in args]

    def run() -> Datum:
        saw_null = False
        for a in args:
            value = truth(a.value())
            if value is None:
                saw_null = True
            elif value is not is_and:
                return bool_datum(not is_and)
        return bool_datum(None if saw_null else is_and)

    def fold() -> None:  # simplify_and_arguments: a constant false (OR: true) drops the arguments after it
        for a in args:
            a.fold()
            if a.foldable and truth(a.value()) is (not is_and):
                return

    return Typed("bool", run, foldable=all_foldable(args), children=args, folder=fold)


def negation(arg: Typed) -> Typed:
    arg = as_boolean(arg, "NOT")

    def run() -> Datum:
        value = truth(arg.value())
        return bool_datum(None if value is None else not value)

    return Typed("bool", run, foldable=arg.foldable, children=[arg])


def null_test(arg: Typed, is_null: bool) -> Typed:
    return Typed("bool", lambda: bool_datum(arg.value().is_null == is_null), foldable=arg.foldable, children=[arg])


_TESTS = {BoolTestType.IS_TRUE: ("IS TRUE", lambda v: v is True),
          BoolTestType.IS_NOT_TRUE: ("IS NOT TRUE", lambda v: v is not True),
          BoolTestType.IS_FALSE: ("IS FALSE", lambda v: v is False),
          BoolTestType.IS_NOT_FALSE: ("IS NOT FALSE", lambda v: v is not False),
          BoolTestType.IS_UNKNOWN: ("IS UNKNOWN", lambda v: v is None),
          BoolTestType.IS_NOT_UNKNOWN: ("IS NOT UNKNOWN", lambda v: v is not None)}


def boolean_test(arg: Typed, test: BoolTestType) -> Typed:
    construct, check = _TESTS[test]
    arg = as_boolean(arg, construct)
    return Typed("bool", lambda: bool_datum(check(truth(arg.value()))), foldable=arg.foldable, children=[arg])
