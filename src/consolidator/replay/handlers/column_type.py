"""ALTER TABLE ... ALTER COLUMN ... TYPE [USING]: prepared for every sub-command first, then run."""

from __future__ import annotations

import re
from typing import Any

from pglast import ast, enums
from pglast.visitors import Visitor

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import column_ref
from consolidator.model.names import split_key, truncate
from consolidator.model.objects import Column, Expr, Table
from consolidator.model.types import SqlType
from consolidator.model.types import builtin as builtin_type
from consolidator.parse.expressions import names, to_expr
from consolidator.replay.coercion import explicit_cast, needs_using
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered
from consolidator.replay.handlers import collation as collation_names
from consolidator.replay.handlers import constraint as constraints
from consolidator.replay.seed import ddl as seed_ddl
from consolidator.replay.registry import ALTER_TABLE


def prepare_column_type(ctx: ReplayContext, table: Table, cmd: Any) -> tuple[Column, SqlType]:
    """The server's ATPrepAlterColumnType, run for every ALTER COLUMN TYPE of a statement in the order written,
    before any sub-command is executed: USING (the types it casts to, then its columns), the column, the type."""
    coldef = cmd.def_
    if coldef.raw_default is not None:
        _lookup_cast_types(ctx, coldef.raw_default)
        constraints.check_expr_columns(table, to_expr(coldef.raw_default))
    column = ctx.catalog.column(table.key, truncate(cmd.name))
    sql_type, spec = ctx.column_type(coldef.typeName)
    if spec.serial_of is not None:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{spec.name}" does not exist')
    if coldef.raw_default is None and needs_using(column.type, sql_type):
        raise PgError(SqlState.DATATYPE_MISMATCH,
                      f'column "{column.name}" cannot be cast automatically to type {sql_type.server_name()}')
    if coldef.raw_default is not None:
        _check_using_cast(ctx, column, coldef.raw_default, sql_type)
    return column, sql_type


def _lookup_cast_types(ctx: ReplayContext, node: Any) -> None:
    """Every cast's type is looked up (42704 for an unknown one), as transformTypeCast does before it analyses
    what it casts."""
    class Casts(Visitor):
        def visit_TypeCast(self, ancestors, cast):
            ctx.column_type(cast.typeName)

    Casts()(ast.ResTarget(val=node))


def _check_using_cast(ctx: ReplayContext, column: Column, using: Any, sql_type: SqlType) -> None:
    """USING col::type: the cast must exist (42846), and its result must become the new type by assignment (42804)."""
    if not isinstance(using, ast.TypeCast) or not isinstance(using.arg, ast.ColumnRef):
        return
    if names(using.arg.fields) != [column.name]:
        return
    cast_type, _ = ctx.column_type(using.typeName)
    if explicit_cast(column.type, cast_type) is False:
        raise PgError(SqlState.CANNOT_COERCE,
                      f"cannot cast type {column.type.server_name()} to {cast_type.server_name()}")
    if needs_using(cast_type, sql_type):
        raise PgError(SqlState.DATATYPE_MISMATCH, f'result of USING clause for column "{column.name}" cannot be cast '
                                                  f'automatically to type {sql_type.server_name()}')


@ALTER_TABLE.register(enums.AlterTableType.AT_AlterColumnType)
def alter_column_type(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    table = ctx.catalog.table(table_key)
    column, sql_type = prepare_column_type(ctx, table, cmd)
    coldef = cmd.def_
    # USING converts the rows, not the default: it must cast by assignment (nextval() gives a bigint).
    default_type = builtin_type("int8") if column.default_sequence is not None else column.type
    if (column.default is not None or column.default_sequence is not None) and needs_using(default_type, sql_type):
        raise PgError(SqlState.DATATYPE_MISMATCH, f'default for column "{column.name}" cannot be cast automatically '
                                                  f'to type {sql_type.server_name()}')
    if ctx.catalog.column_readers(table_key, column.name):
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a view or rule")
    if any(c.generated is not None and c.generated.references(column.name) for c in table.columns):
        raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a generated column")
    if column.identity_sequence is not None:  # the identity sequence takes the new type (a serial's does not)
        if sql_type.integer is None:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "identity column type must be smallint, integer, or bigint")
        ctx.catalog.set_sequence_options(column.identity_sequence, {"data_type": sql_type.integer})
    old = column.type
    if coldef.collClause is not None:
        collation_names.require(ctx, names(coldef.collClause.collname))
    collation = ".".join(names(coldef.collClause.collname)) if coldef.collClause is not None else column.collation
    default = column.default
    if default is not None and old.sql != sql_type.sql:
        default = _typed_literal(default, old.sql)
    rows = seed_ddl.converted_rows(ctx, table_key, column, sql_type, coldef.raw_default)
    ctx.catalog.set_column_type(table_key, column.name, sql_type, collation, default, ctx.span)
    if rows is not None:
        ctx.catalog.replace_rows(table_key, rows)
    constraints.recheck_foreign_keys(ctx, table_key, column.name)
    return altered(column_ref(table_key, column.name), "type",
                   f"changed type of {split_key(table_key)[1]}.{column.name} from {old.sql} to {sql_type.sql}")


_BARE_STRING = re.compile(r"^'(?:[^']|'')*'$")


def _typed_literal(default: Expr, old_type: str) -> Expr:
    """A string literal default keeps the type it was cooked to: after the retype the server shows 'x'::oldtype."""
    if not _BARE_STRING.match(default.template):
        return default
    base = re.sub(r"\(.*?\)", "", old_type)
    base = {"char": "bpchar", "timestamp with time zone": "timestamptz", "time with time zone": "timetz"}.get(base, base)
    return Expr(template=f"{default.template}::{base}", columns=[])
