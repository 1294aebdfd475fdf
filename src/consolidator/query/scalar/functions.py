"""Function calls: the caller's own functions first (`calls`: nextval, user functions), then the built-in ones
the evaluator models, resolved as the parser resolves them; a volatile built-in (pg_proc.provolatile = 'v', from
consolidator.pg15's generated data) raises Volatile."""

from __future__ import annotations

from typing import Callable

from pglast import ast

from consolidator.errors import NotModelled
from consolidator.pg15.functions import functions_named, resolve_function
from consolidator.query.scalar.coerce import coerced
from consolidator.query.scalar.datum import Datum, Volatile
from consolidator.query.scalar.typed import Typed

Calls = Callable[[ast.FuncCall, list[Datum]], "Datum | None"]
Implementation = Callable[[list[Datum]], Datum]

# name -> (implementation, strict): the built-in functions modelled, keyed by pg_proc's name and argument types
BUILTINS: dict[tuple[str, tuple[str, ...]], tuple[Implementation, bool]] = {}


def builtin(name: str, *args: str, strict: bool = True):
    def register(f: Implementation) -> Implementation:
        BUILTINS[(name, args)] = (f, strict)
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

    def run() -> Datum:
        values = [a.value() for a in args]
        if calls is not None:
            result = calls(node, values)
            if result is not None:
                return result
        if builtin_function is None:
            if schema in (None, "pg_catalog") and functions_named(name, "pg_catalog"):
                raise NotModelled(f"the call {name}({', '.join(v.type for v in values)}) is not resolved by the "
                                  "evaluator")
            raise NotModelled(f"the function {name}() is not one the evaluator knows")
        if builtin_function.volatility == "v":
            raise Volatile(name)
        key = (builtin_function.name, builtin_function.args)
        if key not in BUILTINS:
            raise NotModelled(f"the function {builtin_function.signature()} is not evaluated yet")
        implementation, strict = BUILTINS[key]
        arguments = [coerced(a, t).value() for a, t in zip(args, builtin_function.args)]
        if strict and any(v.is_null for v in arguments):
            return Datum(builtin_function.result, None)
        return implementation(arguments)

    result_type = builtin_function.result if builtin_function is not None else None
    return Typed(result_type, run)
