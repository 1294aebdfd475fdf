"""CREATE [OR REPLACE] FUNCTION / PROCEDURE, ALTER FUNCTION, DROP FUNCTION / PROCEDURE / ROUTINE, RENAME,
SET SCHEMA. Overloads are distinct objects: a function's identity is its name and input argument types."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.objects import Function, function_key
from consolidator.model.types import builtin as builtin_type
from consolidator.parse.expressions import names
from consolidator.replay import routines
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.handlers.view import analyzer
from consolidator.replay.registry import STATEMENTS

O = enums.ObjectType
_ROUTINE_TYPES = ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE")


def _ref(function: Function) -> Ref:
    return Ref(Kind.FUNCTION, function.key, args=function.arg_types)


@STATEMENTS.register("CreateFunctionStmt")
def create_function(ctx: ReplayContext, node: Any) -> Effects:
    schema, name = routines.qualified_name(ctx, node.funcname, create=True)
    ctx.catalog.require_schema(schema)
    language, body, options = routines.options_of(node)
    language = language or ("sql" if node.sql_body is not None else None)
    if language is None:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "no language specified")
    routines.require_language(ctx, language)
    merged = routines.merge_options({}, options)
    parameters = routines.parameters(ctx, node)
    returns, returns_set = routines.returns_of(ctx, node)
    kind = "procedure" if node.is_procedure else "function"
    if kind == "function" and returns is None:
        outputs = [p for p in parameters if p.mode in ("out", "inout")]
        if not outputs:
            raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "function result type must be specified")
        returns = outputs[0].type if len(outputs) == 1 else builtin_type("record")
    if language == "c" or language == "internal":
        raise NotModelled(f"LANGUAGE {language} functions are not modelled: the server loads their code")
    if body is None and node.sql_body is None:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "no function body specified")
    if node.sql_body is not None:
        routines.require_independent_sql_body(ctx, node.sql_body)
    function = Function(
        key=function_key(schema, name, tuple()), schema_name=schema, name=name, kind=kind, parameters=parameters,
        returns=returns, returns_set=returns_set, language=language, options=routines.ordered(merged),
        body=body[0] if body else None, link_symbol=body[1] if body and len(body) > 1 else None,
        sql_body=routines.sql_body_text(node.sql_body) if node.sql_body is not None else None, provenance=ctx.provenance())
    function = function.model_copy(update={"key": function_key(schema, name, function.arg_types)})
    replaced = ctx.catalog.add_function(function, replace=bool(node.replace))
    _validate(ctx, function)
    if node.sql_body is not None and kind == "function":  # the validator's check, after the name's (42723)
        routines.require_final_select(node.sql_body, returns)
    ref = _ref(function)
    if replaced:
        return altered(ref, "definition", f"replaced {kind} {function.signature}")
    return created(ref, f"created {kind} {function.signature}")


def _validate(ctx: ReplayContext, function: Function) -> None:
    """The language's validator, run when the function is created (check_function_bodies = on)."""
    returns_trigger = function.returns is not None and function.returns.internal == "trigger"
    if function.language == "sql":
        if returns_trigger:
            raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "SQL functions cannot return type trigger")
        relations = routines.sql_body_relations(ctx, function.body, _sql_body_node(ctx))
        if relations:
            ctx.catalog.set_function_relations(function.key, relations)
        if function.body is not None:
            _check_sql_columns(ctx, function)
    elif function.language == "plpgsql":
        if returns_trigger and any(p.is_input for p in function.parameters):
            raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "trigger functions cannot have declared arguments")
        routines.check_plpgsql(ctx.text)


def _check_sql_columns(ctx: ReplayContext, function: Function) -> None:
    """The columns a SELECT of the body names exist (42703), a name no column has being a parameter's, as the
    server's parse analysis resolves them at creation. A query the analyzer does not follow is left to the
    relations check alone."""
    import pglast

    parameters = (function.name, [p.name for p in function.parameters if p.name and p.is_input])
    for raw in pglast.parse_sql(function.body):
        if isinstance(raw.stmt, ast.SelectStmt) and raw.stmt.intoClause is None:
            try:
                analyzer(ctx).analyze(raw.stmt, parameters=parameters)
            except NotModelled:
                pass


def _sql_body_node(ctx: ReplayContext) -> Any:
    import pglast

    (raw,) = pglast.parse_sql(ctx.text)
    return raw.stmt.sql_body


