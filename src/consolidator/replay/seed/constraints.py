"""Constraints on seed rows as the server enforces them, with its SQLSTATEs and messages.

Per row, in the executor's order: NOT NULL (column order), CHECK (by name), then each unique key; foreign keys
at the end of the statement (they are after-triggers), referencing rows first, then the actions of the keys that
reference a changed or deleted row (CASCADE, SET NULL, SET DEFAULT; NO ACTION and RESTRICT refuse).

Rows being changed by one statement live in a `Work` set (a list per table, copied when first written), stored
back into the catalog when the statement succeeds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Hashable

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.catalog import Catalog
from consolidator.model.names import split_key
from consolidator.model.objects import Constraint, DomainType, Index, Table
from consolidator.model.rows import KeptExpression, Row
from consolidator.parse.expressions import names
from consolidator.query.scalar import Datum, evaluate
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of, is_random_uuid, parse_expression

_NUMBERS = ("int2", "int4", "int8", "numeric")
_BY_TEXT = ("text", "varchar", "bool", "uuid", "date", "name", "char")


def _name(key: str) -> str:
    return split_key(key)[1]


class Work:
    """The rows of the tables one statement changes: each table's list copied when the statement first writes it."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.tables: dict[str, list[Row]] = {}
        self.shuffled: set[str] = set()  # tables the statement updated or deleted rows of (their scan order moves)

    def rows(self, key: str) -> list[Row]:
        if key not in self.tables:
            self.tables[key] = list(self.catalog.rows(key))
        return self.tables[key]

    def current(self, key: str) -> list[Row]:
        """The rows as they are now in the statement (read only)."""
        return self.tables[key] if key in self.tables else list(self.catalog.rows(key))

    def commit(self) -> None:
        for key, rows in self.tables.items():
            self.catalog.replace_rows(key, tuple(rows))
        for key in sorted(self.shuffled):
            self.catalog.mark_order_unknown(key)


def comparable(value: Any, column: str, table: Table | None = None) -> Hashable:
    """What equality of two values of a unique key or a foreign key compares (`table`: the column's, for the
    type of its values: an enum's labels compare as text for equality)."""
    if isinstance(value, KeptExpression):
        if is_random_uuid(value):
            return ("random", id(value))  # equal to nothing else
        raise NotModelled(f"the value of column {column} is volatile ({value.function}()): whether it is unique "
                          "is known only when the baseline runs")
    if value.type in _NUMBERS:
        return ("number", Decimal(value.text)) if value.text != "NaN" else ("number", "NaN")
    if value.type == "bpchar":
        return ("text", value.text.rstrip(" "))
    if value.type in _BY_TEXT:
        return ("text", value.text)
    sql_type = table.column(column).type if table is not None and table.column(column) is not None else None
    if sql_type is not None and sql_type.origin == "catalog" and not sql_type.is_array and sql_type.base is None \
            and value.type == sql_type.name:
        return ("label", value.text)
    raise NotModelled(f"comparing values of type {value.type} (column {column}) in a key is not modelled yet")


def value_of(row: Row, column: str, table: Table) -> Any:
    found = row.get(column)
    if found is None:
        return Datum(table.column(column).type.underlying.name, None)
    return found


def is_null(value: Any) -> bool:
    return isinstance(value, Datum) and value.text is None


class UniqueKey:
    def __init__(self, name: str, columns: list[str], nulls_not_distinct: bool):
        self.name, self.columns, self.nulls_not_distinct = name, columns, nulls_not_distinct

    def key(self, row: Row, table: Table) -> tuple | None:
        """None when a NULL makes the row distinct from every other (NULLS DISTINCT)."""
        values = [value_of(row, c, table) for c in self.columns]
        if not self.nulls_not_distinct and any(is_null(v) for v in values):
            return None
        return tuple(("null",) if is_null(v) else comparable(v, c, table) for v, c in zip(values, self.columns))


