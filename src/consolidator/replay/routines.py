"""What CREATE FUNCTION says, read as the server reads it: parameters, return type, options, the body, and the
checks the server makes when it creates one (check_function_bodies is on by default).

A PL/pgSQL body is compiled by PostgreSQL's own PL/pgSQL compiler (libpg_query): its syntax errors are the
server's. A LANGUAGE sql body is parsed, and the relations it reads must exist, as parse analysis requires
(42P01); its columns and result type are left to the server.
"""

from __future__ import annotations

from typing import Any

import pglast
from pglast import ast, enums
from pglast.parser import ParseError
from pglast.stream import RawStream
from pglast.visitors import Visitor

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import FunctionParameter, type_identity
from consolidator.parse.expressions import int_value, names, string_value
from consolidator.pg15 import extensions as contrib
from consolidator.query.catalog_views import SYSTEM_RELATIONS
from consolidator.replay.context import ReplayContext

_MODES = {"i": "in", "d": "in", "o": "out", "b": "inout", "v": "variadic", "t": "table"}
# The order pg_get_functiondef writes options in; SET clauses come after them, in the order given.
OPTION_ORDER = ("window", "volatility", "strict", "security", "leakproof", "parallel", "cost", "rows", "support")
_BUILTIN_LANGUAGES = ("sql", "plpgsql", "c", "internal")


def parameters(ctx: ReplayContext, node: Any) -> list[FunctionParameter]:
    out = []
    for p in node.parameters or ():
        sql_type, _ = ctx.column_type(p.argType, row_types=True)
        default = RawStream()(p.defexpr) if p.defexpr is not None else None
        out.append(FunctionParameter(name=p.name, mode=_MODES[p.mode.value], type=sql_type, default=default))
    return out


def arg_types(ctx: ReplayContext, objargs: Any) -> tuple[str, ...]:
    """The identity of the argument types an ObjectWithArgs names (DROP FUNCTION f(int, text))."""
    return tuple(type_identity(ctx.column_type(t, row_types=True)[0]) for t in objargs or ())


def option_sql(option: Any) -> tuple[str, str]:
    """(kind, SQL clause) of one CREATE / ALTER FUNCTION option; kind 'set:<name>' for a SET or RESET."""
    name, arg = option.defname, option.arg
    if name == "volatility":
        return name, string_value(arg).upper()
    if name in ("strict", "security", "leakproof", "window"):
        on = bool(arg.boolval) if isinstance(arg, ast.Boolean) else bool(int_value(arg))
        words = {"strict": ("STRICT", "CALLED ON NULL INPUT"), "security": ("SECURITY DEFINER", "SECURITY INVOKER"),
                 "leakproof": ("LEAKPROOF", "NOT LEAKPROOF"), "window": ("WINDOW", "")}[name]
        return name, words[0] if on else words[1]
    if name == "parallel":
        return name, f"PARALLEL {string_value(arg).upper()}"
    if name in ("cost", "rows"):
        value = arg.fval if isinstance(arg, ast.Float) else str(int_value(arg))
        return name, f"{name.upper()} {value}"
    if name == "support":
        return name, f"SUPPORT {'.'.join(names(arg))}"
    if name == "set":
        variable = arg.name or "ALL"
        return f"set:{variable}", RawStream()(arg)
    raise NotModelled(f"function option {name.upper()} is not modelled yet")


def merge_options(current: dict[str, str], options: Any) -> dict[str, str]:
    """The options after CREATE's or ALTER's clauses: each kind once, RESET removing a setting, RESET ALL all."""
    merged = dict(current)
    for option in options or ():
        kind, clause = option_sql(option)
        if kind.startswith("set:") and clause.startswith("RESET"):
            if kind == "set:ALL":
                merged = {k: v for k, v in merged.items() if not k.startswith("set:")}
            merged.pop(kind, None)
        elif clause:
            merged[kind] = clause
        else:
            merged.pop(kind, None)
    return merged


