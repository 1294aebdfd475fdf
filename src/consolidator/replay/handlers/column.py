"""Columns: definitions (serial, identity, defaults, generated), ALTER TABLE's column sub-commands, RENAME COLUMN
and RENAME ATTRIBUTE of every relation.

ALTER COLUMN TYPE has a module of its own (column_type.py).
"""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import column_ref
from consolidator.model.names import choose_name, qualify, split_key, truncate
from consolidator.model.objects import Column, Constraint, Sequence, Table
from consolidator.model.sequence_params import apply_options
from consolidator.parse.expressions import int_value, names, to_expr
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.defaults import cook_default, evaluate_added_default
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.handlers import collation as collation_names
from consolidator.replay.handlers import composite_type
from consolidator.replay.handlers import constraint as constraints
from consolidator.replay.handlers.sequence import read_options
from consolidator.replay.seed import ddl as seed_ddl
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

C = enums.ConstrType
A = enums.AlterTableType
_NOT_IN_PREREQUISITE_STATE = SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE


def _name(key: str) -> str:
    return split_key(key)[1]


def build_column(ctx: ReplayContext, table: Table, coldef: Any,
                 deferred: constraints.Deferred | None = None) -> tuple[Column, list[Constraint]]:
    """A new column and the constraints written on it (not yet named). Creates the serial/identity sequence.
    With `deferred` (CREATE TABLE), the default, generation expression and CHECKs are checked once the table exists."""
    name = truncate(coldef.colname)
    sql_type, spec = ctx.column_type(coldef.typeName, owner=table.key)
    column = Column(name=name, type=sql_type, provenance=ctx.provenance())
    if coldef.collClause is not None:
        collation_names.require(ctx, names(coldef.collClause.collname))
        column.collation = ".".join(names(coldef.collClause.collname))
    if coldef.is_not_null:
        column.not_null = True
    pending: list[Constraint] = []
    # The server's transformColumnDefinition checks; serial adds its DEFAULT and NOT NULL after the written ones.
    where = f'for column "{name}" of table "{_name(table.key)}"'
    seen: set[str] = set()

    def once(what: str, message: str) -> None:
        if what in seen:
            raise PgError(SqlState.SYNTAX_ERROR, f"{message} {where}")
        seen.add(what)

    def nullability(not_null: bool) -> None:
        if "nullability" in seen and column.not_null != not_null:
            raise PgError(SqlState.SYNTAX_ERROR, f"conflicting NULL/NOT NULL declarations {where}")
        seen.add("nullability")
        column.not_null = not_null

    for node in constraints.apply_attributes(coldef.constraints):
        if node.contype == C.CONSTR_NOTNULL:
            nullability(True)
        elif node.contype == C.CONSTR_NULL:
            nullability(False)
        elif node.contype == C.CONSTR_DEFAULT:
            once("default", "multiple default values specified")
            if deferred is None:
                column.default, column.default_sequence = cook_default(ctx, column, node.raw_expr)
            else:
                deferred.defaults.append(lambda key, expr=node.raw_expr: _set_default(ctx, key, name, expr))
        elif node.contype == C.CONSTR_IDENTITY:
            once("identity", "multiple identity specifications")
            column.identity = "always" if node.generated_when == "a" else "by default"
            nullability(True)
        elif node.contype == C.CONSTR_GENERATED:
            once("generated", "multiple generation clauses specified")
            column.generated = to_expr(node.raw_expr)
        else:
            pending.append(constraints.build(ctx, _with_column(table, column), node, column=name, deferred=deferred))
    if spec.serial_of is not None:
        once("default", "multiple default values specified")
        nullability(True)
    for a, b, what in (("default", "identity", "identity"), ("default", "generated", "generation expression"),
                       ("identity", "generated", "generation expression")):
        if a in seen and b in seen:
            raise PgError(SqlState.SYNTAX_ERROR, f"both {a} and {what} specified {where}")
    if spec.serial_of is not None:
        column.default_sequence = owned_sequence(ctx, table.key, column.name, spec.serial_of).key
        column.not_null = True
    elif column.identity is not None:
        options = next(n.options for n in coldef.constraints if n.contype == C.CONSTR_IDENTITY)
        column.identity_sequence = owned_sequence(ctx, table.key, column.name, sql_type.integer, options).key
    if deferred is not None and column.generated is not None:
        deferred.defaults.append(lambda key: check_generated(ctx.catalog.table(key), column))
    return column, pending


def _set_default(ctx: ReplayContext, table_key: str, column: str, expr: Any) -> None:
    default, sequence = cook_default(ctx, ctx.catalog.column(table_key, column), expr)
    ctx.catalog.set_column_default(table_key, column, default, sequence)


