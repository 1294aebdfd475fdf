"""CREATE SEQUENCE, ALTER SEQUENCE (DROP and RENAME are in drop.py and rename.py)."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Sequence
from consolidator.model.sequence_params import apply_options
from consolidator.parse.expressions import int_value, names
from consolidator.parse.types import type_spec
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, altered, created, skipped
from consolidator.replay.registry import STATEMENTS

_INTEGER_TYPES = {"int2": "smallint", "int4": "integer", "int8": "bigint",
                  "smallint": "smallint", "integer": "integer", "bigint": "bigint"}


def read_options(ctx: ReplayContext, options: Any) -> tuple[dict, dict[str, list[str]]]:
    """The options as the model's sequence fields ({"increment": 10, ...}), read as DefineSequence's init_params
    reads them, and the names given by OWNED BY and SEQUENCE NAME ({"owned_by": ["t", "c"]}), which the caller
    resolves when the server does."""
    given: set[str] = set()
    out: dict = {}
    named: dict[str, list[str]] = {}
    for opt in options or ():
        name, arg = opt.defname, opt.arg
        if name in given:  # NO MAXVALUE MAXVALUE 10, START 1 START 2: errorConflictingDefElem
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        given.add(name)
        if name == "as":
            data_type = _INTEGER_TYPES.get(type_spec(arg).name)
            if data_type is None:
                raise PgError(SqlState.INVALID_PARAMETER_VALUE, "sequence type must be smallint, integer, or bigint")
            out["data_type"] = data_type
        elif name in ("start", "increment", "cache"):
            out[name] = int_value(arg)
        elif name in ("minvalue", "maxvalue"):
            out[f"{name[:3]}_value"] = int_value(arg) if arg is not None else None
        elif name == "cycle":
            out["cycle"] = bool(arg.boolval) if isinstance(arg, ast.Boolean) else bool(arg)
        elif name == "restart":
            out["restart"] = int_value(arg) if arg is not None else None  # None: back to START
        elif name in ("owned_by", "sequence_name"):
            named[name] = names(arg)
        else:
            raise NotModelled(f"sequence option {name} is not modelled yet")
    return out, named


def owner(ctx: ReplayContext, seq_key: str, parts: list[str]) -> tuple[str, str] | None:
    """OWNED BY table.column | NONE, as process_owned_by checks it once the sequence exists."""
    if ctx.catalog.identity_owner(seq_key) is not None:
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence")
    if parts == ["none"]:
        return None
    table_key = ctx.key_of(parts[:-1])
    column = truncate(parts[-1])
    ctx.catalog.column(table_key, column)
    return table_key, column


def _refuse(named: dict, option: str) -> None:
    """An option the grammar accepts but the statement does not (SEQUENCE NAME outside identity options)."""
    if option in named:
        raise PgError(SqlState.SYNTAX_ERROR, "invalid sequence option SEQUENCE NAME")


@STATEMENTS.register("CreateSeqStmt")
def create_sequence(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.sequence, create=True)
    if node.sequence.relpersistence == "t":
        raise NotModelled("temporary sequences vanish with the session: not part of the schema")
    if ctx.catalog.relation_kind(key) is not None and node.if_not_exists:
        return skipped(Ref(Kind.SEQUENCE, key), f"relation {split_key(key)[1]} already exists, skipped (IF NOT EXISTS)", exists=True)
    seq = Sequence(key=key, provenance=ctx.provenance())
    options, named = read_options(ctx, node.options)  # DefineSequence reads the options before it creates it
    _refuse(named, "sequence_name")
    for name, value in apply_options(seq, options, is_init=True).items():
        setattr(seq, name, value)  # a new sequence, not yet in the catalog
    ctx.catalog.add_sequence(seq)  # 42P07 when the name is taken
    if "owned_by" in named:
        ctx.catalog.set_sequence_owner(key, owner(ctx, key, named["owned_by"]))
    return created(Ref(Kind.SEQUENCE, key), f"created sequence {split_key(key)[1]}")


@STATEMENTS.register("AlterSeqStmt")
def alter_sequence(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.sequence)
    skip = ctx.missing_relation(key, node.missing_ok)
    if skip:
        return skipped(Ref(Kind.SEQUENCE, key), skip)
    ctx.catalog.sequence(key)
    options, named = read_options(ctx, node.options)
    _refuse(named, "sequence_name")
    ctx.catalog.set_sequence_options(key, options, ctx.span)
    if "owned_by" in named:
        ctx.catalog.set_sequence_owner(key, owner(ctx, key, named["owned_by"]))
    return altered(Ref(Kind.SEQUENCE, key), "options", f"altered sequence {split_key(key)[1]}")
