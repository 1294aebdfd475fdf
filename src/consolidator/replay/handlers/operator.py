"""CREATE OPERATOR, kept as its statement (replay/opaque.py); ALTER OPERATOR ... SET (...), SET SCHEMA, DROP,
COMMENT ON. An operator's identity is its name and operand types; its function must exist for them (42883).

PostgreSQL's own operators are in pg_catalog, searched first: an unqualified DROP of one the history shadowed
finds the server's. A COMMUTATOR or NEGATOR naming an operator that does not exist makes the server create a
shell operator, which the model does not hold: reported. Operator classes and families: reported."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import Kind
from consolidator.model.names import qualify, split_key
from consolidator.parse.expressions import names
from consolidator.pg15 import operators as pg15_operators
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, created
from consolidator.replay.registry import STATEMENTS

_OPTIONS = {"leftarg", "rightarg", "function", "procedure", "commutator", "negator", "restrict", "join", "hashes",
            "merges"}


def key_of(schema: str, name: str, left: str | None, right: str) -> str:
    return f"operator:{qualify(schema, name)}({left or 'NONE'},{right})"


def _find(ctx: ReplayContext, parts: list[str], left: str | None, right: str):
    schemas = [parts[-2]] if len(parts) > 1 else ctx.search_schemas()
    for schema in schemas:
        found = ctx.catalog.opaques.get(key_of(schema, parts[-1], left, right))
        if found is not None:
            return found
    return None


@STATEMENTS.register(("DefineStmt", "OBJECT_OPERATOR"))
def create_operator(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE OPERATOR")
    schema, name = split_key(ctx.creation_key(names(node.defnames)))
    ctx.catalog.require_schema(schema)
    options = {d.defname.lower(): d.arg for d in node.definition or ()}
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise NotModelled(f"operator attribute {unknown[0]} (the server warns and ignores it) is not modelled")
    function = options.get("function", options.get("procedure"))
    if function is None:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "operator function must be specified")
    if "rightarg" not in options:
        raise PgError(SqlState.INVALID_FUNCTION_DEFINITION, "operator right argument type must be specified")
    left = opaque.type_dep(ctx, options["leftarg"]) if "leftarg" in options else None
    right = opaque.type_dep(ctx, options["rightarg"])
    operands = ([left] if left else []) + [right]
    depends = [o[3] for o in operands]
    depends.append(opaque.require_function(ctx, opaque.def_names(function), tuple(o[0] for o in operands),
                                           [o[2] for o in operands]))
    for option in ("restrict", "join"):
        if option in options:
            raise NotModelled(f"an operator's {option.upper()} estimator is not modelled")
    left_id = left[0] if left else None
    for option in ("commutator", "negator"):
        if option in options:
            other = opaque.def_names(options[option])
            swapped = (right[0], left_id) if option == "commutator" and left_id else (left_id, right[0])
            if other[-1] == name and (option == "commutator" and swapped == (left_id, right[0])):
                continue
            if _find(ctx, other, *swapped) is None and pg15_operators.operator(other[-1], *swapped) is None:
                raise NotModelled(f"{option.upper()} {other[-1]} does not exist yet: the server makes a shell "
                                  "operator for it, which the model does not hold")
    key = key_of(schema, name, left_id, right[0])
    duplicate = (SqlState.DUPLICATE_FUNCTION, f"operator {name} already exists")
    if key in ctx.catalog.opaques:
        raise PgError(*duplicate)
    if schema in ctx.catalog.schemas:
        depends.append(opaque.dep(Kind.SCHEMA, schema))
    node.defnames = opaque.self_name()
    target = f"{opaque.OPAQUE_SELF} ({left[1] if left else 'NONE'}, {right[1]})"
    obj = opaque.new(ctx, kind="operator", key=key, name=name, schema=schema, statement=opaque.deparse(node),
                     what="OPERATOR", target=target, depends=depends,
                     args=[left[2] if left else "NONE", right[2]])
    obj.detail = [o for o in ("commutator", "negator") if o in options]
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created operator {name} (kept as its statement)")


def _lookup(ctx: ReplayContext, obj: Any, missing_ok: bool):
    parts = names(obj.objname)
    left_node, right_node = obj.objargs
    left = opaque.type_dep(ctx, left_node) if left_node is not None else None
    right = opaque.type_dep(ctx, right_node)
    left_id = left[0] if left else None
    if len(parts) == 1 and pg15_operators.operator(parts[-1], left_id, right[0]) is not None:
        raise NotModelled(f"operator {parts[-1]} of these types is PostgreSQL's own (pg_catalog is searched first)")
    found = _find(ctx, parts, left_id, right[0])
    if found is None and not missing_ok:
        raise PgError(SqlState.UNDEFINED_FUNCTION,
                      f"operator does not exist: {(left[2] + ' ') if left else ''}{parts[-1]} {right[2]}")
    return found


def _moved(obj, schema: str):
    if obj.detail:  # its statement names its commutator or negator unqualified, as in its schema
        raise NotModelled(f"SET SCHEMA of an operator with a {obj.detail[0].upper()} is not modelled")
    left, right = obj.key.rpartition("(")[2].rstrip(")").split(",")
    key = key_of(schema, obj.name, None if left == "NONE" else left, right)
    return key, (SqlState.DUPLICATE_FUNCTION, f"operator {obj.name} already exists in schema \"{schema}\"")


opaque.register(opaque.Family("OBJECT_OPERATOR", _lookup, moved=_moved))


@STATEMENTS.register("AlterOperatorStmt")
def alter_operator(ctx: ReplayContext, node: Any) -> Effects:
    found = _lookup(ctx, node.opername, False)
    if any(o.defname.lower() in ("restrict", "join") for o in node.options or ()):
        raise NotModelled("an operator's RESTRICT / JOIN estimator is not modelled")
    node.opername.objname = opaque.self_name()
    ctx.catalog.add_opaque_statement(found.key, opaque.deparse(node), [], ctx.span)
    return altered(opaque.ref(found), "options", f"altered operator {found.name}")
