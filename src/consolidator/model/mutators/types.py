"""Enum types (create, rename with the columns that use them, drop, labels) and COMMENT ON any object."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, Ref
from consolidator.model.names import split_key
from consolidator.model.objects import CompositeType, EnumType, Expr, RangeType


def _name(key: str) -> str:
    return split_key(key)[1]


# Where each kind of object is stored; table parts (columns, constraints) live inside their table.
_STORES = {Kind.SCHEMA: "schemas", Kind.EXTENSION: "extensions", Kind.TYPE: "types", Kind.SEQUENCE: "sequences",
           Kind.TABLE: "tables", Kind.INDEX: "indexes", Kind.FUNCTION: "functions", Kind.VIEW: "views",
           Kind.OPAQUE: "opaques"}


class TypeMutators:
    def add_type(self, enum: EnumType) -> None:
        self.add_user_type(enum)

    def rename_type(self, key: str, new_key: str, span: SourceSpan) -> None:
        if key in self.tables:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is a table's row type")
        found = self.user_type(key)
        if self.type_name_taken(new_key):
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(new_key)}" already exists')
        if isinstance(found, CompositeType):
            self.require_free_relation_name(new_key)
        self._move("types", key, new_key, span)
        if isinstance(found, RangeType) and found.constructor is None:  # its functions keep their name
            with self._edit("types", new_key) as moved:
                moved.constructor = _name(key)
        self.retarget_type(key, new_key)

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
        if target.kind in (Kind.COLUMN, Kind.CONSTRAINT) and target.name in self.types:  # an attribute, a domain's check
            with self._edit("types", target.name) as user_type:
                part = (user_type.attribute if target.kind is Kind.COLUMN else user_type.constraint)(target.part)
                part.comment = comment
                user_type.provenance.touch(span)
            return
        if target.kind in (Kind.COLUMN, Kind.CONSTRAINT, Kind.TRIGGER, Kind.POLICY):
            with self._edit("tables", target.name) as table:
                part = {Kind.COLUMN: table.column, Kind.CONSTRAINT: table.constraint,
                        Kind.TRIGGER: table.trigger, Kind.POLICY: table.policy}[target.kind](target.part)
                part.comment = comment
                part.provenance.touch(span)
            return
        with self._edit(_STORES[target.kind], target.name) as obj:
            obj.comment = comment
            if hasattr(obj, "provenance"):
                obj.provenance.touch(span)