def ordered(options: dict[str, str]) -> list[str]:
    fixed = [options[k] for k in OPTION_ORDER if k in options]
    return fixed + [v for k, v in options.items() if k.startswith("set:")]


def require_language(ctx: ReplayContext, language: str) -> None:
    """A language is built in, or comes with its extension (plperl, plpython3u, pltcl)."""
    if language in _BUILTIN_LANGUAGES or language in ctx.catalog.extensions:
        return
    if contrib.extension(language) is None and any(contrib.extension(e) is None for e in ctx.catalog.extensions):
        return  # an extension pg15 does not know may bring it
    raise PgError(SqlState.UNDEFINED_OBJECT, f'language "{language}" does not exist')


def check_plpgsql(text: str) -> None:
    """Compile the CREATE FUNCTION statement's PL/pgSQL body as the server's validator does."""
    from consolidator.replay.plpgsql.tree import COMPILE_ERRORS

    try:
        pglast.parse_plpgsql(text)
    except ParseError as e:
        message = str(e.args[0]) if e.args else str(e)
        for pattern, sqlstate in COMPILE_ERRORS:
            if pattern.search(message):
                raise PgError(sqlstate, message) from e
        raise NotModelled(f"PL/pgSQL compile error not modelled: {message}") from e


def sql_body_relations(ctx: ReplayContext, body: str | None, sql_body: Any) -> list[str]:
    """The relations a LANGUAGE sql body reads or writes; 42P01 for one that does not exist (parse analysis runs
    at creation), 42601 for a body that does not parse."""
    if sql_body is not None:
        statements = [sql_body]
    else:
        try:
            statements = [raw.stmt for raw in pglast.parse_sql(body or "")]
        except ParseError as e:
            raise PgError(SqlState.SYNTAX_ERROR, str(e.args[0]) if e.args else str(e)) from e
    found: list[str] = []
    for statement in statements:
        ctes: set[str] = set()

        class Relations(Visitor):
            def visit_CommonTableExpr(self, ancestors, node):
                ctes.add(node.ctename)

            def visit_RangeVar(self, ancestors, node):
                if node.schemaname is None and node.relname in ctes:
                    return
                if node.schemaname in SYSTEM_RELATIONS or (node.schemaname is None and node.relname in
                                                          SYSTEM_RELATIONS["pg_catalog"]):
                    return
                key = ctx.relation_key(node)
                if ctx.catalog.relation_kind(key) is None:
                    raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_written(node)}" does not exist')
                if node.schemaname is None and split_key(key)[0] != "public":
                    # The body is kept as written and checked again when the baseline creates the function,
                    # under the default search_path, where the name would not find this relation.
                    raise NotModelled(f"a LANGUAGE sql body reads {_written(node)} through search_path (it is "
                                      f"{key}): the baseline could not create the function as written")
                if key not in found:
                    found.append(key)

        Relations()(statement)
    return found


# Functions whose text argument the server turns into a regclass constant, a dependency of a parsed body.
_REGCLASS_CALLS = frozenset({"nextval", "currval", "setval", "pg_get_serial_sequence"})


def sql_body_text(sql_body: Any) -> str:
    """RETURN expr or BEGIN ATOMIC ... END (a tuple of the statements, (None,) when empty), as SQL."""
    if not isinstance(sql_body, tuple):
        return RawStream()(sql_body)
    statements = [s for s in (sql_body[0] or ()) if s is not None] if sql_body else []
    return "BEGIN ATOMIC\n" + "".join(f"  {RawStream()(s)};\n" for s in statements) + "END"


