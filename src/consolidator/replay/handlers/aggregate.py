"""CREATE [OR REPLACE] AGGREGATE, kept as its statement (replay/opaque.py); DROP, RENAME, SET SCHEMA, COMMENT ON.

An aggregate is a function of pg_proc: its identity is its name and argument types, shared with functions (42723).
Its state function must exist for (state type, argument types), its final function for (state type), its combine
function for (state type, state type), as the server looks them up (42883)."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import split_key
from consolidator.model.objects import function_key
from consolidator.parse.expressions import names
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created
from consolidator.replay.registry import STATEMENTS

_MODELLED = {"sfunc", "stype", "initcond", "finalfunc", "combinefunc", "parallel", "sspace", "finalfunc_modify",
             "sortop"}


def key_of(schema: str, name: str, types: tuple[str, ...]) -> str:
    return f"aggregate:{function_key(schema, name, types)}"


def _duplicate(name: str) -> tuple[str, str]:
    return SqlState.DUPLICATE_FUNCTION, f'function "{name}" already exists with same argument types'


@STATEMENTS.register(("DefineStmt", "OBJECT_AGGREGATE"))
def create_aggregate(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE AGGREGATE")
    if node.oldstyle:
        raise NotModelled("the old CREATE AGGREGATE syntax (basetype = ...) is not modelled")
    params, direct = node.args
    if direct.ival >= 0:
        raise NotModelled("ordered-set and hypothetical-set aggregates are not modelled")
    schema, name = split_key(ctx.creation_key(names(node.defnames)))
    ctx.catalog.require_schema(schema)
    args = [opaque.type_dep(ctx, p.argType) for p in params or ()]
    types = tuple(a[0] for a in args)
    options = {d.defname.lower(): d.arg for d in node.definition or ()}
    unknown = sorted(set(options) - _MODELLED)
    if unknown:
        raise NotModelled(f"aggregate option {unknown[0]} is not modelled")
    if "sfunc" not in options:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "aggregate sfunc must be specified")
    if "stype" not in options:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "aggregate stype must be specified")
    state_id, _, state_shown, state_dep = opaque.type_dep(ctx, options["stype"])
    depends = [a[3] for a in args] + [state_dep]
    checks = [("sfunc", (state_id, *types), [state_shown, *(a[2] for a in args)]),
              ("finalfunc", (state_id,), [state_shown]), ("combinefunc", (state_id, state_id), [state_shown] * 2)]
    for option, wanted, shown in checks:
        if option in options:
            depends.append(opaque.require_function(ctx, opaque.def_names(options[option]), wanted, shown))
    key = key_of(schema, name, types)
    existing = ctx.catalog.opaques.get(key)
    if function_key(schema, name, types) in ctx.catalog.functions:
        if node.replace:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, "cannot change routine kind")
        raise PgError(*_duplicate(name))
    if schema in ctx.catalog.schemas:
        depends.append(opaque.dep(Kind.SCHEMA, schema))
    node.defnames = opaque.self_name()
    target = f"{opaque.OPAQUE_SELF}({', '.join(a[1] for a in args) or '*'})"
    obj = opaque.new(ctx, kind="aggregate", key=key, name=name, schema=schema, statement=opaque.deparse(node),
                     what="AGGREGATE", target=target, depends=depends, args=[a[2] for a in args])
    replaced = ctx.catalog.add_opaque(obj, _duplicate(name), replace=bool(node.replace))
    if replaced and existing is not None:
        return altered(opaque.ref(obj), "definition", f"replaced aggregate {name}")
    return created(opaque.ref(obj), f"created aggregate {name} (kept as its statement)")


def _lookup(ctx: ReplayContext, obj: Any, missing_ok: bool):
    parts = names(obj.objname)
    types = tuple(opaque.type_dep(ctx, t)[0] for t in obj.objargs or ())
    shown = ", ".join(opaque.type_dep(ctx, t)[2] for t in obj.objargs or ()) or "*"
    schemas = [parts[-2]] if len(parts) > 1 else ctx.search_schemas()
    for schema in schemas:
        found = ctx.catalog.opaques.get(key_of(schema, parts[-1], types))
        if found is not None:
            return found
        if function_key(schema, parts[-1], types) in ctx.catalog.functions:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"function {parts[-1]}({shown}) is not an aggregate")
    if missing_ok:
        return None
    raise PgError(SqlState.UNDEFINED_FUNCTION, f"aggregate {'.'.join(parts)}({shown}) does not exist")


def _renamed(obj, schema: str, name: str) -> tuple[str, tuple[str, str]]:
    types = tuple(split_key(obj.key.partition(":")[2])[1].partition("(")[2].rstrip(")").split(",")) if obj.args else ()
    return key_of(schema, name, types), (SqlState.DUPLICATE_FUNCTION,
                                         f'function {name}({", ".join(obj.args)}) already exists in schema "{schema}"')


opaque.register(opaque.Family(
    "OBJECT_AGGREGATE", _lookup,
    renamed=lambda o, new: _renamed(o, o.schema_name, new),
    moved=lambda o, schema: _renamed(o, schema, o.name)))
