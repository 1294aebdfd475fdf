"""Calls to the history's own LANGUAGE sql functions in seed DML, evaluated: an IMMUTABLE or STABLE function (not
set-returning) whose body is one `SELECT <expression>` without FROM, or `RETURN <expression>`, over its parameters
($n or by name). The arguments must have the parameters' types (or be untyped literals), so the call resolves to
this function as on the server; STRICT gives NULL on a NULL argument. Anything else stays NotModelled: a volatile
user function's value is not known (unlike now(), it is not kept as an expression), and neither is a body that
reads tables or a call the model cannot resolve to one function."""

from __future__ import annotations

import copy
from typing import Any

import pglast
from pglast import ast
from pglast.parser import ParseError
from pglast.visitors import Visitor

from consolidator.errors import NotModelled
from consolidator.model.objects import Function
from consolidator.model.types import builtin
from consolidator.parse.expressions import names
from consolidator.query.scalar import Datum
from consolidator.replay.seed.values import Values

MAX_DEPTH = 32
_depth = [0]


def call(values: Values, node: ast.FuncCall, args: list[Datum]) -> Datum:
    name = names(node.funcname)
    function = _resolve(values, name, args)
    shown = f"{name[-1]}()"
    options = {o.upper() for o in function.options}
    if function.language != "sql" or function.returns_set or function.kind != "function" or function.returns is None:
        raise NotModelled(f"calls to the history's function {shown} are not evaluated (only LANGUAGE sql "
                          "functions returning one value are)")
    if not options & {"IMMUTABLE", "STABLE"}:
        raise NotModelled(f"the history's function {shown} is VOLATILE: its value is not known to the model")
    if any(o.startswith("SET ") for o in options):
        raise NotModelled(f"the history's function {shown} has SET options: not evaluated")
    if "STRICT" in options or "RETURNS NULL ON NULL INPUT" in options:
        if any(a.text is None for a in args):
            return Datum(function.returns.underlying.name, None)
    expression = _body(function)
    if expression is None:
        raise NotModelled(f"the body of the history's function {shown} is not one expression without FROM: "
                          "not evaluated")
    parameters = [p for p in function.parameters if p.is_input]
    # the server enforces no typmod of a parameter or of the result (varchar(5) returns longer strings)
    typed = [values.assigned(a, builtin(p.type.internal or p.type.name), p.name or f"${i}")
             for i, (a, p) in enumerate(zip(args, parameters), 1)]
    holder = ast.ResTarget(val=copy.deepcopy(expression))
    _Parameters(typed, [p.name for p in parameters])(holder)
    if _depth[0] >= MAX_DEPTH:
        raise NotModelled(f"calls to {shown} nested more than {MAX_DEPTH} deep are not followed")
    _depth[0] += 1
    try:
        result = values.datum(holder.val)
    finally:
        _depth[0] -= 1
    returns = function.returns
    if returns.origin == "builtin" and not returns.is_array:
        return values.assigned(result, builtin(returns.internal or returns.name), "?column?")
    raise NotModelled(f"the history's function {shown} returns {returns.sql}: not evaluated")


def _resolve(values: Values, name: list[str], args: list[Datum]) -> Function:
    catalog = values.ctx.catalog
    if catalog.knows_unmodelled("function", name[-1]):
        raise NotModelled(f"the history's function {name[-1]}() is known only by name: not evaluated")
    found = [f for f in catalog.functions.values() if f.name == name[-1]
             and (len(name) == 1 or f.schema_name == name[0])]
    matching = [f for f in found if _takes(f, args)]
    if len(matching) != 1 or len([f for f in found if len([p for p in f.parameters if p.is_input]) == len(args)]) != 1:
        raise NotModelled(f"calls to the history's function {name[-1]}() with these arguments are not resolved by "
                          "the model")
    return matching[0]


def _takes(function: Function, args: list[Datum]) -> bool:
    parameters = [p for p in function.parameters if p.is_input]
    if len(parameters) != len(args) or any(p.mode == "variadic" or p.default is not None for p in parameters):
        return False
    return all(a.type == "unknown" or (p.type.origin == "builtin" and not p.type.is_array
                                       and a.type == (p.type.internal or p.type.name)) for a, p in zip(args, parameters))


def _body(function: Function) -> Any | None:
    text = function.sql_body if function.sql_body is not None else function.body
    if text is None:
        return None
    try:
        raws = pglast.parse_sql(text) if function.sql_body is None else pglast.parse_sql(
            "SELECT " + text.strip().removeprefix("RETURN").removeprefix("return"))
    except ParseError:
        return None
    if len(raws) != 1 or not isinstance(raws[0].stmt, ast.SelectStmt):
        return None
    select = raws[0].stmt
    if len(select.targetList or ()) != 1 or any(getattr(select, part) for part in (
            "fromClause", "whereClause", "groupClause", "havingClause", "sortClause", "limitCount", "limitOffset",
            "withClause", "valuesLists", "distinctClause", "intoClause", "windowClause", "lockingClause")) \
            or select.op.name != "SETOP_NONE":
        return None
    return select.targetList[0].val


class _Parameters(Visitor):
    """$n and parameter names replaced by the arguments, as typed constants."""

    def __init__(self, args: list[Datum], names_: list[str | None]):
        self.args, self.names = args, names_

    def _constant(self, datum: Datum) -> Any:
        arg = ast.A_Const(isnull=True) if datum.text is None else ast.A_Const(val=ast.String(sval=datum.text))
        type_name = ast.TypeName(names=(ast.String(sval="pg_catalog"), ast.String(sval=datum.type)), typemod=-1)
        return ast.TypeCast(arg=arg, typeName=type_name)

    def visit_ParamRef(self, ancestors, node):
        if not 1 <= node.number <= len(self.args):
            raise NotModelled(f"${node.number} in a function body without that parameter")
        return self._constant(self.args[node.number - 1])

    def visit_ColumnRef(self, ancestors, node):
        parts = [f.sval if isinstance(f, ast.String) else None for f in node.fields or ()]
        if len(parts) == 1 and parts[0] in self.names:
            return self._constant(self.args[self.names.index(parts[0])])
        raise NotModelled("a column reference in a function body without FROM")


Values.user_call = staticmethod(call)
