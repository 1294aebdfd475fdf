"""Views and materialized views: create (OR REPLACE may only add columns at the end), drop with the views that
read them, rename their columns; and what renames and drops of the relations they read do to them."""

from __future__ import annotations

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.keys import Kind, column_ref, table_ref
from consolidator.model.names import split_key
from consolidator.model.objects import View, type_identity


def _name(key: str) -> str:
    return split_key(key)[1]


class ViewMutators:
    def add_view(self, view: View, replace: bool) -> bool:
        """CREATE [OR REPLACE] [MATERIALIZED] VIEW; True when it replaced one."""
        self.require_schema(split_key(view.key)[0])
        if f"relation:{view.key}" in self.unmodelled:  # the model knows the view whole again (replay/unmodelled.py)
            self._unset("unmodelled", f"relation:{view.key}")
        old = self.views.get(view.key)
        if old is None or not replace:
            self.require_free_relation_name(view.key)
            if view.key in self.types:
                raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(view.key)}" already exists')
            self._set("views", view.key, view)
            return False
        if old.materialized:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(view.key)}" is not a view')
        _check_replacement(old, view)
        columns = [c.model_copy(update={"comment": o.comment}) if i < len(old.columns) and (o := old.columns[i]) else c
                   for i, c in enumerate(view.columns)]
        view = view.model_copy(update={"columns": columns, "comment": old.comment, "owner": old.owner, "acl": old.acl,
                                       "provenance": old.provenance.model_copy(update={"changed": view.provenance.created})})
        self._set("views", view.key, view)
        return True

    def drop_view(self, key: str, cascade: bool, together: frozenset = frozenset()) -> None:
        view = self.views[key]
        readers = [v.key for v in self.relation_readers(key) if v.key not in together | {key}]
        if readers and not cascade:
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop {view.kind} {_name(key)} because other objects depend on it")
        for reader in readers:
            if reader in self.views:
                self.drop_view(reader, cascade=True, together=together | {key})
        for index in self.indexes_of(key):
            self._unset("indexes", index.key)
        self._unset("views", key)

    def relation_readers(self, key: str) -> list[View]:
        """The views that read the relation, or one of its columns."""
        refs = {r.name for r in self.dependents(table_ref(key)) if r.kind is Kind.VIEW}
        return [self.views[k] for k in sorted(refs)]

    def column_readers(self, key: str, column: str) -> list[View]:
        return [self.views[r.name] for r in self.dependents(column_ref(key, column)) if r.kind is Kind.VIEW]

    def rename_view_column(self, key: str, old: str, new: str, span: SourceSpan) -> None:
        view = self.views[key]
        if view.column(old) is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{old}" does not exist')
        if view.column(new) is not None:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{new}" of relation "{_name(key)}" already exists')
        readers = self.column_readers(key, old)
        with self._edit("views", key) as view:
            view.column(old).name = new
            view.provenance.touch(span)
        self._follow_column(key, old, new, readers)

    def set_view_populated(self, key: str, populated: bool, span: SourceSpan) -> None:
        """REFRESH MATERIALIZED VIEW [WITH NO DATA]: filled from the rows as they are now (or emptied)."""
        with self._edit("views", key) as view:
            view.with_data = populated
            view.stale_since = None
            view.provenance.touch(span)

    def rows_changed(self, table_key: str, where: str) -> None:
        """A statement writes the table's rows: the populated materialized views that read it, directly or through
        views, now hold rows from before (until REFRESH)."""
        seen, todo = set(), [table_key]
        while todo:
            for view in self.relation_readers(todo.pop()):
                if view.key in seen:
                    continue
                seen.add(view.key)
                todo.append(view.key)
                if view.materialized and view.with_data and view.stale_since is None:
                    with self._edit("views", view.key) as edited:
                        edited.stale_since = where

    # ---- what renames do to the views that read a relation ---------------------------------------

    def _follow_relation(self, old_key: str, new_key: str, readers: list[View]) -> None:
        for reader in readers:
            with self._edit("views", reader.key) as view:
                view.relations = [new_key if r == old_key else r for r in view.relations]
                view.reads = [(new_key, c) if r == old_key else (r, c) for r, c in view.reads]

    def _follow_column(self, key: str, old: str, new: str, readers: list[View]) -> None:
        for reader in readers:
            with self._edit("views", reader.key) as view:
                view.reads = [(r, new) if (r, c) == (key, old) else (r, c) for r, c in view.reads]

    def _drop_readers(self, views: list[View], cascade: bool, what: str) -> None:
        """2BP01 unless CASCADE, which drops the views (and the views that read them)."""
        if views and not cascade:
            raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, f"cannot drop {what} because other objects depend on it")
        for view in views:
            if view.key in self.views:
                self.drop_view(view.key, cascade=True)


def _check_replacement(old: View, new: View) -> None:
    """checkViewColumns: the old columns stay, in order, with their names and types; new ones come at the end."""
    if len(new.columns) < len(old.columns):
        raise PgError(SqlState.INVALID_TABLE_DEFINITION, "cannot drop columns from view")
    for before, after in zip(old.columns, new.columns):
        if before.name != after.name:
            raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                          f'cannot change name of view column "{before.name}" to "{after.name}"')
        if before.type is not None and after.type is not None and (
                type_identity(before.type), before.type.typmods) != (type_identity(after.type), after.type.typmods):
            raise PgError(SqlState.INVALID_TABLE_DEFINITION,
                          f'cannot change data type of view column "{before.name}" from '
                          f'{before.type.server_name()} to {after.type.server_name()}')
