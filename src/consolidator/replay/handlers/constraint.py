"""Constraints: built from CREATE TABLE and ALTER TABLE ADD CONSTRAINT, named as PostgreSQL names them."""

from __future__ import annotations

from typing import Any

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.keys import constraint_ref
from consolidator.model.names import choose_name, index_column_names, qualify, split_key, truncate
from consolidator.model.objects import Constraint, Expr, Table
from consolidator.parse.expressions import names, to_expr
from consolidator.replay.coercion import foreign_key_columns_compatible
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effects, altered, created, dropped, renamed, skipped
from consolidator.replay.seed import ddl as seed_ddl
from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

C = enums.ConstrType
_ACTIONS = {"a": None, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_OBJECT_NOT_IN_PREREQUISITE_STATE = SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE


def apply_attributes(constraints: tuple) -> list[Any]:
    """Fold DEFERRABLE / INITIALLY DEFERRED attribute nodes into the constraint before them, as the server does."""
    out: list[Any] = []
    for c in constraints or ():
        if c.contype in (C.CONSTR_ATTR_DEFERRABLE, C.CONSTR_ATTR_NOT_DEFERRABLE, C.CONSTR_ATTR_DEFERRED,
                         C.CONSTR_ATTR_IMMEDIATE):
            if not out:
                raise PgError(SqlState.SYNTAX_ERROR, "misplaced DEFERRABLE clause")
            prev = out[-1]
            if c.contype == C.CONSTR_ATTR_DEFERRABLE:
                prev.deferrable = True
            elif c.contype == C.CONSTR_ATTR_NOT_DEFERRABLE:
                prev.deferrable = False
            elif c.contype == C.CONSTR_ATTR_DEFERRED:
                prev.initdeferred = True
                prev.deferrable = True
            else:
                prev.initdeferred = False
            continue
        out.append(c)
    return out



class Deferred:
    """What CREATE TABLE checks only once the table exists, as the server's AddRelationNewConstraints does after
    heap_create_with_catalog: defaults and generation expressions (column order), then CHECK columns (as written).
    Each entry is called with the table's key, once the table is in the catalog."""

    def __init__(self) -> None:
        self.defaults: list = []
        self.checks: list = []

    def run(self, table_key: str) -> None:
        for step in self.defaults + self.checks:
            step(table_key)


def build(ctx: ReplayContext, table: Table, node: Any, column: str | None = None,
          deferred: Deferred | None = None) -> Constraint:
    """A model constraint from a Constraint node; `column` for a constraint written on a column. Not yet named.
    With `deferred` (CREATE TABLE), CHECK columns are checked once the table exists."""
    common = dict(
        name=truncate(node.conname) if node.conname else "",
        deferrable=bool(node.deferrable),
        initially_deferred=bool(node.initdeferred),
        provenance=ctx.provenance(),
    )
    if node.contype == C.CONSTR_CHECK:
        expr = to_expr(node.raw_expr)
        if deferred is None:
            _require_columns(table, expr.columns)
        else:  # a column's CHECK may name columns written after it
            deferred.checks.append(lambda key, cols=expr.columns: _require_columns(ctx.catalog.table(key), cols))
        return Constraint(kind="check", check=expr, not_valid=bool(node.skip_validation),
                          no_inherit=bool(node.is_no_inherit), **common)
    if node.contype in (C.CONSTR_PRIMARY, C.CONSTR_UNIQUE):
        cols = [column] if column else names(node.keys)
        include = names(node.including)
        kind = "primary key" if node.contype == C.CONSTR_PRIMARY else "unique"
        if node.indexname:
            return _using_index(ctx, table, truncate(node.indexname), kind, common)
        if deferred is None:  # ALTER TABLE: repeated keys are refused when the command is analysed, before a
            refuse_repeated_keys(node, column)  # drop of the same statement runs; the columns are looked up later
        for i, c in enumerate(cols + include):
            if table.column(c) is None:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" named in key does not exist')
            if i < len(cols) and c in cols[:i]:  # key columns only: INCLUDE (b, b) is accepted
                raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{c}" appears twice in {kind} constraint')
        return Constraint(kind=kind, columns=cols, include=include,
                          nulls_not_distinct=bool(node.nulls_not_distinct), **common)
    if node.contype == C.CONSTR_FOREIGN:
        return _foreign_key(ctx, table, node, column, common)
    raise NotModelled(f"{node.contype.name} constraints are not modelled yet")


def _using_index(ctx: ReplayContext, table: Table, index_name: str, kind: str, common: dict) -> Constraint:
    """ALTER TABLE ... ADD [CONSTRAINT c] PRIMARY KEY | UNIQUE USING INDEX i: the index becomes the constraint's,
    renamed to c when c is given (checked on PostgreSQL 15)."""
    key = qualify(split_key(table.key)[0], index_name)
    index = ctx.catalog.indexes.get(key)
    if index is None:
        if ctx.catalog.constraint_of_index(key) is not None:
            raise PgError(_OBJECT_NOT_IN_PREREQUISITE_STATE, f'index "{index_name}" is already associated with a constraint')
        raise PgError(SqlState.UNDEFINED_OBJECT, f'index "{index_name}" does not exist')
    if index.table != table.key:
        raise PgError(_OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'index "{index_name}" does not belong to table "{split_key(table.key)[1]}"')
    if not index.unique:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{index_name}" is not a unique index')
    if any(not e.expr.is_single_column() for e in index.elements):
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'index "{index_name}" contains expressions')
    if index.where is not None:
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{index_name}" is a partial index')
    for number, e in enumerate(index.elements, start=1):
        if e.descending or e.nulls is not None or e.opclass is not None or e.collation is not None:
            raise PgError(SqlState.WRONG_OBJECT_TYPE,
                          f'index "{index_name}" column number {number} does not have default sorting behavior')
    if kind == "primary key" and table.primary_key() is not None:
        raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                      f'multiple primary keys for table "{split_key(table.key)[1]}" are not allowed')
    ctx.catalog.take_index(key)  # the constraint owns it now, under the constraint's name
    common = {**common, "name": common["name"] or index_name}
    return Constraint(kind=kind, columns=[e.expr.columns[0] for e in index.elements], include=list(index.include),
                      nulls_not_distinct=index.nulls_not_distinct, **common)


