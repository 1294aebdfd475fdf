"""ALTER TABLE ... ATTACH PARTITION / DETACH PARTITION [CONCURRENTLY | FINALIZE], and ADD COLUMN on a partitioned
table (it reaches every partition), checked in the order PostgreSQL 15 checks them (tablecmds.c:
transformPartitionCmd, then ATExecAttachPartition: the table to attach, its columns, the bound against the
siblings', then MergeAttributesIntoExisting and MergeConstraintsIntoExisting).

An attached table keeps its own columns, constraints and indexes; the baseline creates it as a table and attaches
it, so that the server matches its indexes and keys with the parent's (or makes copies) as it did in the
history. What the server copies onto a partition (indexes, keys, foreign keys, triggers) the model does not hold:
a DETACH that would leave such copies on the detached table is reported as not modelled."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import column_ref, table_ref
from consolidator.model.names import split_key
from consolidator.model.objects import Table
from consolidator.replay import partitions
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, as_list, created
from consolidator.replay.registry import ALTER_TABLE

A = enums.AlterTableType
# What ALTER TABLE may do to a partitioned table or a partition, as modelled here.
ON_PARTITIONS = frozenset({A.AT_AttachPartition, A.AT_DetachPartition, A.AT_DetachPartitionFinalize, A.AT_AddColumn})
_KEY_KINDS = ("primary key", "unique", "foreign key", "exclusion")


def _name(key: str) -> str:
    return split_key(key)[1]


def _partitioned(ctx: ReplayContext, key: str) -> Table:
    table = ctx.catalog.table(key)
    if table.partition_key is None:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f'table "{_name(key)}" is not partitioned')
    return table


def _relation(ctx: ReplayContext, rangevar: Any, action: str) -> Table:
    key = ctx.relation_key(rangevar)
    if key not in ctx.catalog.tables and ctx.catalog.relation_kind(key) is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE,
                      f'ALTER action {action} cannot be performed on relation "{_name(key)}"')
    return ctx.catalog.table(key)


@ALTER_TABLE.register(A.AT_AttachPartition)
def attach_partition(ctx: ReplayContext, parent_key: str, cmd: Any) -> Effects:
    parent = _partitioned(ctx, parent_key)
    bound = partitions.partition_bound(cmd.def_.bound)
    child = _relation(ctx, cmd.def_.name, "ATTACH PARTITION")
    name = _name(child.key)
    partitions.check_bound(parent, [], name, bound)  # the bound as transformed: strategy, values, modulus
    if child.partition_of is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{name}" is already a partition')
    if child.key == parent.key or _is_ancestor(ctx, child.key, parent):
        raise PgError(SqlState.DUPLICATE_TABLE, "circular inheritance not allowed")
    if child.partition_key is not None:
        raise NotModelled("attaching a partitioned table (partitions of partitions) is not modelled yet")
    if any(c.identity or c.generated for t in (parent, child) for c in t.columns):
        raise NotModelled("ATTACH PARTITION with identity or generated columns is not modelled yet")
    for column in child.columns:
        if parent.column(column.name) is None:
            raise PgError(SqlState.DATATYPE_MISMATCH,
                          f'table "{name}" contains column "{column.name}" not found in parent "{_name(parent.key)}"')
    partitions.check_bound(parent, ctx.catalog.partitions_of(parent.key), name, bound)
    _merge_columns(parent, child)
    _merge_checks(parent, child)
    parent_pk, child_pk = parent.primary_key(), child.primary_key()
    if parent_pk is not None and child_pk is not None and parent_pk.columns != child_pk.columns:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'multiple primary keys for table "{name}" are not allowed')
    ctx.catalog.attach_partition(child.key, parent.key, bound, ctx.span)
    return altered(table_ref(parent.key), "partitions", f"attached {name} as a partition of {_name(parent.key)}")


def _is_ancestor(ctx: ReplayContext, key: str, table: Table) -> bool:
    while table.partition_of is not None:
        if table.partition_of == key:
            return True
        table = ctx.catalog.table(table.partition_of)
    return False


def _merge_columns(parent: Table, child: Table) -> None:
    name = _name(child.key)
    for column in parent.columns:
        mine = child.column(column.name)
        if mine is None:
            raise PgError(SqlState.DATATYPE_MISMATCH, f'child table is missing column "{column.name}"')
        if mine.type != column.type:
            raise PgError(SqlState.DATATYPE_MISMATCH, f'child table "{name}" has different type for column "{column.name}"')
        if mine.collation != column.collation:
            raise PgError(SqlState.COLLATION_MISMATCH,
                          f'child table "{name}" has different collation for column "{column.name}"')
        if column.not_null and not mine.not_null:
            raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column.name}" in child table must be marked NOT NULL')


def _merge_checks(parent: Table, child: Table) -> None:
    for check in (c for c in parent.constraints if c.kind == "check"):
        mine = next((c for c in child.constraints if c.name == check.name), None)
        if mine is None or mine.kind != "check":
            raise PgError(SqlState.DATATYPE_MISMATCH, f'child table is missing constraint "{check.name}"')
        if mine.no_inherit or mine.not_valid:
            raise NotModelled("a child's NO INHERIT or NOT VALID constraint matching its parent's is not modelled yet")
        if mine.check != check.check:
            raise PgError(SqlState.DATATYPE_MISMATCH,
                          f'child table "{_name(child.key)}" has different definition for check constraint "{check.name}"')


@ALTER_TABLE.register(A.AT_DetachPartition, A.AT_DetachPartitionFinalize)
def detach_partition(ctx: ReplayContext, parent_key: str, cmd: Any) -> Effects:
    parent = _partitioned(ctx, parent_key)
    child = ctx.catalog.table(ctx.relation_key(cmd.def_.name))
    name = _name(child.key)
    if child.partition_of != parent.key:
        raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{name}" is not a partition of relation "{_name(parent.key)}"')
    if cmd.subtype == A.AT_DetachPartitionFinalize:  # a concurrent detach the model replays always completes
        raise PgError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, f'cannot complete detaching partition "{name}"')
    if cmd.def_.concurrent:
        if ctx.in_transaction_block:
            raise PgError(SqlState.ACTIVE_SQL_TRANSACTION,
                          "ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block")
        if any(p.bound.strategy == "default" for p in ctx.catalog.partitions_of(parent.key)):
            raise PgError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                          "cannot detach partitions concurrently when a default partition exists")
        raise NotModelled("DETACH PARTITION CONCURRENTLY adds the partition constraint to the detached table as a "
                          "CHECK: not modelled yet")
    if ctx.catalog.indexes_of(parent.key) or any(c.kind in _KEY_KINDS for c in parent.constraints) \
            or ctx.catalog.foreign_keys_to(parent.key) or any(t.row for t in parent.triggers):
        raise NotModelled("DETACH PARTITION from a table with indexes, keys, foreign keys or row triggers: the "
                          "detached table keeps the copies the server made of them, which the model does not hold yet")
    inherited = [c for c in parent.constraints if c.kind == "check"]
    ctx.catalog.detach_partition(child.key, inherited, ctx.span)
    return altered(table_ref(parent.key), "partitions", f"detached partition {name} from {_name(parent.key)}")


def add_column_to_partitions(ctx: ReplayContext, parent_key: str, cmd: Any, add) -> Effects:
    """ADD COLUMN on a partitioned table: added to the table (by `add`, the ordinary handler), then at the end of
    every partition's columns, with its default and NOT NULL, as the server recurses."""
    coldef = cmd.def_
    if any(c.contype not in (enums.ConstrType.CONSTR_NOTNULL, enums.ConstrType.CONSTR_NULL,
                             enums.ConstrType.CONSTR_DEFAULT) for c in coldef.constraints or ()):
        raise NotModelled("ADD COLUMN with a key, check, reference, identity or generated clause on a partitioned "
                          "table is not modelled yet")
    before = ctx.catalog.table(parent_key).column(coldef.colname)
    effects = add(ctx, parent_key, cmd)
    column = ctx.catalog.table(parent_key).column(coldef.colname)
    if before is not None or column is None:  # IF NOT EXISTS skipped it
        return effects
    if column.default_sequence is not None:
        raise NotModelled("ADD COLUMN with a sequence default on a partitioned table is not modelled yet")
    for partition in _all_partitions(ctx, parent_key):
        copy = column.model_copy(deep=True)
        ctx.catalog.add_column(partition.key, copy)
        effects = as_list(effects) + [created(column_ref(partition.key, column.name),
                                           f"added column {column.name} to partition {_name(partition.key)}")]
    return effects


def _all_partitions(ctx: ReplayContext, key: str) -> list[Table]:
    out = []
    for partition in ctx.catalog.partitions_of(key):
        out.append(partition)
        out += _all_partitions(ctx, partition.key)
    return out
