"""Function calls: the caller's own functions first (`calls`: nextval, user functions), then the built-in ones
the evaluator models, resolved as the parser resolves them; a volatile built-in (pg_proc.provolatile = 'v', from
consolidator.pg15's generated data) raises Volatile."""

from __future__ import annotations

from typing import Callable

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.functions import functions_named, no_overload_fits, resolve_function
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.common import shown
from consolidator.query.scalar.datum import Datum, Volatile
from consolidator.query.scalar.polymorphic import resolve_polymorphic
from consolidator.query.scalar.typed import Typed, all_foldable

Calls = Callable[[ast.FuncCall, list[Datum]], "Datum | None"]
Implementation = Callable[[list[Datum]], Datum]

# The built-in functions modelled, keyed by pg_proc's name and declared argument types; a strict one (pg_proc)
# is not called with a NULL argument.
BUILTINS: dict[tuple[str, tuple[str, ...]], Implementation] = {}
DEFAULTS: dict[tuple[str, tuple[str, ...]], list[Datum]] = {}  # the trailing arguments' defaults (pg_proc's)


def builtin(name: str, *args: str, defaults: list[Datum] | None = None):
    def register(f: Implementation) -> Implementation:
        BUILTINS[(name, args)] = f
        if defaults:
            DEFAULTS[(name, args)] = defaults
        return f

    return register


def function_name(node: ast.FuncCall) -> tuple[str | None, str]:
    parts = [p.sval for p in node.funcname]
    return (parts[0] if len(parts) > 1 else None), parts[-1]


def call(node: ast.FuncCall, args: list[Typed], calls: Calls | None) -> Typed:
    schema, name = function_name(node)
    if node.agg_star or node.agg_distinct or node.agg_order or node.over is not None or node.agg_filter is not None:
        raise NotModelled(f"{name}(...) with an aggregate or window clause is not evaluated")
    if node.func_variadic:
        raise NotModelled(f"{name}(VARIADIC ...) is not evaluated yet")
    if any(isinstance(a, ast.NamedArgExpr) for a in node.args or ()):
        raise NotModelled(f"{name}(...) with named arguments is not evaluated yet")
    builtin_function = None
    if schema in (None, "pg_catalog") and all(a.type is not None for a in args):
        builtin_function = resolve_function(name, [a.type for a in args])  # type: ignore[misc]
        if builtin_function is None and calls is None:
            _check_exists(name, [a.type for a in args])  # type: ignore[misc]  # the parser's 42883

    def run() -> Datum:
        values = [a.value() for a in args]
        if calls is not None:
            result = calls(node, values)
            if result is not None:
                return result
        if builtin_function is None:
            if schema in (None, "pg_catalog") and functions_named(name, "pg_catalog"):
                _check_exists(name, [a.resolved_type() for a in args])
                raise NotModelled(f"the call {name}({', '.join(v.type for v in values)}) is not resolved by the "
                                  "evaluator")
            raise NotModelled(f"the function {name}() is not one the evaluator knows")
        key = (builtin_function.name, builtin_function.args)
        if key not in BUILTINS:
            session = builtin_function.volatility == "s" and not args and not name.endswith(("_build_object",
                                                                                              "_build_array"))
            if builtin_function.volatility == "v" or session:
                raise Volatile(name)  # volatile, or read from the session or transaction (now(), current_user)
            raise NotModelled(f"the function {builtin_function.signature()} is not evaluated yet")
        implementation = BUILTINS[key]
        arguments = [coerced(a, t).value() for a, t in zip(args, declared)]
        if len(arguments) < len(declared):
            if key not in DEFAULTS:
                raise NotModelled(f"the defaults of {builtin_function.signature()} are not modelled")
            arguments += DEFAULTS[key][len(arguments) - len(declared):]
        if builtin_function.strict and any(v.is_null for v in arguments):
            return Datum(builtin_function.result, None)
        return implementation(arguments)

    result_type = None
    if builtin_function is not None:
        declared = list(builtin_function.args)
        if builtin_function.variadic is not None and len(args) >= len(declared):
            declared = declared[:-1] + [builtin_function.variadic] * (len(args) - len(declared) + 1)
        declared, result_type = resolve_polymorphic(declared, [a.resolved_type() for a in args][:len(declared)]
                                                    + declared[len(args):], builtin_function.result)
    foldable = builtin_function is not None and builtin_function.volatility == "i" and all_foldable(args)
    return Typed(result_type, run, foldable=foldable, children=args)


def _check_exists(name: str, types: list[str]) -> None:
    if functions_named(name, "pg_catalog") and no_overload_fits(name, types):
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {name}({', '.join(map(shown, types))}) does not exist")