def require_independent_sql_body(ctx: ReplayContext, sql_body: Any) -> None:
    """A RETURN / BEGIN ATOMIC body is parsed at creation and the server keeps dependencies on what it names: a
    DROP of them is 2BP01 (CASCADE drops the function), a rename rewrites the body. The model keeps the body as
    text, so a body naming a relation, a function or a type of the history is reported."""
    user_functions = {f.name for f in ctx.catalog.functions.values()}
    user_types = {split_key(k)[1] for k in [*ctx.catalog.types, *ctx.catalog.tables, *ctx.catalog.views]}

    class Names(Visitor):
        def visit_RangeVar(self, ancestors, node):
            raise NotModelled(f"a RETURN / BEGIN ATOMIC body reads {_written(node)}: the server tracks what such a "
                              "body names (its drops and renames), the model keeps the body as text")

        def visit_FuncCall(self, ancestors, node):
            name = names(node.funcname)[-1]
            if name in user_functions or name in _REGCLASS_CALLS or ctx.catalog.opaques:
                raise NotModelled(f"a RETURN / BEGIN ATOMIC body calls {name}(): the server tracks what such a "
                                  "body names, the model keeps the body as text")

        def visit_TypeName(self, ancestors, node):
            if names(node.names)[-1] in user_types:
                raise NotModelled(f"a RETURN / BEGIN ATOMIC body names the type {names(node.names)[-1]}: the "
                                  "server tracks what such a body names, the model keeps the body as text")

        def visit_A_Expr(self, ancestors, node):
            if ctx.catalog.opaques:  # an operator of the history
                raise NotModelled("a RETURN / BEGIN ATOMIC body with operators next to opaque objects of the "
                                  "history (an operator it may use): the model keeps the body as text")

    Names()(sql_body)


def require_final_select(sql_body: Any, returns: Any) -> None:
    """A BEGIN ATOMIC function that returns a value must end with a SELECT or a ... RETURNING (42P13), as the
    server checks at creation whatever check_function_bodies says."""
    if not isinstance(sql_body, tuple) or returns is None or returns.internal == "void":
        return
    statements = [s for s in (sql_body[0] or ()) if s is not None] if sql_body else []
    last = statements[-1] if statements else None
    if isinstance(last, ast.SelectStmt) or getattr(last, "returningList", None):
        return
    raise PgError(SqlState.INVALID_FUNCTION_DEFINITION,
                  f"return type mismatch in function declared to return {returns.sql}")


def _written(rangevar: Any) -> str:
    return f"{rangevar.schemaname}.{rangevar.relname}" if rangevar.schemaname else rangevar.relname


def options_of(node: Any) -> tuple[str | None, list[str] | None, list[Any]]:
    """(language, AS strings, the other options) of a CREATE FUNCTION; a repeated option is 42601."""
    language, body, others, seen = None, None, [], set()
    for option in node.options or ():
        if option.defname in seen and option.defname != "set":
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        seen.add(option.defname)
        if option.defname == "language":
            language = string_value(option.arg)
        elif option.defname == "as":
            body = [string_value(a) for a in option.arg] if isinstance(option.arg, (list, tuple)) else [string_value(option.arg)]
        else:
            others.append(option)
    return language, body, others


def qualified_name(ctx: ReplayContext, funcname: Any, create: bool = False) -> tuple[str, str]:
    """(schema, name) of a function named in a statement: where CREATE puts it, or the first schema of the
    search_path with a function of that name."""
    parts = names(funcname)
    schema, name = split_key(ctx.creation_key(parts) if create else ctx.key_of(parts, "function"))
    return schema, name


def signature_text(name: str, types: list[Any]) -> str:
    return f"{name}({', '.join(types)})"


def returns_of(ctx: ReplayContext, node: Any):
    """(return type, returns a set) of CREATE FUNCTION; RETURNS TABLE is SETOF record."""
    if node.returnType is None:
        return None, False
    sql_type, _ = ctx.column_type(node.returnType, row_types=True)
    return sql_type, bool(node.returnType.setof)


def is_table_function(node: Any) -> bool:
    return any(p.mode == enums.FunctionParameterMode.FUNC_PARAM_TABLE for p in node.parameters or ())
