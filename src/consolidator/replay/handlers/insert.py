"""INSERT: VALUES (multi-row, DEFAULT), DEFAULT VALUES and INSERT ... SELECT into the model's rows, with column
defaults (serial and identity values from their sequences), OVERRIDING, ON CONFLICT DO NOTHING / DO UPDATE and the
constraints the server checks. RETURNING is ignored (its values go to the client, not into the database)."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.keys import table_ref
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Table
from consolidator.model.rows import Row
from consolidator.replay.context import ReplayContext
from consolidator.replay.effects import Effects, altered, skipped
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.seed.constraints import Enforcer, UniqueKey, Uniques, Work, duplicate, unique_keys
from consolidator.replay.seed.sources import reads_shuffled, select_rows
from consolidator.replay.seed.triggers import after_rows, before_row
from consolidator.replay.seed.target import seed_statement, target_columns, target_table
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of, is_constant, parse_expression


@STATEMENTS.register("InsertStmt")
@seed_statement
def insert(ctx: ReplayContext, node: Any) -> Effects:
    key = ctx.relation_key(node.relation)
    if ctx.is_own_tracking_table(key):
        return skipped(table_ref(key), "the baseline's row in its tracking table: the tool's own bookkeeping")
    if node.withClause is not None:
        raise NotModelled("INSERT with WITH is not evaluated yet")
    table = target_table(ctx, key, "insert")
    targets = target_columns(table, node.cols)
    values = Values(ctx)
    override = node.override.name.removeprefix("OVERRIDING_")
    ordered = node.onConflictClause is not None or "nextval" in ctx.text.lower() or any(map(_uses_sequence, table.columns))
    inputs = _inputs(values, node.selectStmt, targets, explicit=bool(node.cols), ordered=ordered)
    _refuse_non_default(table, targets, inputs, override)
    _fold_constants(values, table, targets, inputs, override)
    _fold_defaults(values, table, targets, inputs)
    conflict = _Conflict(ctx, table, node.onConflictClause, node.relation.alias)
    if conflict.update:
        columns = columns_of(table)
        plan_set(values, table, Scope([Relation((conflict.alias,), columns), Relation(("excluded",), columns)]),
                 [node.onConflictClause.whereClause], node.onConflictClause.targetList)
    work = Work(ctx.catalog)
    rows = work.rows(key)
    if node.selectStmt is not None and reads_shuffled(values, node.selectStmt):
        work.shuffled.add(key)  # rows go in in an order the model does not know
    enforcer = Enforcer(values)
    uniques = Uniques(ctx.catalog, table, rows, cached=True)
    written: list[Row] = []
    replaced: list[tuple[Row, Row]] = []  # ON CONFLICT DO UPDATE: (old, new)
    inserted = updated = 0
    triggers = before_row(values, table, "insert")
    for items in inputs:
        row = _new_row(values, table, targets, items, override, columns_of(table))
        for change in triggers:
            row = change(row, None)
            if row is None:
                break  # a BEFORE trigger returned NULL: the row is skipped
            row = values.generated(table, row)
        if row is None:
            continue
        enforcer.row(table, row)
        clashes = uniques.conflicts(row)
        if clashes:  # the arbiters are checked first (the speculative insertion), then every other key
            arbitrated = [c for c in clashes if conflict.arbitrates(c[0])]
            if not arbitrated:
                raise duplicate(clashes[0][0].name)
            _, existing = arbitrated[0]
            changed = conflict.resolve(values, enforcer, uniques, existing, row, written)
            if changed is not None:
                rows[next(i for i, r in enumerate(rows) if r is existing)] = changed
                work.shuffled.add(key)
                written.append(changed)
                replaced.append((existing, changed))
                updated += 1
            continue
        rows.append(row)
        uniques.add(row)
        written.append(row)
        inserted += 1
    enforcer.references(work, table, written)
    enforcer.referenced(work, table, replaced)
    work.commit()
    if not any(c.kind == "foreign key" and c.ref_table == key for c in table.constraints):
        uniques.remember(ctx.catalog)  # (a key's action on the table itself would change rows behind its back)
    after_rows(values, table, "insert", [(r, None) for r in written if not any(r is n for _, n in replaced)])
    after_rows(values, table, "update", [(n, o) for o, n in replaced])
    name = split_key(key)[1]
    sentence = f"inserted {inserted} row{'s' if inserted != 1 else ''} into {name}"
    if updated:
        sentence += f", updated {updated} (ON CONFLICT)"
    return altered(table_ref(key), "rows", sentence)


def _uses_sequence(column: Column) -> bool:
    return bool(column.identity_sequence or column.default_sequence or (
        column.default is not None and any(c.split(".")[-1] == "nextval" for c in column.default.calls)))


def _inputs(values: Values, select: Any, targets: list[Column], explicit: bool, ordered: bool) -> list[list[Any]]:
    """The rows to insert, as expression nodes (VALUES: evaluated row by row, as the executor does) or values.
    Without a column list the rows fill the first columns (`targets` is cut to their width)."""
    if select is None:  # DEFAULT VALUES
        targets.clear()
        return [[]]
    if isinstance(select, ast.SelectStmt) and select.valuesLists and not (
            select.sortClause or select.limitCount or select.limitOffset or select.withClause):
        rows = [list(r) for r in select.valuesLists]
    else:
        _fold_select_constants(values, select, targets, explicit)
        rows = [[_Ready(v) for v in r] for r in select_rows(values, select, ordered)]
        width = len(rows[0]) if rows else _width(select)
        if width is not None:
            _check_width(width, targets, explicit)
        return rows
    for r in rows:
        _check_width(len(r), targets, explicit)
    return rows


def _fold_select_constants(values: Values, select: Any, targets: list[Column], explicit: bool) -> None:
    """INSERT ... SELECT: the SELECT list's constants, coerced to their columns, are computed when the statement is
    parsed and planned, so they fail even when the SELECT gives no row ('maybe' into a boolean column)."""
    width = _width(select)
    if width is None or select.valuesLists or (explicit and width != len(targets)) or width > len(targets):
        return
    pairs = [(t.val, c) for t, c in zip(select.targetList, targets) if is_constant(t.val)]
    for parse_time in (True, False):
        for item, column in pairs:
            if _parsed(item, column) == parse_time:
                values.stored(values.value(item), column)


def _check_width(width: int, targets: list[Column], explicit: bool) -> None:
    if not explicit and width <= len(targets):
        del targets[width:]
    if width != len(targets):
        _count_error(width, len(targets))


def _width(select: Any) -> int | None:
    if isinstance(select, ast.SelectStmt) and select.targetList and not any(
            isinstance(t.val, ast.ColumnRef) and isinstance(t.val.fields[-1], ast.A_Star) for t in select.targetList):
        return len(select.targetList)
    return None


def _count_error(width: int, targets: int) -> None:
    if width > targets:
        raise PgError(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns")
    raise PgError(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions")


class _Ready:
    """A value already computed (a row of INSERT ... SELECT)."""

    def __init__(self, value: Any):
        self.value = value


def _refuse_non_default(table: Table, targets: list[Column], inputs: list[list[Any]], override: str) -> None:
    """The rewriter refuses a value for a GENERATED ALWAYS column (identity without OVERRIDING SYSTEM VALUE, or a
    generated column) before anything runs; DEFAULT is allowed."""
    for i, column in enumerate(targets):
        always = column.generated is not None or (column.identity == "always" and override != "SYSTEM_VALUE")
        if not always:
            continue
        if any(not isinstance(items[i], ast.SetToDefault) for items in inputs or [[None] * len(targets)]):
            raise PgError(SqlState.GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into column "{column.name}"')


def _fold_constants(values: Values, table: Table, targets: list[Column], inputs: list[list[Any]],
                    override: str) -> None:
    """The planner folds the VALUES lists' constant items (each already coerced to its column's type) before the
    executor computes any row: a constant out of range for its column fails before any row takes a sequence value,
    even one written after it. Constant items become their stored values, in the lists' order (one row: the
    columns' order, as the rewriter puts the target list in it)."""
    if len(inputs) == 1:
        position = {c.name: n for n, c in enumerate(table.columns)}
        order = sorted(range(len(targets)), key=lambda i: position[targets[i].name])
    else:
        order = list(range(len(targets)))
    for parse_time in (True, False):  # a literal's input is checked when parsed, the rest when planned
        for items in inputs:
            for i in order:
                item = items[i] if i < len(items) else None
                if item is None or isinstance(item, (ast.SetToDefault, _Ready)) or not is_constant(item):
                    continue
                if override == "USER_VALUE" and targets[i].identity is not None:
                    continue
                if _parsed(item, targets[i]) == parse_time:
                    items[i] = _Ready(values.stored(values.value(item), targets[i]))