class IndexKey(UniqueKey):
    """A unique index over expressions or with WHERE: each element is evaluated over the row, and a row the
    predicate does not hold for is not in the index. An ON CONFLICT (columns) never infers it (no columns)."""

    def __init__(self, catalog: Catalog, index: Index):
        super().__init__(_name(index.key), [], index.nulls_not_distinct)
        self.catalog = catalog
        self.elements = [(e.expr.columns[0] if e.expr.is_single_column() else None, parse_expression(e.expr.render()))
                         for e in index.elements]
        self.where = parse_expression(index.where.render()) if index.where is not None else None
        self.text = (tuple(e.expr.render() for e in index.elements), index.where.render() if index.where else None)

    def key(self, row: Row, table: Table) -> tuple | None:
        scope = Scope([Relation((_name(table.key),), columns_of(table), row)])
        if self.where is not None:
            held = evaluate(self.where, scope.datum, self._call)
            if held.text != "t":
                return None
        values = [value_of(row, column, table) if column is not None else evaluate(node, scope.datum, self._call)
                  for column, node in self.elements]
        if not self.nulls_not_distinct and any(is_null(v) for v in values):
            return None
        return tuple(("null",) if is_null(v) else comparable(v, column or f"expression of index {self.name}", table)
                     for v, (column, _) in zip(values, self.elements))

    def _call(self, node: Any, args: list[Datum]) -> Datum | None:
        if self.catalog.has_function_named(names(node.funcname)[-1]):
            raise NotModelled(f"index {self.name} calls the history's function {names(node.funcname)[-1]}(), "
                              "which is not evaluated")
        return None


def unique_keys(catalog: Catalog, table: Table) -> list[UniqueKey]:
    """The primary key, unique constraints and unique indexes, in the order the server inserts into them."""
    keys = [UniqueKey(c.name, c.columns, c.nulls_not_distinct) for c in table.constraints
            if c.kind in ("primary key", "unique")]
    for c in table.constraints:
        if c.kind == "exclude":
            raise NotModelled(f"exclusion constraint {c.name} on seed rows is not evaluated")
    backing = {k.name for k in keys}
    for index in catalog.indexes_of(table.key):
        name = _name(index.key)
        if not index.unique or name in backing:
            continue
        if index.where is not None or not all(e.expr.is_single_column() for e in index.elements):
            keys.append(IndexKey(catalog, index))
        else:
            keys.append(UniqueKey(name, [e.expr.columns[0] for e in index.elements], index.nulls_not_distinct))
    return keys


def duplicate(name: str) -> PgError:
    return PgError(SqlState.UNIQUE_VIOLATION, f'duplicate key value violates unique constraint "{name}"')


