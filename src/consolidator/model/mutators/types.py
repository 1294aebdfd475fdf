"""Enum types (create, rename with the columns that use them, drop, labels) and COMMENT ON any object."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.model.objects import EnumType, Expr


def _name(key: str) -> str:
    return split_key(key)[1]


# Where each kind of object is stored; table parts (columns, constraints) live inside their table.
_STORES = {Kind.SCHEMA: "schemas", Kind.EXTENSION: "extensions", Kind.TYPE: "types", Kind.SEQUENCE: "sequences",
           Kind.TABLE: "tables", Kind.INDEX: "indexes", Kind.FUNCTION: "functions", Kind.VIEW: "views"}


class TypeMutators:
    def add_type(self, enum: EnumType) -> None:
        if enum.key in self.types or enum.key in self.tables:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(enum.key)}" already exists')
        self.require_schema(split_key(enum.key)[0])
        self._set("types", enum.key, enum)

    def rename_type(self, key: str, new_key: str, span: SourceSpan) -> None:
        if key in self.tables:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is a table's row type")
        self.enum(key)
        if new_key in self.types or new_key in self.tables:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(new_key)}" already exists')
        users = sorted({t.key for t, _ in self.columns_of_type(key)})
        self._move("types", key, new_key, span)
        for table_key in users:
            with self._edit("tables", table_key) as table:
                for column in table.columns:
                    if column.type_key == key:
                        column.type = column.type.renamed(new_key)

    def drop_type(self, key: str, cascade: bool) -> None:
        self.enum(key)
        users = [(t.key, c.name) for t, c in self.columns_of_type(key)]
        if users and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop type {_name(key)} because other objects depend on it",
            )
        for table_key, column in users:
            if column in {c.name for c in self.table(table_key).columns}:  # a generated column may have gone first
                self.drop_column(table_key, column, cascade=True)
        self._unset("types", key)

    def add_enum_label(self, key: str, label: str, position: int, span: SourceSpan) -> None:
        with self._edit("types", key) as enum:
            enum.labels.insert(position, label)
            enum.provenance.touch(span)
        self.add_uncommitted_label(key, label)

    def rename_enum_label(self, key: str, old: str, new: str, span: SourceSpan,
                          expressions: list[tuple[Ref, str, Expr]] = ()) -> None:
        """RENAME VALUE; `expressions`: the defaults, checks and index expressions holding the label, rewritten."""
        with self._edit("types", key) as enum:
            enum.labels[enum.labels.index(old)] = new
            enum.provenance.touch(span)
        for owner, slot, expr in expressions:
            self.set_expression(owner, slot, expr)

    def set_expression(self, owner: Ref, slot: str, expr: Expr) -> None:
        """Replace one expression: a column's "default" or "generated", a constraint's "check", an index's
        "where" or "element N"."""
        if owner.kind is Kind.INDEX:
            with self._edit("indexes", owner.name) as index:
                if slot == "where":
                    index.where = expr
                else:
                    index.elements[int(slot.removeprefix("element "))].expr = expr
            return
        with self._edit("tables", owner.name) as table:
            if owner.kind is Kind.COLUMN:
                setattr(table.column(owner.part), slot, expr)
            else:
                table.constraint(owner.part).check = expr

    # ---- comments ------------------------------------------------------------------------------

    def set_comment(self, target: Ref, comment: str | None, span: SourceSpan) -> None:
        """COMMENT ON the object (an empty comment removes it); the caller found the object."""
        if target.kind is Kind.COLUMN and target.name in self.views:
            with self._edit("views", target.name) as view:
                view.column(target.part).comment = comment
                view.provenance.touch(span)
            return
        if target.kind in (Kind.COLUMN, Kind.CONSTRAINT, Kind.TRIGGER):
            with self._edit("tables", target.name) as table:
                part = {Kind.COLUMN: table.column, Kind.CONSTRAINT: table.constraint,
                        Kind.TRIGGER: table.trigger}[target.kind](target.part)
                part.comment = comment
                part.provenance.touch(span)
            return
        with self._edit(_STORES[target.kind], target.name) as obj:
            obj.comment = comment
            if hasattr(obj, "provenance"):
                obj.provenance.touch(span)