def _fold_defaults(values: Values, table: Table, targets: list[Column], inputs: list[list[Any]]) -> None:
    """The rewriter puts the defaults of the columns left out (or given DEFAULT) into the statement, and the
    planner folds the constant ones too: `b varchar(1) DEFAULT 'ab'` fails (22001) before any row takes a
    sequence value from another column's default."""
    given = {c.name for i, c in enumerate(targets)
             if all(i < len(items) and not isinstance(items[i], ast.SetToDefault) for items in inputs)}
    for column in table.columns:
        if column.name in given or column.default is None or column.generated is not None:
            continue
        if column.identity_sequence or column.default_sequence:
            continue
        node = parse_expression(column.default.render())
        if is_constant(node):
            values.stored(values.value(node), column)


def _parsed(item: Any, column: Column) -> bool:
    """Whether assigning the constant to the column is done whole when the statement is parsed: a quoted literal's
    input function, unless a typmod (varchar(5), numeric(6,2)) adds a length coercion the planner computes."""
    return isinstance(item, ast.A_Const) and isinstance(item.val, ast.String) and not column.type.typmods


def _new_row(values: Values, table: Table, targets: list[Column], items: list[Any], override: str,
             columns: dict) -> dict:
    given = {c.name: item for c, item in zip(targets, items)}
    row: dict = {}
    computed: dict = {}
    for name, item in given.items():  # the row's expressions first, in the order written
        if isinstance(item, ast.SetToDefault):
            continue
        column = table.column(name)
        if override == "USER_VALUE" and column.identity is not None:
            continue
        value = item.value if isinstance(item, _Ready) else values.value(item)
        computed[name] = values.stored(value, column)
    for column in table.columns:  # then the defaults, in column order
        value = computed[column.name] if column.name in computed else values.default(table, column)
        if not (hasattr(value, "text") and value.text is None):
            row[column.name] = value
    return values.generated(table, row)