class Enforcer:
    def __init__(self, values: Values):
        self.values = values
        self.catalog = values.ctx.catalog

    # ---- one row ----------------------------------------------------------------------------

    def row(self, table: Table, row: Row) -> None:
        """NOT NULL in column order, then the CHECK constraints by name."""
        primary = table.primary_key()
        key_columns = set(primary.columns) if primary is not None else set()
        for column in table.columns:
            value = value_of(row, column.name, table)
            domain = self.catalog.types.get(column.type.key or "") if column.type.origin == "catalog" else None
            if isinstance(domain, DomainType) and (domain.not_null or domain.constraints):
                self._domain(domain, column.name, value)
            if column.not_null or column.name in key_columns:
                if isinstance(value, KeptExpression) and not value.never_null:
                    raise NotModelled(f"whether the volatile value of column {column.name} is NULL is not known")
                if is_null(value):
                    raise PgError(SqlState.NOT_NULL_VIOLATION, f'null value in column "{column.name}" of relation '
                                  f'"{_name(table.key)}" violates not-null constraint')
        for check in sorted((c for c in table.constraints if c.kind == "check"), key=lambda c: c.name):
            if not self.holds(table, check, row):
                raise PgError(SqlState.CHECK_VIOLATION,
                              f'new row for relation "{_name(table.key)}" violates check constraint "{check.name}"')

    def _domain(self, domain: DomainType, column: str, value: Any) -> None:
        """A domain's NOT NULL and checks, on a NULL (the only value assign() lets into a domain for now)."""
        if not is_null(value):
            raise NotModelled(f"the constraints of domain {domain.key} (column {column}) are not evaluated yet")
        name = _name(domain.key)
        if domain.not_null:
            raise PgError(SqlState.NOT_NULL_VIOLATION, f"domain {name} does not allow null values")
        scope = Scope([Relation(("",), {"value": domain.base}, {})])
        for check in domain.constraints:
            if self.values.datum(parse_expression(check.check.render()), scope).text == "f":
                raise PgError(SqlState.CHECK_VIOLATION,
                              f'value for domain {name} violates check constraint "{check.name}"')

    def holds(self, table: Table, check: Constraint, row: Row) -> bool:
        """A CHECK holds unless it is false (NULL passes)."""
        scope = Scope([Relation((_name(table.key),), columns_of(table), row)])
        result = self.values.datum(parse_expression(check.check.render()), scope)
        return result.text != "f"

    # ---- foreign keys -----------------------------------------------------------------------

    def references(self, work: Work, table: Table, rows: list[Row], before: list[Row] | None = None) -> None:
        """Every row's foreign keys point at an existing row (MATCH SIMPLE: a NULL passes; MATCH FULL: all or none).
        `before`: an UPDATE's old rows. The server checks a key the update left as it was only when the row was
        written in the same transaction (RI_FKey_fk_upd_check_required), which the model does not track: such a
        row that violates a (NOT VALID) key is NotModelled."""
        for fk in table.constraints:
            if fk.kind != "foreign key":
                continue
            if fk.initially_deferred and rows:
                raise NotModelled(f"foreign key {fk.name} is checked at commit (INITIALLY DEFERRED): not evaluated")
            parent = self.catalog.table(fk.ref_table)
            present = None
            for i, row in enumerate(rows):
                values = [value_of(row, c, table) for c in fk.columns]
                nulls = [is_null(v) for v in values]
                if all(nulls) or (any(nulls) and not fk.match_full):
                    continue
                if not any(nulls):
                    if present is None:
                        present = self._referenced_keys(work, parent, fk.ref_columns)
                    if tuple(comparable(v, c, table) for v, c in zip(values, fk.columns)) in present:
                        continue
                if before is not None and values == [value_of(before[i], c, table) for c in fk.columns]:
                    raise NotModelled(f"a row breaks foreign key {fk.name} (NOT VALID) and the UPDATE leaves the key "
                                      "as it was: the server checks it only if the row was written in the same "
                                      "transaction")
                raise PgError(SqlState.FOREIGN_KEY_VIOLATION, f'insert or update on table "{_name(table.key)}" '
                              f'violates foreign key constraint "{fk.name}"')

    def _referenced_keys(self, work: Work, parent: Table, columns: list[str]) -> set:
        """The keys of the parent's rows; from the last statement's when the parent's rows are the stored ones."""
        if parent.key in work.tables:
            return self._keys(parent, work.tables[parent.key], columns)
        signature = (tuple(columns), tuple((c.name, c.type.sql) for c in parent.columns))
        known = self.catalog.derived_from_rows(parent.key, "referenced keys", signature)
        if known is None:
            known = self._keys(parent, list(self.catalog.rows(parent.key)), columns)
            self.catalog.remember_derived(parent.key, "referenced keys", signature, known)
        return known

    def _keys(self, table: Table, rows: list[Row], columns: list[str]) -> set:
        out = set()
        for row in rows:
            values = [value_of(row, c, table) for c in columns]
            if not any(is_null(v) for v in values):
                out.add(tuple(comparable(v, c, table) for v, c in zip(values, columns)))
        return out

    def referenced(self, work: Work, table: Table, changes: list[tuple[Row, Row | None]]) -> None:
        """The actions of the foreign keys pointing at `table` for rows deleted (new None) or changed."""
        for child, fk in self.catalog.foreign_keys_to(table.key):
            gone: dict[tuple, Row | None] = {}
            for old, new in changes:
                old_key = self._key(table, old, fk.ref_columns)
                if old_key is None:
                    continue
                if new is not None and self._key(table, new, fk.ref_columns) == old_key:
                    continue
                gone[old_key] = new
            if not gone:
                continue
            still = self._keys(table, work.current(table.key), fk.ref_columns)
            gone = {k: v for k, v in gone.items() if k not in still}
            if gone:
                self._act(work, table, child, fk, gone)

    def _key(self, table: Table, row: Row, columns: list[str]) -> tuple | None:
        values = [value_of(row, c, table) for c in columns]
        if any(is_null(v) for v in values):
            return None
        return tuple(comparable(v, c, table) for v, c in zip(values, columns))

    def _act(self, work: Work, parent: Table, child_table: Table, fk: Constraint, gone: dict) -> None:
        child = self.catalog.table(child_table.key)
        deleting = all(v is None for v in gone.values())
        action = (fk.on_delete if deleting else fk.on_update) or "NO ACTION"
        rows = work.current(child.key)
        hits = [i for i, r in enumerate(rows) if self._key(child, r, fk.columns) in gone]
        if not hits:
            return
        if action in ("NO ACTION", "RESTRICT"):
            raise PgError(SqlState.FOREIGN_KEY_VIOLATION, f'update or delete on table "{_name(parent.key)}" violates '
                          f'foreign key constraint "{fk.name}" on table "{_name(child.key)}"')
        rows = work.rows(child.key)
        work.shuffled.add(child.key)
        changes: list[tuple[Row, Row | None]] = []
        if action == "CASCADE" and deleting:
            doomed = set(hits)
            changes = [(rows[i], None) for i in hits]
            rows[:] = [r for i, r in enumerate(rows) if i not in doomed]
        elif action in ("CASCADE", "SET NULL", "SET DEFAULT"):
            for i in hits:
                old = rows[i]
                new = dict(old)
                if action == "CASCADE":
                    source = gone[self._key(child, old, fk.columns)]
                    for c, p in zip(fk.columns, fk.ref_columns):
                        new[c] = value_of(source, p, parent)
                else:
                    for c in fk.columns:
                        column = child.column(c)
                        new[c] = self.values.default(child, column) if action == "SET DEFAULT" else None
                    new = {k: v for k, v in new.items() if v is not None}
                self.row(child, new)
                rows[i] = new
                changes.append((old, new))
            if action == "SET DEFAULT":
                self.references(work, child, [new for _, new in changes])
        else:
            raise NotModelled(f"foreign key action {action} is not evaluated")
        self.referenced(work, child, changes)