def check_generated(table: Table, column: Column) -> None:
    """A generation expression names only ordinary columns of its table (checked once all columns exist)."""
    for name in column.generated.columns if column.generated is not None else ():
        other = table.column(name)
        if other is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
        if other.generated is not None:
            raise PgError(SqlState.INVALID_OBJECT_DEFINITION,
                          f'cannot use generated column "{name}" in column generation expression')


def _with_column(table: Table, column: Column) -> Table:
    """The table as a constraint on `column` sees it while the column is being defined."""
    if table.column(column.name) is not None:
        return table
    return table.model_copy(update={"columns": table.columns + [column]})


def owned_sequence(ctx: ReplayContext, table_key: str, column: str, data_type: str | None,
                   options: Any = None) -> Sequence:
    """The sequence serial or an identity column creates, named as the server names it, owned by the column;
    `data_type`: smallint, integer or bigint (None for any other type: refused)."""
    if data_type is None:
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "identity column type must be smallint, integer, or bigint")
    schema, table_name = split_key(table_key)
    changes, named = read_options(ctx, options or ())
    if "owned_by" in named:
        raise NotModelled("OWNED BY in identity options is not modelled")
    if "sequence_name" in named:
        key = ctx.key_of(named["sequence_name"])
        ctx.catalog.require_schema(split_key(key)[0])
    else:
        key = qualify(schema, choose_name(table_name, column, "seq", lambda n: ctx.catalog.relation_name_taken(schema, n)))
    seq = Sequence(key=key, data_type=data_type, owned_by=(table_key, column), provenance=ctx.provenance())
    for option, value in apply_options(seq, changes, is_init=True).items():
        setattr(seq, option, value)  # a new sequence, not yet in the catalog
    ctx.catalog.add_sequence(seq)
    return seq


# ---- ALTER TABLE sub-commands on columns --------------------------------------------------------


