"""CREATE CAST, kept as its statement (replay/opaque.py); DROP CAST, COMMENT ON CAST. A cast's identity is its
source and target types; PostgreSQL's own casts count (42710). WITHOUT FUNCTION needs the server's knowledge of
binary compatibility: reported."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15 import casts as pg15_casts
from consolidator.replay import opaque
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, created
from consolidator.replay.registry import STATEMENTS


def key_of(source: str, target: str) -> str:
    return f"cast:({source} AS {target})"


@STATEMENTS.register("CreateCastStmt")
def create_cast(ctx: ReplayContext, node: Any) -> Effects:
    opaque.require_plain(ctx, "CREATE CAST")
    source_id, source_sql, source_shown, source_dep = opaque.type_dep(ctx, node.sourcetype)
    target_id, target_sql, target_shown, target_dep = opaque.type_dep(ctx, node.targettype)
    key = key_of(source_id, target_id)
    depends = [source_dep, target_dep]
    if node.func is None and not node.inout:
        raise NotModelled("CREATE CAST ... WITHOUT FUNCTION: whether the types are binary compatible is the server's")
    if node.func is not None:
        parts = [s.sval for s in node.func.objname]
        args = [opaque.type_dep(ctx, t) for t in node.func.objargs or ()]
        found = opaque.require_function(ctx, parts, tuple(a[0] for a in args), [a[2] for a in args])
        if found is not None:
            function = ctx.catalog.functions[found[1]]
            if function.returns is None or opaque.type_identity(function.returns) != target_id:
                raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                              "return data type of cast function must match or be binary-coercible to target data type")
        else:
            raise NotModelled("a cast through a function of PostgreSQL or an extension is not modelled")
        depends += [found] + [a[3] for a in args]
    duplicate = (SqlState.DUPLICATE_OBJECT, f"cast from type {source_shown} to type {target_shown} already exists")
    if key in ctx.catalog.opaques or (source_dep is None and target_dep is None
                                      and pg15_casts.cast(source_id, target_id) is not None):
        raise PgError(*duplicate)
    obj = opaque.new(ctx, kind="cast", key=key, name=f"({source_shown} AS {target_shown})", schema=None,
                     statement=opaque.deparse(node), what="CAST", target=f"({source_sql} AS {target_sql})",
                     depends=depends)
    ctx.catalog.add_opaque(obj, duplicate)
    return created(opaque.ref(obj), f"created cast from {source_shown} to {target_shown} (kept as its statement)")


def _lookup(ctx: ReplayContext, obj: Any, missing_ok: bool):
    source, target = obj
    source_id, _, source_shown, _ = opaque.type_dep(ctx, source)
    target_id, _, target_shown, _ = opaque.type_dep(ctx, target)
    found = ctx.catalog.opaques.get(key_of(source_id, target_id))
    if found is None and not missing_ok:
        if pg15_casts.cast(source_id, target_id) is not None:
            raise NotModelled("a cast of PostgreSQL's own")
        raise PgError(SqlState.UNDEFINED_OBJECT, f"cast from type {source_shown} to type {target_shown} does not exist")
    return found


opaque.register(opaque.Family("OBJECT_CAST", _lookup))
