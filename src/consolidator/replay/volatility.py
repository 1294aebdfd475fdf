"""Whether an index expression or predicate is immutable, as the server checks it (42P17), from pg15's pg_proc.

A call is not immutable when no overload of its name is (now(), to_char), or when the overload its argument
types resolve to is not (date_trunc on a timestamptz); a cast is not when its cast function, or for an I/O
conversion the source's output or the target's input function, is not (timestamptz::text). An extension's
functions count with their own volatility. When the argument types are not known the call is let through:
the server decides.
"""

from __future__ import annotations

from typing import Any, Callable

from pglast import ast
from pglast.visitors import Visitor

from consolidator.model.types import SqlType
from consolidator.parse.expressions import names
from consolidator.parse.types import builtin_sql_type, type_spec
from consolidator.pg15 import casts, functions
from consolidator.pg15 import extensions as contrib
from consolidator.pg15 import types as pg15_types

_CONSTANT_TYPES = {ast.Integer: "int4", ast.Float: "numeric", ast.String: "unknown", ast.Boolean: "bool"}


def mutable_parts(node: Any, column_type: Callable[[str], SqlType | None]) -> bool:
    """Whether the expression holds a call, a cast or a value function that is not immutable."""
    found: list[bool] = []

    def arg_type(arg: Any) -> str | None:
        if isinstance(arg, ast.ColumnRef) and isinstance(arg.fields[-1], ast.String):
            t = column_type(arg.fields[-1].sval)
            return t.internal if t is not None else None
        if isinstance(arg, ast.A_Const) and not arg.isnull:
            return _CONSTANT_TYPES.get(type(arg.val))
        if isinstance(arg, ast.TypeCast):
            t = builtin_sql_type(type_spec(arg.typeName))
            return t.internal if t is not None else None
        return None

    def immutable(n: Any) -> bool:
        if isinstance(n, ast.SQLValueFunction):
            return False
        if isinstance(n, ast.FuncCall):
            return _call_immutable(names(n.funcname)[-1], [arg_type(a) for a in n.args or ()])
        if isinstance(n, ast.TypeCast):
            target = builtin_sql_type(type_spec(n.typeName))
            source = arg_type(n.arg)
            return source is None or target is None or target.internal is None or _cast_immutable(source, target.internal)
        return True

    class Finder(Visitor):
        def visit(self, ancestors, n):
            if not immutable(n):
                found.append(True)

    Finder()(ast.ResTarget(val=node))
    return bool(found)


def _call_immutable(name: str, argtypes: list[str | None]) -> bool:
    if functions.never_immutable(name):
        return False
    if not functions.functions_named(name, "pg_catalog"):
        provided = [f for ext in contrib.providers_of_function(name) for f in contrib.extension(ext).functions
                    if f.name == name]
        return not provided or any(f.volatility == "i" for f in provided)
    if None in argtypes:
        return True
    return functions.immutable_for(name, argtypes) is not False


def _cast_immutable(source: str, target: str) -> bool:
    if source == target or source == "unknown":
        return True
    cast = casts.cast(source, target)
    if cast is not None:
        if cast.method != "f" or cast.function is None:
            return True
        function = functions.function_by_oid(cast.function)
        return function is None or function.volatility == "i"
    if casts.find_coercion_pathway(source, target, "e") != "coerceviaio":
        return True
    return all(_io_immutable(fn) for fn in (_info(source, "output"), _info(target, "input")))


def _info(type_name: str, which: str) -> str | None:
    info = pg15_types.type_info(type_name)
    return getattr(info, which) if info is not None else None


def _io_immutable(function: str | None) -> bool:
    found = functions.functions_named(function, "pg_catalog") if function else []
    return not found or all(f.volatility == "i" for f in found)