@ALTER_TABLE.register(A.AT_AddColumn)
def add_column(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    coldef = cmd.def_
    name = truncate(coldef.colname)
    ref = column_ref(table_key, name)
    if ctx.catalog.table(table_key).column(name) is not None:
        if cmd.missing_ok:
            return skipped(ref, f"column {name} of {_name(table_key)} already exists, skipped (IF NOT EXISTS)", exists=True)
        raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{name}" of relation "{_name(table_key)}" already exists')
    column, pending = build_column(ctx, ctx.catalog.table(table_key), coldef)
    ctx.catalog.add_column(table_key, column)
    check_generated(ctx.catalog.table(table_key), column)
    evaluate_added_default(column, coldef)
    seed_ddl.fill_column(ctx, table_key, ctx.catalog.table(table_key).column(name))
    if ctx.deferred is not None:
        ctx.deferred.append((table_key, pending))
    else:
        constraints.add(ctx, table_key, pending)
    return created(ref, f"added column {name} {column.type.sql} to {_name(table_key)}")


@ALTER_TABLE.register(A.AT_DropColumn)
def drop_column(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    name = truncate(cmd.name)
    ref = column_ref(table_key, name)
    if ctx.catalog.table(table_key).column(name) is None and cmd.missing_ok:
        return skipped(ref, f"column {name} of {_name(table_key)} does not exist, skipped (IF EXISTS)")
    ctx.catalog.drop_column(table_key, name, cascade=cmd.behavior == enums.DropBehavior.DROP_CASCADE)
    return dropped(ref, f"dropped column {name} of {_name(table_key)}")


@ALTER_TABLE.register(A.AT_ColumnDefault)
def column_default(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    if column.generated is not None or column.identity is not None:
        what = "a generated" if column.generated is not None else "an identity"
        raise PgError(SqlState.SYNTAX_ERROR,
                      f'column "{column.name}" of relation "{_name(table_key)}" is {what} column')
    default, sequence = cook_default(ctx, column, cmd.def_)
    ctx.catalog.set_column_default(table_key, column.name, default, sequence, ctx.span)
    ref = column_ref(table_key, column.name)
    if cmd.def_ is None:
        return altered(ref, "default", f"dropped default of {_name(table_key)}.{column.name}")
    return altered(ref, "default", f"set default of {_name(table_key)}.{column.name}")


@ALTER_TABLE.register(A.AT_AddIdentity)
def add_identity(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    where = f'column "{column.name}" of relation "{_name(table_key)}"'
    if not column.not_null:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} must be declared NOT NULL before identity can be added")
    if column.identity is not None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} is already an identity column")
    if column.default is not None or column.default_sequence is not None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} already has a default value")
    identity = "always" if cmd.def_.generated_when == "a" else "by default"
    seq = owned_sequence(ctx, table_key, column.name, column.type.integer, cmd.def_.options)
    ctx.catalog.set_identity(table_key, column.name, identity, seq.key, ctx.span)
    return altered(column_ref(table_key, column.name), "identity",
                   f"made {_name(table_key)}.{column.name} an identity column ({identity})")


@ALTER_TABLE.register(A.AT_SetIdentity)
def set_identity(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    if column.identity is None:
        raise PgError(_NOT_IN_PREREQUISITE_STATE,
                      f'column "{column.name}" of relation "{_name(table_key)}" is not an identity column')
    options, identity = [], column.identity
    for opt in cmd.def_ or ():
        if opt.defname == "generated":
            identity = "always" if int_value(opt.arg) == ord("a") else "by default"
        else:
            options.append(opt)
    changes, named = read_options(ctx, options)
    if "sequence_name" in named:
        raise PgError(SqlState.SYNTAX_ERROR, "invalid sequence option SEQUENCE NAME")
    if "owned_by" in named:
        raise PgError(SqlState.SYNTAX_ERROR, 'sequence option "owned_by" not supported here')
    ctx.catalog.set_sequence_options(column.identity_sequence, changes, ctx.span)
    ctx.catalog.set_identity(table_key, column.name, identity, span=ctx.span)
    return altered(column_ref(table_key, column.name), "identity", f"changed identity of {_name(table_key)}.{column.name}")


@ALTER_TABLE.register(A.AT_DropIdentity)
def drop_identity(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    where = f'column "{column.name}" of relation "{_name(table_key)}"'
    ref = column_ref(table_key, column.name)
    if column.identity is None:
        if cmd.missing_ok:
            return skipped(ref, f"{where} is not an identity column, skipped (IF EXISTS)")
        raise PgError(_NOT_IN_PREREQUISITE_STATE, f"{where} is not an identity column")
    ctx.catalog.drop_identity(table_key, column.name, ctx.span)
    return altered(ref, "identity", f"dropped identity of {_name(table_key)}.{column.name}")


@ALTER_TABLE.register(A.AT_SetNotNull)
def set_not_null(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    seed_ddl.require_no_nulls(ctx, table_key, column.name)
    ctx.catalog.set_column_not_null(table_key, column.name, True, ctx.span)
    return altered(column_ref(table_key, column.name), "not null", f"set {_name(table_key)}.{column.name} NOT NULL")


@ALTER_TABLE.register(A.AT_DropNotNull)
def drop_not_null(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    table = ctx.catalog.table(table_key)
    column = ctx.catalog.column(table_key, truncate(cmd.name))
    pk = table.primary_key()
    if pk is not None and column.name in pk.columns:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'column "{column.name}" is in a primary key')
    if column.identity is not None:
        raise PgError(SqlState.SYNTAX_ERROR, f'column "{column.name}" of relation "{_name(table_key)}" is an identity column')
    ctx.catalog.set_column_not_null(table_key, column.name, False, ctx.span)
    return altered(column_ref(table_key, column.name), "not null", f"dropped NOT NULL of {_name(table_key)}.{column.name}")


@STATEMENTS.register(("RenameStmt", "OBJECT_COLUMN"), ("RenameStmt", "OBJECT_ATTRIBUTE"))
def rename_column(ctx: ReplayContext, node: Any) -> Effects:
    """RENAME COLUMN and RENAME ATTRIBUTE. Whichever ALTER says it (TABLE, VIEW, MATERIALIZED VIEW, FOREIGN
    TABLE, TYPE), PostgreSQL renames a column of the relation the name finds, of any kind but a sequence."""
    key = ctx.relation_key(node.relation)
    skip = ctx.missing_relation(key, node.missing_ok)
    if skip:
        return skipped(None, skip)
    kind = ctx.catalog.relation_kind(key)
    if kind == "composite type":
        return composite_type.rename_attribute(ctx, key, node)
    if kind == "sequence":
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'cannot rename columns of relation "{_name(key)}"')
    if kind in ("index", "constraint index", "foreign table"):
        raise NotModelled(f"renaming a column of {'an index' if 'index' in kind else 'a foreign table'} is not modelled")
    if key in ctx.catalog.views:
        from consolidator.replay.handlers.view import rename_view_column

        return rename_view_column(ctx, key, node)
    table = ctx.catalog.tables.get(key)
    old, new = truncate(node.subname), truncate(node.newname)
    if table is not None and table.partition_of is not None and table.column(old) is not None:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, f'cannot rename inherited column "{old}"')
    if table is not None and table.partition_key is not None:
        raise NotModelled("renaming a column of a partitioned table (it reaches the partitions) is not modelled yet")
    ctx.catalog.rename_column(key, old, new, ctx.span)
    return renamed(column_ref(key, old), column_ref(key, new), f"renamed column {_name(key)}.{old} to {new}")