def _require_columns(table: Table, columns: list[str]) -> None:
    for c in columns:
        if table.column(c) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" does not exist')


def _foreign_key(ctx: ReplayContext, table: Table, node: Any, column: str | None, common: dict) -> Constraint:
    """The foreign key as written; the referenced side is checked when it is added (`_resolve_foreign_key`)."""
    local = [column] if column else names(node.fk_attrs)
    return Constraint(
        kind="foreign key", columns=local, ref_table=ctx.relation_key(node.pktable), ref_columns=names(node.pk_attrs),
        on_delete=_ACTIONS.get(node.fk_del_action or "a"), on_update=_ACTIONS.get(node.fk_upd_action or "a"),
        match_full=node.fk_matchtype == "f", not_valid=bool(node.skip_validation), **common,
    )


def _resolve_foreign_key(ctx: ReplayContext, table_key: str, fk: Constraint) -> None:
    """Check the referenced side as the server does once the table and its keys exist (a self-reference
    in CREATE TABLE sees the table's own primary key); fills in the primary key columns when none are written."""
    ref_key = fk.ref_table
    target = ctx.catalog.table(ref_key)  # the referenced table is opened before the local columns are looked up
    table = ctx.catalog.table(table_key)
    for c in fk.columns:
        if table.column(c) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" referenced in foreign key constraint does not exist')
    ref_name = split_key(ref_key)[1]
    if not fk.ref_columns:
        pk = target.primary_key()
        if pk is None:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'there is no primary key for referenced table "{ref_name}"')
        if pk.deferrable:
            raise PgError(_OBJECT_NOT_IN_PREREQUISITE_STATE,
                          f'cannot use a deferrable primary key for referenced table "{ref_name}"')
        fk.ref_columns = list(pk.columns)
    for c in fk.ref_columns:
        if target.column(c) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{c}" referenced in foreign key constraint does not exist')
    if len(fk.columns) != len(fk.ref_columns):
        raise PgError(SqlState.INVALID_FOREIGN_KEY,
                      "number of referencing and referenced columns for foreign key disagree")
    if not _has_unique_key(ctx, target, fk.ref_columns):
        if _has_unique_key(ctx, target, fk.ref_columns, deferrable=True):
            raise PgError(_OBJECT_NOT_IN_PREREQUISITE_STATE,
                          f'cannot use a deferrable unique constraint for referenced table "{ref_name}"')
        raise PgError(SqlState.INVALID_FOREIGN_KEY,
                      f'there is no unique constraint matching given keys for referenced table "{ref_name}"')
    for mine, theirs in zip(fk.columns, fk.ref_columns):
        if not foreign_key_columns_compatible(table.column(mine), target.column(theirs)):
            raise PgError(SqlState.DATATYPE_MISMATCH, f'foreign key constraint "{fk.name}" cannot be implemented')


