"""Table constraints: add (a primary key makes its columns NOT NULL), drop (with the foreign keys on a key),
rename (a key's index is a relation: its name is checked in the shared namespace first), validate."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import Constraint


def _name(key: str) -> str:
    return split_key(key)[1]


class ConstraintMutators:
    def add_constraint(self, table_key: str, constraint: Constraint) -> None:
        table = self.table(table_key)
        # The server's order: the primary key check, then the index (a relation), then the constraint row.
        if constraint.kind == "primary key" and table.primary_key() is not None:
            raise PgError(
                SqlState.INVALID_TABLE_DEFINITION, f'multiple primary keys for table "{_name(table_key)}" are not allowed'
            )
        if constraint.has_index:
            self.require_free_relation_name(qualify(split_key(table_key)[0], constraint.name))
        if table.constraint(constraint.name) is not None:
            raise PgError(
                SqlState.DUPLICATE_OBJECT,
                f'constraint "{constraint.name}" for relation "{_name(table_key)}" already exists',
            )
        with self._edit("tables", table_key) as table:
            if constraint.kind == "primary key":
                for name in constraint.columns:
                    table.column(name).not_null = True
            table.constraints.append(constraint)

    def _constraint(self, table_key: str, name: str) -> Constraint:
        constraint = self.table(table_key).constraint(name)
        if constraint is None:
            raise PgError(
                SqlState.UNDEFINED_OBJECT, f'constraint "{name}" of relation "{_name(table_key)}" does not exist'
            )
        return constraint

    def drop_constraint(self, table_key: str, name: str, cascade: bool) -> None:
        constraint = self._constraint(table_key, name)
        if constraint.kind in ("primary key", "unique"):
            dependents = [
                (t.key, fk.name) for t, fk in self.foreign_keys_to(table_key) if self._fk_backing_constraint(fk) == name
            ]
            if dependents and not cascade:
                raise PgError(
                    SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                    f"cannot drop constraint {name} on table {_name(table_key)} because other objects depend on it",
                )
            for other_key, fk in dependents:
                self._remove_constraint(other_key, fk)
        self._remove_constraint(table_key, name)

    def rename_constraint(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        constraint = self._constraint(table_key, old)
        if constraint.has_index:  # the server renames the index, which renames the constraint: relation first
            self.require_free_relation_name(qualify(split_key(table_key)[0], new))
        if self.table(table_key).constraint(new) is not None:
            raise PgError(
                SqlState.DUPLICATE_OBJECT, f'constraint "{new}" for relation "{_name(table_key)}" already exists'
            )
        with self._edit("tables", table_key) as table:
            constraint = table.constraint(old)
            constraint.name = new
            constraint.provenance.touch(span)

    def validate_constraint(self, table_key: str, name: str, span: SourceSpan) -> Constraint:
        self._constraint(table_key, name)
        with self._edit("tables", table_key) as table:
            constraint = table.constraint(name)
            constraint.not_valid = False
            constraint.provenance.touch(span)
        return constraint
