"""CREATE TYPE ... AS RANGE: the range type and the multirange type the server creates with it."""

from __future__ import annotations

from typing import Any

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import NAMEDATALEN, split_key, truncate
from consolidator.model.objects import RangeType
from consolidator.parse.expressions import names, to_sql
from consolidator.pg15 import functions as pg15_functions
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, created
from consolidator.replay.registry import STATEMENTS

_OPTIONS = ("subtype", "subtype_opclass", "collation", "canonical", "subtype_diff", "multirange_type_name")


def multirange_name(range_name: str) -> str:
    """makeMultirangeTypeName: 'multi' before the first 'range' in the name, else '<name>_multirange'."""
    at = range_name.find("range")
    if at >= 0:
        return truncate(range_name[:at] + "multi" + range_name[at:])
    return truncate(range_name.encode()[: NAMEDATALEN - 12].decode("utf-8", "ignore") + "_multirange")


@STATEMENTS.register("CreateRangeStmt")
def create_range(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.creation_key(names(node.typeName))
    schema, name = split_key(key)
    given: dict[str, Any] = {}
    for param in node.params or ():
        if param.defname not in _OPTIONS:
            raise PgError(SqlState.SYNTAX_ERROR, f'type attribute "{param.defname}" not recognized')
        if param.defname in given:
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        given[param.defname] = param.arg
    if "subtype" not in given:
        raise PgError(SqlState.SYNTAX_ERROR, 'type attribute "subtype" is required')
    subtype, _ = ctx.column_type(given["subtype"])
    if "subtype_diff" in given:
        _require_diff_function(ctx, names(given["subtype_diff"].names), subtype)
    multirange = ctx.key(truncate(names(given["multirange_type_name"].names)[-1]), schema) \
        if "multirange_type_name" in given else ctx.key(multirange_name(name), schema)
    options = [(option, to_sql(given[option])) for option in _OPTIONS[1:] if option in given]
    ctx.catalog.add_user_type(RangeType(key=key, subtype=subtype, multirange=multirange, options=options,
                                        provenance=ctx.provenance()))
    return created(Ref(Kind.TYPE, key), f"created range type {name} over {subtype.sql}")


def _require_diff_function(ctx: ReplayContext, parts: list[str], subtype) -> None:
    """subtype_diff must be a function (subtype, subtype) returning double precision."""
    fn = parts[-1]
    internal = subtype.underlying.internal
    if internal is not None and (len(parts) == 1 or parts[0] == "pg_catalog"):
        if pg15_functions.function(fn, (internal, internal)) is not None:
            return
    if ctx.catalog.has_function_named(fn):
        return
    arg = subtype.server_name()
    raise PgError(SqlState.UNDEFINED_FUNCTION, f"function {'.'.join(parts)}({arg}, {arg}) does not exist")
