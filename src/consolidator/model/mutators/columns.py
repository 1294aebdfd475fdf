"""Columns: add, drop (with what depends on them), rename (reaching every reference), and their attributes."""

from __future__ import annotations

import contextlib
from typing import Iterator

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, Expr, IdentityKind
from consolidator.model.types import SqlType


def _name(key: str) -> str:
    return split_key(key)[1]


class ColumnMutators:
    def add_column(self, table_key: str, column: Column) -> None:
        table = self.table(table_key)
        if table.column(column.name) is not None:
            raise PgError(
                SqlState.DUPLICATE_COLUMN, f'column "{column.name}" of relation "{_name(table_key)}" already exists'
            )
        with self._edit("tables", table_key) as table:
            table.columns.append(column)

    def drop_column(self, table_key: str, name: str, cascade: bool) -> None:
        table = self.table(table_key)
        self.column(table_key, name)
        # Foreign keys elsewhere that depend on a unique constraint or index this drop removes.
        doomed = {c.name for c in table.constraints if name in c.referenced_columns()}
        doomed_keys = {c.name for c in table.constraints if c.name in doomed and c.has_index}
        # A self-reference counts too, unless the drop removes the foreign key's own column.
        dependents = [
            (t.key, fk.name)
            for t, fk in self.foreign_keys_to(table_key)
            if not (t.key == table_key and fk.name in doomed)
            and (name in fk.ref_columns or self._fk_backing_constraint(fk) in doomed_keys)
        ]
        generated = [c.name for c in table.columns
                     if c.generated is not None and c.generated.references(name) and c.name != name]
        owned = [s.key for s in self.sequences_owned_by(table_key, name)]
        defaults = [(t.key, c.name) for s in owned for t, c in self.columns_using_sequence(s)
                    if (t.key, c.name) != (table_key, name)]
        readers = self.column_readers(table_key, name)
        policies = self.policies_using_column(table_key, name)
        if (dependents or generated or defaults or readers or policies) and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop column {name} of table {_name(table_key)} because other objects depend on it",
            )
        for other_key, fk in dependents:
            self._remove_constraint(other_key, fk)
        self._drop_readers(readers, cascade, f"column {name} of table {_name(table_key)}")
        for other in generated:
            self.drop_column(table_key, other, cascade=True)
        for other_key, column in defaults:
            self._clear_default(other_key, column)
        for index in self.indexes_using_column(table_key, name):
            self._unset("indexes", index.key)
        for seq in owned:
            self._unset("sequences", seq)
        self._drop_row_column(table_key, name)
        with self._edit("tables", table_key) as table:
            table.constraints = [c for c in table.constraints if c.name not in doomed]
            table.columns = [c for c in table.columns if c.name != name]
            table.policies = [p for p in table.policies if p.name not in policies]

    def _fk_backing_constraint(self, fk) -> str | None:
        target = self.tables.get(fk.ref_table or "")
        if target is None:
            return None
        for c in target.constraints:
            if c.kind in ("primary key", "unique") and sorted(c.columns) == sorted(fk.ref_columns):
                return c.name
        return None

    def rename_column(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        table = self.table(table_key)
        self.column(table_key, old)
        if table.column(new) is not None:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{new}" of relation "{_name(table_key)}" already exists')
        rename = lambda cols: [new if c == old else c for c in cols]  # noqa: E731
        indexes = [i.key for i in self.indexes_of(table_key)]
        incoming = sorted({t.key for t, fk in self.foreign_keys_to(table_key) if old in fk.ref_columns})
        owned = [s.key for s in self.sequences_owned_by(table_key, old)]
        readers = self.column_readers(table_key, old)
        with self._edit("tables", table_key) as table:
            column = table.column(old)
            column.name = new
            column.provenance.touch(span)
            for c in table.columns:
                if c.generated is not None:
                    c.generated.rename_column(old, new)
            for c in table.constraints:
                c.columns = rename(c.columns)
                c.include = rename(c.include)
                if c.check is not None:
                    c.check.rename_column(old, new)
            for policy in table.policies:
                for expr in policy.expressions():
                    expr.rename_column(old, new)
        for key in indexes:
            with self._edit("indexes", key) as index:
                for element in index.elements:
                    element.expr.rename_column(old, new)
                index.include = rename(index.include)
                if index.where is not None:
                    index.where.rename_column(old, new)
        for key in incoming:  # foreign keys pointing at the column, a self-reference included
            with self._edit("tables", key) as other:
                for c in other.constraints:
                    if c.kind == "foreign key" and c.ref_table == table_key:
                        c.ref_columns = rename(c.ref_columns)
        for key in owned:
            with self._edit("sequences", key) as seq:
                seq.owned_by = (table_key, new)
        self._rename_row_column(table_key, old, new)
        self._follow_column(table_key, old, new, readers)

    # ---- attributes -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _edit_column(self, table_key: str, name: str, span: SourceSpan | None) -> Iterator[Column]:
        """The writable column (its provenance touched when `span` is given); its table is reindexed after."""
        self.column(table_key, name)
        with self._edit("tables", table_key) as table:
            column = table.column(name)
            if span is not None:
                column.provenance.touch(span)
            yield column

    def set_column_default(self, table_key: str, name: str, default: Expr | None, sequence: str | None,
                           span: SourceSpan | None = None) -> None:
        """SET / DROP DEFAULT: an expression, or nextval() of `sequence` (followed through renames)."""
        with self._edit_column(table_key, name, span) as column:
            column.default, column.default_sequence = default, sequence

    def set_column_not_null(self, table_key: str, name: str, not_null: bool, span: SourceSpan | None = None) -> None:
        with self._edit_column(table_key, name, span) as column:
            column.not_null = not_null

    def set_column_type(self, table_key: str, name: str, sql_type: SqlType, collation: str | None,
                        default: Expr | None, span: SourceSpan) -> None:
        """ALTER COLUMN TYPE: the new type, its collation, and the default as the server keeps it."""
        with self._edit_column(table_key, name, span) as column:
            column.type = sql_type
            column.collation = collation
            column.default = default

    def set_identity(self, table_key: str, name: str, identity: IdentityKind, sequence: str | None = None,
                     span: SourceSpan | None = None) -> None:
        """ADD GENERATED ... AS IDENTITY (with its new sequence) or SET GENERATED (sequence None: unchanged)."""
        with self._edit_column(table_key, name, span) as column:
            column.identity = identity
            if sequence is not None:
                column.identity_sequence = sequence

    def drop_identity(self, table_key: str, name: str, span: SourceSpan) -> None:
        column = self.column(table_key, name)
        if column.identity_sequence in self.sequences:
            self._unset("sequences", column.identity_sequence)
        with self._edit_column(table_key, name, span) as column:
            column.identity, column.identity_sequence = None, None