class _Conflict:
    """ON CONFLICT: the arbiter keys (inferred from the columns, or ON CONSTRAINT) and the action."""

    def __init__(self, ctx: ReplayContext, table: Table, clause: Any, alias: Any):
        self.table = table
        self.clause = clause
        self.arbiters: list[str] = []
        self.update = False
        self.alias = alias.aliasname if alias is not None else split_key(table.key)[1]
        if clause is None:
            return
        action = clause.action.name
        if action not in ("ONCONFLICT_NOTHING", "ONCONFLICT_UPDATE"):
            raise NotModelled(f"ON CONFLICT {action} is not modelled")
        self.update = action == "ONCONFLICT_UPDATE"
        keys = unique_keys(ctx.catalog, table)
        infer = clause.infer
        if infer is None:
            if self.update:
                raise PgError(SqlState.SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference specification or "
                              "constraint name")
            self.arbiters = [k.name for k in keys]
        elif infer.conname is not None:
            constraint = table.constraint(infer.conname)
            if constraint is None:
                raise PgError(SqlState.UNDEFINED_OBJECT, f'constraint "{infer.conname}" for table '
                              f'"{split_key(table.key)[1]}" does not exist')
            if constraint.kind not in ("primary key", "unique"):
                raise NotModelled(f"ON CONFLICT ON CONSTRAINT {constraint.name} ({constraint.kind}) is not modelled")
            self.arbiters = [constraint.name]
        else:
            if infer.whereClause is not None:
                raise NotModelled("ON CONFLICT inference with WHERE (a partial index) is not modelled")
            wanted = set()
            for element in infer.indexElems or ():
                if element.name is None or element.collation or element.opclass:
                    raise NotModelled("ON CONFLICT inference over expressions, collations or opclasses is not modelled")
                if table.column(element.name) is None:
                    raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{element.name}" does not exist')
                wanted.add(element.name)
            self.arbiters = [k.name for k in keys if set(k.columns) == wanted]
            if not self.arbiters:
                raise PgError(SqlState.INVALID_COLUMN_REFERENCE,
                              "there is no unique or exclusion constraint matching the ON CONFLICT specification")

    def arbitrates(self, unique: UniqueKey) -> bool:
        return unique.name in self.arbiters

    def resolve(self, values: Values, enforcer: Enforcer, uniques: Uniques, existing: Row, proposed: Row,
                written: list[Row]) -> Row | None:
        """DO NOTHING: None. DO UPDATE: the existing row changed by SET (None when WHERE is not true)."""
        if not self.update:
            return None
        if any(existing is w for w in written):
            raise PgError(SqlState.CARDINALITY_VIOLATION,
                          "ON CONFLICT DO UPDATE command cannot affect row a second time")
        columns = columns_of(self.table)
        scope = Scope([Relation((self.alias,), columns, existing), Relation(("excluded",), columns, proposed)])
        if self.clause.whereClause is not None and not values.truth(self.clause.whereClause, scope):
            return None
        changed = set_columns(values, self.table, existing, self.clause.targetList, scope)
        for change in before_row(values, self.table, "update"):
            changed = change(changed, existing)
            if changed is None:
                return None  # a BEFORE UPDATE trigger returned NULL: the row stays as it was
            changed = values.generated(self.table, changed)
        enforcer.row(self.table, changed)
        clashes = uniques.conflicts(changed, ignore=existing)
        if clashes:
            raise duplicate(clashes[0][0].name)
        uniques.remove(existing)
        uniques.add(changed)
        return changed