def _lookup(ctx: ReplayContext, obj: Any, what: str, missing_ok: bool) -> Function | None:
    """The function an ObjectWithArgs names: by name and argument types, or by name alone when it has no list
    (42725 when the name has several overloads); None when missing and `missing_ok`."""
    schema, name = routines.qualified_name(ctx, obj.objname)
    if obj.args_unspecified:
        found = [f for f in ctx.catalog.functions_named(schema, name) if what in ("routine", f.kind)]
        noun = "function" if what == "routine" else what  # PostgreSQL 15 says "function" when a routine is missing
        if len(found) > 1:
            raise PgError(SqlState.AMBIGUOUS_FUNCTION, f'{what} name "{name}" is not unique')
        if found:
            return found[0]
        if missing_ok:
            return None
        raise PgError(SqlState.UNDEFINED_FUNCTION, f"could not find a {noun} named \"{name}\"")
    types = routines.arg_types(ctx, obj.objargs)
    function = ctx.catalog.functions.get(function_key(schema, name, types))
    if function is not None and what in ("routine", function.kind):
        return function
    if function is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{function.signature} is not a {what}")
    if f"aggregate:{function_key(schema, name, types)}" in ctx.catalog.opaques:  # replay/handlers/aggregate.py
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{name}" is an aggregate function')
    if missing_ok:
        return None
    written = ", ".join(ctx.column_type(t, row_types=True)[0].server_name() for t in obj.objargs or ())
    noun = "function" if what == "routine" else what
    raise PgError(SqlState.UNDEFINED_FUNCTION, f"{noun} {name}({written}) does not exist")


def _what(object_type: Any) -> str:
    return object_type.name[7:].lower()  # OBJECT_FUNCTION -> function


def _drop(ctx: ReplayContext, node: Any) -> Effects:
    what = _what(node.removeType)
    cascade = node.behavior == enums.DropBehavior.DROP_CASCADE
    effects, found = [], []
    for obj in node.objects or ():
        function = _lookup(ctx, obj, what, bool(node.missing_ok))
        if function is None:
            effects.append(skipped(None, f"{what} {'.'.join(names(obj.objname))} does not exist, skipped (IF EXISTS)"))
        elif function.key not in [f.key for f in found]:
            found.append(function)
    for function in found:
        ctx.catalog.drop_function(function.key, cascade)
        effects.append(dropped(_ref(function), f"dropped {function.kind} {function.signature}"))
    return effects


for _type in _ROUTINE_TYPES:
    STATEMENTS.register(("DropStmt", _type))(_drop)


@STATEMENTS.register("AlterFunctionStmt")
def alter_function(ctx: ReplayContext, node: Any) -> Effects:
    function = _lookup(ctx, node.func, _what(node.objtype), False)
    current = {_kind_of(clause): clause for clause in function.options}
    merged = routines.merge_options(current, node.actions)
    ctx.catalog.set_function_options(function.key, routines.ordered(merged), ctx.span)
    return altered(_ref(function), "options", f"altered {function.kind} {function.signature}")


def _kind_of(clause: str) -> str:
    """The option kind of a stored clause (the inverse of routines.option_sql)."""
    word = clause.split()[0]
    by_word = {"IMMUTABLE": "volatility", "STABLE": "volatility", "VOLATILE": "volatility", "STRICT": "strict",
               "CALLED": "strict", "SECURITY": "security", "LEAKPROOF": "leakproof", "NOT": "leakproof",
               "PARALLEL": "parallel", "COST": "cost", "ROWS": "rows", "SUPPORT": "support", "WINDOW": "window"}
    if word == "SET":
        return f"set:{clause.split()[1]}"
    return by_word[word]


def _rename(ctx: ReplayContext, node: Any) -> Effects:
    function = _lookup(ctx, node.object, _what(node.renameType), False)
    new_key = ctx.catalog.rename_function(function.key, node.newname, ctx.span)
    moved = ctx.catalog.functions[new_key]
    return renamed(_ref(function), _ref(moved), f"renamed {function.kind} {function.signature} to {node.newname}")


def _set_schema(ctx: ReplayContext, node: Any) -> Effects:
    function = _lookup(ctx, node.object, _what(node.objectType), bool(node.missing_ok))
    if function is None:
        return skipped(None, f"{_what(node.objectType)} does not exist, skipped (IF EXISTS)")
    new_key = ctx.catalog.set_function_schema(function.key, node.newschema, ctx.span)
    moved = ctx.catalog.functions[new_key]
    return renamed(_ref(function), _ref(moved), f"moved {function.kind} {function.signature} to schema {node.newschema}")


for _type in _ROUTINE_TYPES:
    STATEMENTS.register(("RenameStmt", _type))(_rename)
    STATEMENTS.register(("AlterObjectSchemaStmt", _type))(_set_schema)


def find_routine(ctx: ReplayContext, obj: Any, what: str) -> Function:
    """The function, procedure or routine an ObjectWithArgs names (GRANT, OWNER TO): 42883 / 42725 / 42809."""
    return _lookup(ctx, obj, what, False)


def find_for_comment(ctx: ReplayContext, obj: Any, object_type: Any) -> Ref:
    return _ref(_lookup(ctx, obj, _what(object_type), False))
