"""CREATE TABLE, and ALTER TABLE (its sub-commands run in the server's passes, each found in a registry)."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Table
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, altered, as_list, created, skipped
from consolidator.replay import inheritance, partitions
from consolidator.replay.handlers import column as columns
from consolidator.replay.handlers import constraint as constraints
from consolidator.replay.handlers import partition
from consolidator.replay.handlers import table_like as like
from consolidator.replay.handlers.column_type import prepare_column_type
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

A = enums.AlterTableType

# ALTER TABLE runs its sub-commands in passes, not in the order written (tablecmds.c, AT_PASS_*).
_PASS = {
    A.AT_DropColumn: 0, A.AT_DropConstraint: 0, A.AT_DropNotNull: 0, A.AT_DropIdentity: 0,
    A.AT_AlterColumnType: 1,
    A.AT_AddColumn: 2,
    A.AT_SetNotNull: 3, A.AT_SetIdentity: 3,
    A.AT_ColumnDefault: 4,
    A.AT_AddConstraint: 5, A.AT_AddIdentity: 5,
}


def _pass(cmd: Any) -> float:
    if cmd.subtype == A.AT_ColumnDefault and cmd.def_ is None:
        return 0  # DROP DEFAULT runs with the drops (AT_PASS_DROP), SET DEFAULT with the late ones
    if cmd.subtype == A.AT_AddConstraint and cmd.def_.contype in (
            enums.ConstrType.CONSTR_PRIMARY, enums.ConstrType.CONSTR_UNIQUE, enums.ConstrType.CONSTR_EXCLUSION):
        return 3.5  # index-backed keys (AT_PASS_ADD_INDEXCONSTR) before SET DEFAULT; CHECKs and foreign keys after it
    return _PASS.get(cmd.subtype, 6)


def _name(key: str) -> str:
    return split_key(key)[1]


_UNSUPPORTED = (("ofTypename", "OF type"), ("options", "WITH (storage parameters)"), ("tablespacename", "TABLESPACE"))


@STATEMENTS.register("CreateStmt")
def create_table(ctx: ReplayContext, node: Any) -> Effects:
    rel = node.relation
    if rel.relpersistence == "t":
        raise NotModelled("temporary tables vanish with the session: not part of the schema")
    for attribute, what in _UNSUPPORTED:
        if getattr(node, attribute):
            raise NotModelled(f"CREATE TABLE with {what} is not modelled yet")
    if rel.relpersistence == "u" and (node.partspec or node.partbound):
        raise NotModelled("an unlogged partitioned table or partition is not modelled yet")
    key = ctx.relation_key(rel, create=True)
    if ctx.is_own_tracking_table(key):
        return skipped(table_ref(key), f"{_name(key)} is the tracking table of a baseline this tool generated: "
                                       "the tool's own, not part of the schema")
    if ctx.catalog.relation_kind(key) is not None and node.if_not_exists:
        return skipped(table_ref(key), f"relation {_name(key)} already exists, skipped (IF NOT EXISTS)", exists=True)
    ctx.catalog.require_schema(split_key(key)[0])
    if node.partbound is not None:
        return _create_partition(ctx, node, key)
    table = Table(key=key, unlogged=rel.relpersistence == "u", provenance=ctx.provenance())
    # The server's phases: transformCreateStmt (column types and clauses, then the keys in the order written),
    # MergeAttributes (repeated columns), heap_create_with_catalog (the name), then defaults and CHECKs, then
    # indexes and foreign keys. A statement with several faults fails on the first phase that meets one.
    deferred = constraints.Deferred()
    elements, likes = [], []
    for position, element in enumerate(node.tableElts or ()):
        if isinstance(element, ast.TableLikeClause):
            copied, like_clause = like.columns(ctx, element)
            table.columns += copied
            likes.append(like_clause)
        elif isinstance(element, ast.ColumnDef):
            column, on_column = columns.build_column(ctx, table, element, deferred)
            table.columns.append(column)  # the new table, not yet in the catalog
            elements.append((position, on_column))
        elif isinstance(element, ast.Constraint):
            elements.append((position, element))
        else:
            raise NotModelled(f"CREATE TABLE with {type(element).__name__} is not modelled yet")
    parents = inheritance.parents_of(ctx, node) if node.inhRelations else []
    if parents:
        inheritance.merge_columns(ctx, table, parents)
        table.inherits = [p.key for p in parents]
    pending = _table_constraints(ctx, table, elements, deferred)
    seen = set()
    for column in table.columns:
        if column.name in seen:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{column.name}" specified more than once')
        seen.add(column.name)
    if node.partspec is not None:
        table.partition_key = partitions.partition_key(table, node.partspec)
    ctx.catalog.add_table(table)
    inherited = inheritance.inherited_checks(ctx, parents)
    pending = inheritance.merge_checks(pending, inherited)
    for c in inherited:
        ctx.catalog.add_constraint(key, c)
    deferred.run(key)
    for c in pending:
        if c.kind in ("primary key", "unique"):
            partitions.check_unique_includes_key(table, c.columns)
        if c.kind == "check" and c.no_inherit and table.partition_key is not None:
            raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                          f'cannot add NO INHERIT constraint to partitioned table "{_name(key)}"')
    constraints.add(ctx, key, constraints.without_repeated_keys(pending))
    like.copy_after(ctx, key, likes)
    what = f"partitioned table (by {table.partition_key.strategy})" if table.partition_key else "table"
    return created(table_ref(key), f"created {what} {_name(key)} ({len(table.columns)} columns)")


def _create_partition(ctx: ReplayContext, node: Any, key: str) -> Effects:
    """CREATE TABLE ... PARTITION OF parent FOR VALUES ...: the parent's columns, a bound that overlaps no
    sibling's. What the partition inherits (keys, indexes, foreign keys, triggers) the server gives it again when
    the baseline creates it the same way."""
    if node.tableElts or node.partspec is not None:
        raise NotModelled("a partition with columns, constraints or sub-partitions of its own is not modelled yet")
    parent_key = ctx.relation_key(node.inhRelations[0])
    parent = ctx.catalog.table(parent_key)
    ctx.catalog.require_free_relation_name(key)  # heap_create_with_catalog, before the parent's strategy is read
    if parent.partition_key is None:
        raise PgError(SqlState.INVALID_OBJECT_DEFINITION, f'"{_name(parent_key)}" is not partitioned')
    bound = partitions.partition_bound(node.partbound)
    partitions.check_bound(parent, ctx.catalog.partitions_of(parent_key), _name(key), bound)
    # the server copies the columns with their defaults and NOT NULL; identity and comments stay the parent's
    inherited = [c.model_copy(deep=True, update={"identity": None, "identity_sequence": None, "comment": None,
                                                 "not_null": c.not_null or c.identity is not None})
                 for c in parent.columns]
    table = Table(key=key, columns=inherited, partition_of=parent_key, bound=bound, provenance=ctx.provenance())
    ctx.catalog.add_table(table)
    return created(table_ref(key), f"created partition {_name(key)} of {_name(parent_key)}")


def _table_constraints(ctx: ReplayContext, table: Table, elements: list, deferred) -> list:
    """The constraints of CREATE TABLE in the order written (the server names them in that order); a second
    primary key is 42P16 before its columns are looked at."""
    pending, has_pk = [], False
    for position, element in elements:
        if isinstance(element, list):  # the constraints written on a column, built with it
            built = element
        else:
            built = []
            for node_c in constraints.apply_attributes((element,)):
                if node_c.contype == enums.ConstrType.CONSTR_PRIMARY and has_pk:
                    _multiple_primary_keys(table.key)
                built.append(constraints.build(ctx, table, node_c, deferred=deferred))
        for c in built:
            if c.kind == "primary key":
                if has_pk:
                    _multiple_primary_keys(table.key)
                has_pk = True
            pending.append((position, c))
    return [c for _, c in sorted(pending, key=lambda p: p[0])]


def _multiple_primary_keys(key: str) -> None:
    raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'multiple primary keys for table "{_name(key)}" are not allowed')


@STATEMENTS.register("AlterTableStmt")
def alter_table(ctx: ReplayContext, node: Any) -> Effects:
    if node.objtype != enums.ObjectType.OBJECT_TABLE:
        raise NotModelled(f"ALTER {node.objtype.name[7:]} is not modelled yet")
    key = ctx.relation_key(node.relation)
    skip = ctx.missing_relation(key, node.missing_ok)  # a sequence or index: 42809, IF EXISTS or not
    if skip:
        return skipped(table_ref(key), skip)
    table = ctx.catalog.table(key)
    on_partitions = table.partition_key is not None or table.partition_of is not None
    if on_partitions and any(cmd.subtype not in partition.ON_PARTITIONS for cmd in node.cmds):
        raise NotModelled("ALTER TABLE on a partitioned table or a partition is not modelled yet, except ATTACH, "
                          "DETACH and ADD COLUMN")
    for cmd in node.cmds:  # the server prepares every sub-command, in the order written, before running any
        if cmd.subtype == A.AT_AlterColumnType:
            prepare_column_type(ctx, table, cmd)
    effects = []
    original = {c.name: c.type for c in table.columns}
    saved, ctx.deferred = ctx.deferred, ([] if not on_partitions else None)
    try:
        _alter_commands(ctx, key, node, table, original, on_partitions, effects)
    finally:
        ctx.deferred = saved
    ctx.catalog.touch("tables", key, ctx.span)
    return effects or altered(table_ref(key), "nothing", f"altered table {_name(key)}")


def _inline_constraints(ctx: ReplayContext, keys: bool) -> None:
    """The constraints the ADD COLUMNs wrote inline: the index-backed keys (AT_PASS_ADD_INDEXCONSTR) or the checks
    and foreign keys (AT_PASS_ADD_CONSTR, after the ADD CONSTRAINTs written as such)."""
    for table_key, pending in ctx.deferred or ():
        now = [c for c in pending if (c.kind in _INDEX_BACKED) == keys]
        if now:
            constraints.add(ctx, table_key, now)


_INDEX_BACKED = ("primary key", "unique", "exclude")


def _alter_commands(ctx: ReplayContext, key: str, node: Any, table, original: dict, on_partitions: bool,
                    effects: list) -> None:
    analysed = False
    keys_added = others_added = False
    for cmd in sorted(node.cmds, key=_pass):
        if _pass(cmd) > 3.5 and not keys_added:
            keys_added = True
            _inline_constraints(ctx, keys=True)
        if _pass(cmd) > 5 and not others_added:
            others_added = True
            _inline_constraints(ctx, keys=False)
        if _pass(cmd) > 2 and not analysed:  # ADD CONSTRAINTs are analysed after the drops, types and new columns
            analysed = True
            for added in (c for c in node.cmds if c.subtype == A.AT_AddConstraint):
                constraints.refuse_repeated_keys(added.def_)
        handler = ALTER_TABLE.get(cmd.subtype)
        if handler is None:
            raise NotModelled(f"ALTER TABLE {cmd.subtype.name[3:]} is not modelled yet")
        column = ctx.catalog.table(key).column(truncate(cmd.name)) if cmd.subtype == A.AT_AlterColumnType else None
        if column is not None and original.get(column.name, column.type) != column.type:
            # an earlier ALTER COLUMN TYPE of this statement changed it (one that kept the type does not count)
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f'cannot alter type of column "{column.name}" twice')
        if on_partitions and cmd.subtype == A.AT_AddColumn:
            if table.partition_of is not None:
                raise PgError(SqlState.WRONG_OBJECT_TYPE, "cannot add column to a partition")
            effects += as_list(partition.add_column_to_partitions(ctx, key, cmd, handler))
            continue
        effects += as_list(handler(ctx, key, cmd))
    if not keys_added:
        _inline_constraints(ctx, keys=True)
    if not others_added:
        _inline_constraints(ctx, keys=False)
