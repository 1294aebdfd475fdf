"""Seed rows: the rows each table holds after the history, in insertion order.

A row maps column names to values; a column it does not name is NULL. A value is what the evaluator computed
(`consolidator.query.scalar.Datum`: a type and the type's text output) or a `KeptExpression`: a volatile value
(now(), gen_random_uuid()) that only the baseline's own run can compute, kept as the expression.

A table's rows are one tuple of rows in the `_rows` store, and rows are never changed in place: a statement
stores a new tuple (rows it does not touch are shared). The journal then keeps the old tuple, so a savepoint
costs a tuple of references for each table a statement writes, and nothing for the tables it does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

Row = Mapping[str, Any]  # column -> value; never changed once stored


@dataclass(frozen=True)
class KeptExpression:
    """A value known only when the baseline runs: `sql` is the expression as the parser printed it back."""

    sql: str
    function: str  # the volatile function it calls (shown in the build's list of volatile columns)
    never_null: bool = False  # a built-in volatile function called on constants: NOT NULL holds
    # every call in it is stable (now(), CURRENT_TIMESTAMP, current_user): two columns given this value hold one
    # value when the baseline runs, since it writes a row in one statement; a copy of a random one would not
    statement_stable: bool = False


class RowMutators:
    """The seed rows of the catalog's tables (mixed into Catalog, which holds the `_rows` store)."""

    def rows(self, table_key: str) -> tuple[Row, ...]:
        return self._rows.get(table_key, ())

    def derived_from_rows(self, table_key: str, what: str, signature: object):
        """What was derived (`what`: "unique keys", ...) from the table's current rows under `signature`
        (remember_derived), or None."""
        found = self._row_derived.get((table_key, what))
        if found is not None and found[0] is self.rows(table_key) and found[1] == signature:
            return found[2]
        return None

    def remember_derived(self, table_key: str, what: str, signature: object, derived: object) -> None:
        self._row_derived[(table_key, what)] = (self.rows(table_key), signature, derived)

    def tables_with_rows(self) -> list[str]:
        return sorted(k for k, rows in self._rows.items() if rows)

    def replace_rows(self, table_key: str, rows: tuple[Row, ...]) -> None:
        """The table's rows after a statement (the caller checked what the server checks)."""
        if rows:
            self._set("_rows", table_key, tuple(rows))
        elif table_key in self._rows:
            self._unset("_rows", table_key)

    def _drop_rows(self, table_key: str) -> None:
        if table_key in self._rows:
            self._unset("_rows", table_key)
        self.forget_unknown_rows(table_key)

    # ---- rows the model lost track of ---------------------------------------------------------

    def rows_unknown(self, table_key: str) -> str | None:
        """Why the table's rows are not known (a statement that changed them was not modelled), or None."""
        return self._unknown_rows.get(table_key)

    def mark_rows_unknown(self, table_key: str, reason: str) -> None:
        """Kept through rollbacks: the model cannot tell what the statement would have left, so it never knows
        the rows again until they are emptied (TRUNCATE, DROP TABLE)."""
        self._unknown_rows.setdefault(table_key, reason)

    def forget_unknown_rows(self, table_key: str) -> None:
        """The rows are known again (none): undone with the statement that emptied them."""
        reason = self._unknown_rows.pop(table_key, None)
        if reason is not None:
            self._on_undo(lambda: self._unknown_rows.setdefault(table_key, reason))
        if table_key in self._shuffled:  # a new file for the table: rows go in in order again
            self._shuffled.discard(table_key)
            self._on_undo(lambda: self._shuffled.add(table_key))

    # ---- the order a sequential scan reads the rows in ------------------------------------------

    def order_unknown(self, table_key: str) -> bool:
        """After an UPDATE or DELETE the server's scan order is no longer the insertion order (new row versions
        go where there is room, space is reclaimed when the server prunes a page or vacuums): the model keeps
        insertion order, which is then only one of the orders the server may have."""
        return table_key in self._shuffled

    def mark_order_unknown(self, table_key: str) -> None:
        self._shuffled.add(table_key)  # kept through rollbacks, as the space the statement used stays used

    def _move_rows(self, table_key: str, new_key: str) -> None:
        if table_key in self._shuffled:
            self._shuffled.add(new_key)
        if table_key in self._unknown_rows:  # kept under both names: a rollback of the rename finds it too
            self._unknown_rows.setdefault(new_key, self._unknown_rows[table_key])
        rows = self._rows.get(table_key)
        if rows is not None:
            self._unset("_rows", table_key)
            self._set("_rows", new_key, rows)

    def _rename_row_column(self, table_key: str, old: str, new: str) -> None:
        rows = self._rows.get(table_key)
        if rows:
            self._set("_rows", table_key, tuple({(new if k == old else k): v for k, v in r.items()} for r in rows))

    def _drop_row_column(self, table_key: str, column: str) -> None:
        rows = self._rows.get(table_key)
        if rows:
            self._set("_rows", table_key, tuple({k: v for k, v in r.items() if k != column} for r in rows))