def set_targets(table: Table, targets: Any) -> list[tuple[Any, Column]]:
    """SET's (expression, column) pairs in the table's column order (the rewriter's), with the parser's errors."""
    seen: set[str] = set()
    out = []
    for target in targets:
        if isinstance(target.val, ast.MultiAssignRef) or target.indirection:
            raise NotModelled("SET (a, b) = ... and assignments to parts of a column are not modelled")
        column = table.column(target.name)
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN,
                          f'column "{target.name}" of relation "{split_key(table.key)[1]}" does not exist')
        if target.name in seen:
            raise PgError(SqlState.SYNTAX_ERROR, f'multiple assignments to same column "{target.name}"')
        seen.add(target.name)
        if (column.identity == "always" or column.generated is not None) and not isinstance(target.val, ast.SetToDefault):
            raise PgError(SqlState.GENERATED_ALWAYS, f'column "{column.name}" can only be updated to DEFAULT')
        out.append((target.val, column))
    position = {c.name: n for n, c in enumerate(table.columns)}
    return sorted(out, key=lambda pair: position[pair[1].name])


def plan_set(values: Values, table: Table, scope: Scope, conditions: list[Any], targets: Any) -> None:
    """UPDATE's (and ON CONFLICT DO UPDATE's) expressions as the server analyses and folds them before any row."""
    values.plan(scope, [c for c in conditions if c is not None],
                [(node, column) for node, column in _targets_or_none(table, targets)],
                before_assignments=lambda: set_targets(table, targets))


def _targets_or_none(table: Table, targets: Any) -> list[tuple[Any, Column]]:
    try:
        return set_targets(table, targets)
    except (PgError, NotModelled):
        return []  # raised in its turn by before_assignments, or left to the rows


def set_columns(values: Values, table: Table, old: Row, targets: Any, scope: Scope) -> dict:
    """UPDATE's SET (and ON CONFLICT DO UPDATE's): every expression reads the old row."""
    new = dict(old)
    for node, column in set_targets(table, targets):
        if column.generated is not None:
            continue
        default = isinstance(node, ast.SetToDefault)
        value = values.default(table, column) if default else values.stored(values.value(node, scope), column)
        if hasattr(value, "text") and value.text is None:
            new.pop(column.name, None)
        else:
            new[column.name] = value
    return values.generated(table, new)
