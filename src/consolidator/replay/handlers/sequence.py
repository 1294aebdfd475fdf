"""CREATE SEQUENCE, ALTER SEQUENCE, DROP SEQUENCE, ALTER SEQUENCE ... RENAME."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Sequence
from consolidator.parse.expressions import int_value, names
from consolidator.parse.types import type_spec
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.registry import STATEMENTS

_INTEGER_TYPES = {"int2": "smallint", "int4": "integer", "int8": "bigint",
                  "smallint": "smallint", "integer": "integer", "bigint": "bigint"}


def apply_options(ctx: ReplayContext, seq: Sequence, options: Any) -> None:
    given: set[str] = set()
    for opt in options or ():
        name, arg = opt.defname, opt.arg
        if name in given:  # NO MAXVALUE MAXVALUE 10, START 1 START 2: errorConflictingDefElem
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        given.add(name)
        if name == "as":
            spec = type_spec(arg)
            data_type = _INTEGER_TYPES.get(spec.name)
            if data_type is None:
                raise PgError(SqlState.INVALID_PARAMETER_VALUE,
                              "sequence type must be smallint, integer, or bigint")
            seq.data_type = data_type
        elif name == "start":
            seq.start = int_value(arg)
        elif name == "increment":
            seq.increment = int_value(arg)
        elif name == "minvalue":
            seq.min_value = int_value(arg) if arg is not None else None
        elif name == "maxvalue":
            seq.max_value = int_value(arg) if arg is not None else None
        elif name == "cache":
            seq.cache = int_value(arg)
        elif name == "cycle":
            seq.cycle = bool(arg.boolval) if isinstance(arg, ast.Boolean) else bool(arg)
        elif name == "restart":
            pass  # the current value is data, not schema
        elif name == "owned_by":
            parts = names(arg)
            if any(c.identity_sequence == seq.key for t in ctx.catalog.tables.values() for c in t.columns):
                raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence")
            if parts == ["none"]:
                seq.owned_by = None
            else:
                table_key = ctx.key(parts[-2], parts[-3] if len(parts) > 2 else None)
                ctx.catalog.column(table_key, truncate(parts[-1]))
                seq.owned_by = (table_key, truncate(parts[-1]))
        elif name == "sequence_name":
            pass  # identity sequence names are chosen by the caller
        else:
            raise NotModelled(f"sequence option {name} is not modelled yet")


@STATEMENTS.register("CreateSeqStmt")
def create_sequence(ctx: ReplayContext, node: Any) -> str:
    key = ctx.relation_key(node.sequence)
    if node.sequence.relpersistence == "t":
        raise NotModelled("temporary sequences vanish with the session: not part of the schema")
    if ctx.catalog.relation_kind(key) is not None and node.if_not_exists:
        return f"relation {split_key(key)[1]} already exists, skipped (IF NOT EXISTS)"
    seq = Sequence(key=key, provenance=ctx.provenance())
    apply_options(ctx, seq, node.options)  # DefineSequence reads the options before it creates the relation
    ctx.catalog.add_sequence(seq)  # 42P07 when the name is taken
    return f"created sequence {split_key(key)[1]}"


@STATEMENTS.register("AlterSeqStmt")
def alter_sequence(ctx: ReplayContext, node: Any) -> str:
    key = ctx.relation_key(node.sequence)
    if ctx.catalog.relation_kind(key) is None and node.missing_ok:
        return f"relation {split_key(key)[1]} does not exist, skipped (IF EXISTS)"
    seq = ctx.catalog.sequence(key)
    apply_options(ctx, seq, node.options)
    seq.provenance.touch(ctx.span)
    return f"altered sequence {split_key(key)[1]}"


@STATEMENTS.register(("DropStmt", "OBJECT_SEQUENCE"))
def drop_sequence(ctx: ReplayContext, node: Any) -> str:
    done = []
    for key in ctx.drop_targets(node):
        if ctx.catalog.relation_kind(key) is None and node.missing_ok:
            done.append(f"sequence {split_key(key)[1]} does not exist, skipped (IF EXISTS)")
            continue
        if ctx.catalog.relation_kind(key) is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'sequence "{split_key(key)[1]}" does not exist')
        ctx.catalog.drop_sequence(key, cascade=node.behavior == enums.DropBehavior.DROP_CASCADE)
        done.append(f"dropped sequence {split_key(key)[1]}")
    return "; ".join(done)


@STATEMENTS.register(("RenameStmt", "OBJECT_SEQUENCE"))
def rename_sequence(ctx: ReplayContext, node: Any) -> str:
    key = ctx.relation_key(node.relation)
    if ctx.catalog.relation_kind(key) is None and node.missing_ok:
        return f"relation {split_key(key)[1]} does not exist, skipped (IF EXISTS)"
    ctx.catalog.sequence(key)
    new_key = ctx.catalog.rename_relation(key, truncate(node.newname), ctx.span)
    return f"renamed sequence {split_key(key)[1]} to {split_key(new_key)[1]}"