def recheck_foreign_keys(ctx: ReplayContext, table_key: str, column: str) -> None:
    """After a column changes type, the server rebuilds the foreign keys on it, from either side."""
    table = ctx.catalog.table(table_key)
    affected = [(table, fk) for fk in table.constraints if fk.kind == "foreign key" and column in fk.columns]
    affected += [(t, fk) for t, fk in ctx.catalog.foreign_keys_to(table.key) if column in fk.ref_columns]
    for owner, fk in affected:
        target = ctx.catalog.table(fk.ref_table)
        for mine, theirs in zip(fk.columns, fk.ref_columns):
            if not foreign_key_columns_compatible(owner.column(mine), target.column(theirs)):
                raise PgError(SqlState.DATATYPE_MISMATCH, f'foreign key constraint "{fk.name}" cannot be implemented')


def _has_unique_key(ctx: ReplayContext, target: Table, cols: list[str], deferrable: bool = False) -> bool:
    """A unique constraint or index on exactly `cols` (immediate ones only, unless `deferrable`)."""
    wanted = sorted(cols)
    for c in target.constraints:
        if c.kind in ("primary key", "unique") and sorted(c.columns) == wanted and c.deferrable == deferrable:
            return True
    if deferrable:
        return False
    for index in ctx.catalog.indexes_of(target.key):
        plain = [e.expr.columns[0] for e in index.elements if e.expr.is_single_column()]
        if index.unique and index.where is None and len(plain) == len(index.elements) and sorted(plain) == wanted:
            return True
    return False


def refuse_repeated_keys(node: Any, column: str | None = None) -> None:
    """A key naming a column twice is refused when ALTER TABLE's commands are analysed: all of them, in the order
    written, before any runs (a second primary key is refused later, when it runs)."""
    if node.contype not in (C.CONSTR_PRIMARY, C.CONSTR_UNIQUE) or node.indexname:
        return
    cols = [column] if column else names(node.keys)
    kind = "primary key" if node.contype == C.CONSTR_PRIMARY else "unique"
    for i, c in enumerate(cols):
        if c in cols[:i]:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{c}" appears twice in {kind} constraint')


def choose_constraint_name(ctx: ReplayContext, table: Table, constraint: Constraint, chosen: set[str]) -> str:
    """The name PostgreSQL gives an unnamed constraint (ChooseConstraintName / ChooseRelationName)."""
    schema, table_name = split_key(table.key)
    catalog = ctx.catalog

    def constraint_taken(name: str) -> bool:
        return name in chosen or catalog.constraint_name_taken(schema, name) or any(
            c.name == name for c in table.constraints)

    if constraint.kind == "check":
        cols = constraint.check.distinct_columns() if constraint.check else []
        return choose_name(table_name, cols[0] if len(cols) == 1 else None, "check", constraint_taken)
    if constraint.kind == "foreign key":
        return choose_name(table_name, _joined(constraint.columns), "fkey", constraint_taken)
    def relation_taken(name: str) -> bool:
        return constraint_taken(name) or catalog.relation_name_taken(schema, name)

    if constraint.kind == "primary key":
        return choose_name(table_name, None, "pkey", relation_taken)
    return choose_name(table_name, _joined(index_column_names(constraint.columns + constraint.include)), "key",
                       relation_taken)


def _joined(columns: list[str]) -> str:
    """ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by '_', cut near 63 bytes."""
    out = ""
    for c in columns:
        if out:
            out += "_"
        out += c
        if len(out.encode()) >= 64:
            break
    return out


