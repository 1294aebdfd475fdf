"""CREATE TABLE ... INHERITS (parents), as PostgreSQL 15's MergeAttributes does it: the parents' columns first (a
column two parents share is merged when its type is the same, 42804 otherwise), then the table's own (one of the
same name as an inherited column is merged into it: same type, NOT NULL if either says so, its own default); the
parents' CHECK constraints (not the NO INHERIT ones) under their names; NOT NULL with the columns. Keys, foreign
keys and indexes are not inherited.

`check_hierarchy` runs after every statement: an ALTER of a parent that the server would carry to its children
(a column added, dropped or retyped, a CHECK added) is not modelled, and the statement is reported; a DROP of a
parent without CASCADE is 2BP01, with it the children go too; a renamed or moved parent is followed."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import Column, Constraint, Table
from consolidator.replay.context import ReplayContext


def _name(key: str) -> str:
    return split_key(key)[1]


def parents_of(ctx: ReplayContext, node: Any) -> list[Table]:
    parents: list[Table] = []
    for rangevar in node.inhRelations or ():
        key = ctx.relation_key(rangevar)
        kind = ctx.catalog.relation_kind(key)
        if kind is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{rangevar.relname}" does not exist')
        if kind != "table":
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'inherited relation "{rangevar.relname}" is not a table or '
                                                      "foreign table")
        parent = ctx.catalog.tables[key]
        if parent.partition_key is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'cannot inherit from partitioned table "{rangevar.relname}"')
        if parent.partition_of is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'cannot inherit from partition "{rangevar.relname}"')
        if any(p.key == key for p in parents):
            raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{rangevar.relname}" would be inherited from more '
                                                    "than once")
        if any(c.identity is not None or c.generated is not None for c in parent.columns):
            raise NotModelled("inheriting identity or generated columns is not modelled")
        parents.append(parent)
    return parents


def merge_columns(ctx: ReplayContext, table: Table, parents: list[Table]) -> None:
    """The inherited columns first, then the table's own, merged by name (the table's columns are its own)."""
    seen = set()
    for column in table.columns:
        if column.name in seen:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{column.name}" specified more than once')
        seen.add(column.name)
    inherited: list[Column] = []
    for parent in parents:
        for column in parent.columns:
            same = next((c for c in inherited if c.name == column.name), None)
            if same is None:
                inherited.append(Column(name=column.name, type=column.type, not_null=column.not_null,
                                        default=column.default.model_copy(deep=True) if column.default else None,
                                        default_sequence=column.default_sequence, collation=column.collation,
                                        local=False, provenance=ctx.provenance()))
                continue
            if same.type != column.type:
                raise PgError(SqlState.DATATYPE_MISMATCH, f'inherited column "{column.name}" has a type conflict')
            if same.collation != column.collation or (same.default, same.default_sequence) != (
                    column.default, column.default_sequence):
                raise NotModelled(f"column {column.name} inherited from two parents with different collations or "
                                  "defaults is not modelled")
            same.not_null = same.not_null or column.not_null
    own = []
    for column in table.columns:
        same = next((c for c in inherited if c.name == column.name), None)
        if same is None:
            own.append(column)
            continue
        if same.type != column.type:
            raise PgError(SqlState.DATATYPE_MISMATCH, f'column "{column.name}" has a type conflict')
        if column.collation is not None and column.collation != same.collation:
            raise NotModelled(f"column {column.name} merged with an inherited one of another collation")
        same.local, same.not_null = True, same.not_null or column.not_null
        same.comment = column.comment
        if column.default is not None or column.default_sequence is not None:
            same.default, same.default_sequence = column.default, column.default_sequence
        same.provenance = column.provenance
    table.columns = inherited + own


def inherited_checks(ctx: ReplayContext, parents: list[Table]) -> list[Constraint]:
    out: list[Constraint] = []
    for parent in parents:
        for c in parent.constraints:
            if c.kind == "check" and not c.no_inherit and not any(o.name == c.name for o in out):
                out.append(c.model_copy(deep=True, update={"local": False, "comment": None, "not_valid": False,
                                                          "provenance": ctx.provenance()}))
    return out


def merge_checks(own: list[Constraint], inherited: list[Constraint]) -> list[Constraint]:
    """A check of the table's own with an inherited one's name is merged into it when they say the same (the server
    notices it), else 42710. Returns the table's own checks left to add."""
    left = []
    for c in own:
        same = next((i for i in inherited if c.kind == "check" and i.name == c.name), None)
        if same is None:
            left.append(c)
        elif (same.check.template, same.check.columns) == (c.check.template, c.check.columns):
            same.local = True
        else:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'constraint "{c.name}" for relation already exists')
    return left


# ---- after every statement ----------------------------------------------------------------------------


def check_hierarchy(ctx: ReplayContext, node: Any) -> None:
    catalog = ctx.catalog
    if not catalog.has_inheritance():
        return
    children = [catalog.tables[k] for k in catalog.inheriting_tables()]
    statement = type(node).__name__
    for child in sorted(children, key=lambda t: t.key):
        if child.key not in catalog.tables:
            continue
        parents = []
        for parent_key in child.inherits:
            if parent_key in catalog.tables:
                parents.append(parent_key)
                continue
            if statement in ("RenameStmt", "AlterObjectSchemaStmt") and _moved(ctx, node, parent_key):
                parents.append(_moved(ctx, node, parent_key))
            elif statement == "DropStmt" and node.behavior != enums.DropBehavior.DROP_CASCADE:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop table {_name(parent_key)} because other objects depend on it")
            elif statement == "DropStmt":
                catalog.drop_table(child.key, cascade=True)
                break
            else:
                raise NotModelled(f"this removed {_name(parent_key)}, which {_name(child.key)} inherits from: not "
                                  "modelled")
        else:
            if parents != child.inherits:
                catalog.set_inherits(child.key, parents)
            _require_consistent(ctx, catalog.tables[child.key])


def _moved(ctx: ReplayContext, node: Any, old: str) -> str | None:
    """The new key of the parent this RENAME or SET SCHEMA moved, if it moved this one."""
    relation = getattr(node, "relation", None)
    if relation is None or ctx.relation_key(relation) != old:
        return None
    schema, name = split_key(old)
    new = qualify(schema, node.newname) if type(node).__name__ == "RenameStmt" else qualify(node.newschema, name)
    return new if new in ctx.catalog.tables else None


def _require_consistent(ctx: ReplayContext, child: Table) -> None:
    """What the server keeps equal between a parent and its children still is; else the statement changed one in a
    way that reaches the other, which the model does not follow."""
    for parent_key in child.inherits:
        parent = ctx.catalog.tables[parent_key]
        for column in parent.columns:
            mine = child.column(column.name)
            if mine is None or mine.type != column.type or (column.not_null and not mine.not_null):
                raise _not_modelled(parent.key, child.key)
        for c in parent.constraints:
            if c.kind == "check" and not c.no_inherit and child.constraint(c.name) is None:
                raise _not_modelled(parent.key, child.key)
        for column in child.columns:
            if not column.local and all(ctx.catalog.tables[p].column(column.name) is None for p in child.inherits):
                raise _not_modelled(parent.key, child.key)


def _not_modelled(parent: str, child: str) -> NotModelled:
    return NotModelled(f"this changes a table of an inheritance hierarchy ({_name(child)} inherits from "
                       f"{_name(parent)}) in a way the server carries to the other: not modelled")