class Uniques:
    """The keys of a table's rows in each unique key, to find the row a new or changed row collides with."""

    def __init__(self, catalog: Catalog, table: Table, rows: list[Row], cached: bool = False):
        """`cached`: `rows` are the table's stored rows, so the keys computed for them last time are reused."""
        self.table = table
        self.keys = unique_keys(catalog, table)
        self.signature = (tuple((k.name, tuple(k.columns), getattr(k, "text", None), k.nulls_not_distinct)
                                for k in self.keys),
                          tuple((c.name, c.type.sql) for c in table.columns))
        known = catalog.derived_from_rows(table.key, "unique keys", self.signature) if cached else None
        if known is not None and len(known) == len(self.keys):
            self.maps = [dict(m) for m in known]
            return
        self.maps: list[dict[tuple, Row]] = [{} for _ in self.keys]
        for row in rows:
            self.add(row)

    def remember(self, catalog: Catalog) -> None:
        """After the statement stored its rows: what the next statement can start from."""
        catalog.remember_derived(self.table.key, "unique keys", self.signature, self.maps)

    def conflicts(self, row: Row, ignore: Row | None = None) -> list[tuple[UniqueKey, Row]]:
        out = []
        for unique, seen in zip(self.keys, self.maps):
            key = unique.key(row, self.table)
            if key is not None and key in seen and seen[key] is not ignore:
                out.append((unique, seen[key]))
        return out

    def add(self, row: Row) -> None:
        for unique, seen in zip(self.keys, self.maps):
            key = unique.key(row, self.table)
            if key is not None:
                seen[key] = row

    def remove(self, row: Row) -> None:
        for unique, seen in zip(self.keys, self.maps):
            key = unique.key(row, self.table)
            if key is not None and seen.get(key) is row:
                del seen[key]