def without_repeated_keys(constraints: list[Constraint]) -> list[Constraint]:
    """CREATE TABLE keeps one index for keys written twice (UNIQUE PRIMARY KEY, UNIQUE (a) twice), as the server's
    transformIndexConstraints does: the primary key wins, and a name on the dropped one passes to an unnamed kept one."""
    kept: list[Constraint] = [c for c in constraints if c.kind == "primary key"]
    for c in constraints:
        if c.kind != "unique":
            continue
        shape = (c.columns, c.include, c.deferrable, c.initially_deferred, c.nulls_not_distinct)
        same = next((k for k in kept if (k.columns, k.include, k.deferrable, k.initially_deferred,
                                           k.nulls_not_distinct) == shape), None)
        if same is None:
            kept.append(c)
        elif not same.name:
            same.name = c.name
    return [c for c in constraints if c.kind not in ("primary key", "unique") or any(c is k for k in kept)]


def add(ctx: ReplayContext, table_key: str, constraints: list[Constraint]) -> None:
    """Name the unnamed ones (checks first, then keys, then foreign keys, as the server does) and add them."""
    chosen: set[str] = set()
    order = {"check": 0, "primary key": 1, "unique": 2, "exclude": 2, "foreign key": 3}  # the primary key index first
    for constraint in sorted(constraints, key=lambda c: order[c.kind]):
        table = ctx.catalog.table(table_key)
        if not constraint.name:
            constraint.name = choose_constraint_name(ctx, table, constraint, chosen)
        chosen.add(constraint.name)
        if constraint.kind == "foreign key":
            if table.constraint(constraint.name) is not None:  # the name is checked before the referenced table
                raise PgError(SqlState.DUPLICATE_OBJECT, f'constraint "{constraint.name}" for relation '
                                                         f'"{split_key(table_key)[1]}" already exists')
            _resolve_foreign_key(ctx, table_key, constraint)
        ctx.catalog.add_constraint(table_key, constraint)
        seed_ddl.validate_constraint(ctx, table_key, constraint)


# ---- ALTER TABLE ... ADD / DROP CONSTRAINT, RENAME CONSTRAINT, VALIDATE -----------------------


@ALTER_TABLE.register(enums.AlterTableType.AT_AddConstraint)
def add_constraint(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    constraint = build(ctx, ctx.catalog.table(table_key), cmd.def_)
    add(ctx, table_key, [constraint])
    return created(constraint_ref(table_key, constraint.name),
                   f"added {constraint.kind} constraint {constraint.name} to {split_key(table_key)[1]}")


@ALTER_TABLE.register(enums.AlterTableType.AT_DropConstraint)
def drop_constraint(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    name = truncate(cmd.name)
    ref = constraint_ref(table_key, name)
    if cmd.missing_ok and ctx.catalog.table(table_key).constraint(name) is None:
        return skipped(ref, f"constraint {name} of {split_key(table_key)[1]} does not exist, skipped (IF EXISTS)")
    ctx.catalog.drop_constraint(table_key, name, cascade=cmd.behavior == enums.DropBehavior.DROP_CASCADE)
    return dropped(ref, f"dropped constraint {name} of {split_key(table_key)[1]}")


@ALTER_TABLE.register(enums.AlterTableType.AT_ValidateConstraint)
def validate_constraint(ctx: ReplayContext, table_key: str, cmd: Any) -> Effects:
    constraint = ctx.catalog.validate_constraint(table_key, truncate(cmd.name), ctx.span)
    seed_ddl.validate_constraint(ctx, table_key, constraint)
    return altered(constraint_ref(table_key, constraint.name), "validated",
                   f"validated constraint {constraint.name} of {split_key(table_key)[1]}")


@STATEMENTS.register(("RenameStmt", "OBJECT_TABCONSTRAINT"))
def rename_constraint(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    skip = ctx.missing_relation(key, node.missing_ok)
    if skip:
        return skipped(None, skip)
    old, new = truncate(node.subname), truncate(node.newname)
    ctx.catalog.rename_constraint(key, old, new, ctx.span)
    return renamed(constraint_ref(key, old), constraint_ref(key, new),
                   f"renamed constraint {node.subname} of {split_key(key)[1]} to {node.newname}")


def check_expr_columns(table: Table, expr: Expr | None) -> None:
    if expr is not None:
        _require_columns(table, expr.columns)
