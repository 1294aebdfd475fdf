"""CREATE TABLE, DROP TABLE, ALTER TABLE (dispatching its sub-commands), ALTER TABLE ... RENAME TO."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Table
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.handlers import column as columns
from consolidator.replay.handlers import constraint as constraints
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


def _pass(cmd: Any) -> int:
    if cmd.subtype == A.AT_ColumnDefault and cmd.def_ is None:
        return 0  # DROP DEFAULT runs with the drops (AT_PASS_DROP), SET DEFAULT with the late ones
    if cmd.subtype == A.AT_AddConstraint and cmd.def_.contype in (
            enums.ConstrType.CONSTR_PRIMARY, enums.ConstrType.CONSTR_UNIQUE, enums.ConstrType.CONSTR_EXCLUSION):
        return 3.5  # index-backed keys (AT_PASS_ADD_INDEXCONSTR) before SET DEFAULT; CHECKs and foreign keys after it
    return _PASS.get(cmd.subtype, 6)


def _name(key: str) -> str:
    return split_key(key)[1]


@STATEMENTS.register("CreateStmt")
def create_table(ctx: ReplayContext, node: Any) -> str:
    rel = node.relation
    if rel.relpersistence == "t":
        raise NotModelled("temporary tables vanish with the session: not part of the schema")
    for unsupported, what in ((node.inhRelations, "INHERITS"), (node.partspec, "PARTITION BY"),
                              (node.partbound, "PARTITION OF"), (node.ofTypename, "OF type"),
                              (node.options, "WITH (storage parameters)"), (node.tablespacename, "TABLESPACE")):
        if unsupported:
            raise NotModelled(f"CREATE TABLE with {what} is not modelled yet")
    key = ctx.relation_key(rel)
    if ctx.catalog.relation_kind(key) is not None and node.if_not_exists:
        return f"relation {_name(key)} already exists, skipped (IF NOT EXISTS)"
    ctx.catalog.require_schema(split_key(key)[0])
    table = Table(key=key, unlogged=rel.relpersistence == "u", provenance=ctx.provenance())
    # The server's phases: transformCreateStmt (column types and clauses, then the keys in the order written),
    # MergeAttributes (repeated columns), heap_create_with_catalog (the name), then defaults and CHECKs, then
    # indexes and foreign keys. A statement with several faults fails on the first phase that meets one.
    deferred = constraints.Deferred()
    pending = []  # (position in the statement, constraint): the server names them in the order written
    elements = []
    for position, element in enumerate(node.tableElts or ()):
        if isinstance(element, ast.ColumnDef):
            column, on_column = columns.build_column(ctx, table, element, deferred)
            table.columns.append(column)
            elements.append((position, on_column))
        elif isinstance(element, ast.Constraint):
            elements.append((position, element))
        else:
            raise NotModelled(f"CREATE TABLE with {type(element).__name__} is not modelled yet")
    has_pk = False
    for position, element in elements:
        if isinstance(element, list):  # the constraints written on a column, built with it
            built = element
        else:
            built = []
            for node_c in constraints.apply_attributes((element,)):
                if node_c.contype == enums.ConstrType.CONSTR_PRIMARY and has_pk:
                    _multiple_primary_keys(key)  # before its columns are looked at
                built.append(constraints.build(ctx, table, node_c, deferred=deferred))
        for c in built:
            if c.kind == "primary key":
                if has_pk:
                    _multiple_primary_keys(key)
                has_pk = True
            pending.append((position, c))
    seen = set()
    for column in table.columns:
        if column.name in seen:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{column.name}" specified more than once')
        seen.add(column.name)
    ctx.catalog.add_table(table)
    deferred.run(table)
    written = [c for _, c in sorted(pending, key=lambda p: p[0])]
    constraints.add(ctx, table, constraints.without_repeated_keys(written))
    return f"created table {_name(key)} ({len(table.columns)} columns)"


def _multiple_primary_keys(key: str) -> None:
    raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'multiple primary keys for table "{_name(key)}" are not allowed')


@STATEMENTS.register(("DropStmt", "OBJECT_TABLE"))
def drop_table(ctx: ReplayContext, node: Any) -> str:
    done = []
    cascade = node.behavior == enums.DropBehavior.DROP_CASCADE
    # The server looks every name up first, then drops them together: dependencies among them do not count.
    found = []
    for key in ctx.drop_targets(node):
        if key not in ctx.catalog.tables:
            if ctx.catalog.relation_kind(key) is not None:
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a table')
            if node.missing_ok:
                done.append(f"table {_name(key)} does not exist, skipped (IF EXISTS)")
                continue
            raise PgError(SqlState.UNDEFINED_TABLE, f'table "{_name(key)}" does not exist')
        found.append(key)
    for key in found:
        ctx.catalog.drop_table(key, cascade=cascade, together=frozenset(found))
        done.append(f"dropped table {_name(key)}")
    return "; ".join(done)


@STATEMENTS.register("AlterTableStmt")
def alter_table(ctx: ReplayContext, node: Any) -> str:
    if node.objtype != enums.ObjectType.OBJECT_TABLE:
        raise NotModelled(f"ALTER {node.objtype.name[7:]} is not modelled yet")
    key = ctx.relation_key(node.relation)
    if ctx.catalog.relation_kind(key) is None and node.missing_ok:  # a sequence or index: 42809, IF EXISTS or not
        return f"relation {_name(key)} does not exist, skipped (IF EXISTS)"
    table = ctx.catalog.table(key)
    for cmd in node.cmds:  # the server prepares every sub-command, in the order written, before running any
        if cmd.subtype == A.AT_AlterColumnType:
            columns.prepare_column_type(ctx, table, cmd)
    done = []
    original = {c.name: c.type for c in table.columns}
    for cmd in sorted(node.cmds, key=_pass):
        handler = ALTER_TABLE.get(cmd.subtype)
        if handler is None:
            raise NotModelled(f"ALTER TABLE {cmd.subtype.name[3:]} is not modelled yet")
        column = table.column(truncate(cmd.name)) if cmd.subtype == A.AT_AlterColumnType else None
        if column is not None and original.get(column.name, column.type) != column.type:
            # an earlier ALTER COLUMN TYPE of this statement changed it (one that kept the type does not count)
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f'cannot alter type of column "{column.name}" twice')
        done.append(handler(ctx, table, cmd))
    table.provenance.touch(ctx.span)
    return "; ".join(done)


@STATEMENTS.register(("RenameStmt", "OBJECT_TABLE"))
def rename_table(ctx: ReplayContext, node: Any) -> str:
    key = ctx.relation_key(node.relation)
    # ALTER TABLE ... RENAME renames any relation (an index, a sequence), as the server allows.
    kind = ctx.catalog.relation_kind(key)
    if kind is None:
        if node.missing_ok:
            return f"relation {_name(key)} does not exist, skipped (IF EXISTS)"
        ctx.catalog.table(key)
    new_key = ctx.catalog.rename_relation(key, truncate(node.newname), ctx.span)
    return f"renamed {kind} {_name(key)} to {_name(new_key)}"
