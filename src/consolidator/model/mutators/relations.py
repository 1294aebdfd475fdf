"""Schemas, extensions, and the relations (tables, indexes, sequences) that share one namespace per schema."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SourceSpan, SqlState
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import Column, Constraint, Extension, Index, PartitionBound, Schema, Sequence, Table
from consolidator.model.sequence_params import apply_options, next_value, set_value


def _name(key: str) -> str:
    return split_key(key)[1]


# The sequence options ALTER SEQUENCE (and ALTER COLUMN ... SET identity options) may change.
SEQUENCE_OPTIONS = frozenset({"data_type", "start", "increment", "min_value", "max_value", "cache", "cycle", "restart"})


class RelationMutators:
    # ---- schemas ----------------------------------------------------------------------------

    def add_schema(self, schema: Schema) -> None:
        if self.schema_exists(schema.name):
            raise PgError(SqlState.DUPLICATE_SCHEMA, f'schema "{schema.name}" already exists')
        self._set("schemas", schema.name, schema)

    def require_schema(self, name: str) -> None:
        if not self.schema_exists(name):
            raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{name}" does not exist')

    def drop_schema(self, name: str, cascade: bool) -> None:
        """DROP SCHEMA: with CASCADE its tables (with their indexes and owned sequences), sequences, types and
        extensions go too; without it, any of them is 2BP01."""
        if name not in self.schemas:
            raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{name}" does not exist')
        inside = lambda store: [k for k in store if split_key(k)[0] == name]  # noqa: E731
        extensions = [e.name for e in self.extensions.values() if e.schema_name == name]
        if any(inside(store) for store in (self.tables, self.sequences, self.types, self.indexes)) or extensions:
            if not cascade:
                raise PgError(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop schema {name} because other objects depend on it")
            tables = inside(self.tables)
            for key in tables:
                if key in self.tables:  # a partition goes with its parent
                    self.drop_table(key, cascade=True, together=frozenset(tables))
            for key in inside(self.sequences):
                self.drop_sequence(key, cascade=True)
            for key in inside(self.types):
                if key in self.types:  # a cascade from another type may have taken it
                    self.drop_type(key, cascade=True)
            for ext in extensions:
                self.drop_extension(ext)
        self._unset("schemas", name)

    # ---- extensions --------------------------------------------------------------------------

    def add_extension(self, ext: Extension) -> None:
        if ext.name in self.extensions:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'extension "{ext.name}" already exists')
        self.require_schema(ext.schema_name)
        self._set("extensions", ext.name, ext)

    def drop_extension(self, name: str) -> None:
        """The extension alone; the caller has dropped what depended on it."""
        if name not in self.extensions:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'extension "{name}" does not exist')
        self._unset("extensions", name)

    # ---- the shared namespace ---------------------------------------------------------------

    def require_free_relation_name(self, key: str) -> None:
        if self.relation_kind(key):
            raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{_name(key)}" already exists')

    def rename_relation(self, key: str, new_name: str, span: SourceSpan) -> str:
        """Rename a table, index or sequence (they share one namespace); returns the new key."""
        schema, _ = split_key(key)
        new_key = qualify(schema, new_name)
        kind = self.relation_kind(key)
        if kind is None:
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        self.require_free_relation_name(new_key)
        if kind == "table":
            if self.type_named(new_key):  # the table's row type is renamed with it
                raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{new_name}" already exists')
            self._rename_table(key, new_key, span)
        elif kind == "index":
            self._move("indexes", key, new_key, span)
        elif kind in ("view", "materialized view"):
            readers = self.relation_readers(key)
            indexes = self.indexes_of(key)
            self._move("views", key, new_key, span)
            self._follow_relation(key, new_key, readers)
            for index in indexes:
                with self._edit("indexes", index.key) as writable:
                    writable.table = new_key
        elif kind == "foreign table":  # ALTER TABLE ... RENAME of one: kept as its statement (mutators/opaque.py)
            self.move_opaque(self._members("foreign_tables", key)[0], f"foreign table:{new_key}", new_name, schema,
                             (SqlState.DUPLICATE_TABLE, f'relation "{new_name}" already exists'), span)
        elif kind == "constraint index":
            table, constraint = self.constraint_of_index(key)
            self.rename_constraint(table.key, constraint.name, new_name, span)
        else:
            self._rename_sequence(key, new_key, span)
        return new_key

    def _move(self, store: str, key: str, new_key: str, span: SourceSpan):
        """Re-key an object (its `key` field too) and touch its provenance; returns the moved object."""
        obj = self._writable(store, key)
        self._unset(store, key)
        obj.key = new_key
        obj.provenance.touch(span)
        self._set(store, new_key, obj)
        return obj

    def touch(self, store: str, key: str, span: SourceSpan) -> None:
        """Record that a statement changed the object (its provenance's last change)."""
        with self._edit(store, key) as obj:
            obj.provenance.touch(span)

    # ---- tables ------------------------------------------------------------------------------

    def add_table(self, table: Table) -> None:
        self.require_schema(split_key(table.key)[0])
        self.require_free_relation_name(table.key)
        if self.type_named(table.key):
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(table.key)}" already exists')
        self._set("tables", table.key, table)

    def drop_table(self, key: str, cascade: bool, together: frozenset = frozenset()) -> None:
        """Drop a table; `together`: the other tables of the same DROP TABLE, whose dependencies do not count."""
        self.table(key)
        partitions = [p.key for p in self.partitions_of(key)]  # they go with their parent, CASCADE or not
        dropped = together | {key, *partitions}
        incoming = [(t.key, c.name) for t, c in self.foreign_keys_to(key) if t.key not in dropped]
        owned = [s.key for s in self.sequences_owned_by(key)]
        defaults = [(t.key, c.name) for s in owned for t, c in self.columns_using_sequence(s) if t.key not in dropped]
        readers = [v for v in self.relation_readers(key) if v.key not in dropped]
        if (incoming or defaults or readers) and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop table {_name(key)} because other objects depend on it",
            )
        for partition in partitions:
            self.drop_table(partition, cascade, together=dropped)
        for table_key, name in incoming:
            self._remove_constraint(table_key, name)
        for table_key, column in defaults:
            self._clear_default(table_key, column)
        self._drop_readers(readers, cascade, f"table {_name(key)}")
        for index in self.indexes_of(key):
            self._unset("indexes", index.key)
        for seq in owned:
            self._unset("sequences", seq)
        self._drop_rows(key)
        self._unset("tables", key)

    def attach_partition(self, key: str, parent_key: str, bound: PartitionBound, span: SourceSpan) -> None:
        with self._edit("tables", key) as table:
            table.partition_of, table.bound, table.attached = parent_key, bound, True
            table.provenance.touch(span)

    def detach_partition(self, key: str, inherited: list[Constraint], span: SourceSpan) -> None:
        """The partition becomes a table of its own, keeping the CHECK constraints it inherited (`inherited`)."""
        with self._edit("tables", key) as table:
            table.partition_of, table.bound, table.attached = None, None, False
            names = {c.name for c in table.constraints}
            table.constraints += [c.model_copy(deep=True) for c in inherited if c.name not in names]
            table.provenance.touch(span)

    def partitions_of(self, key: str) -> list[Table]:
        """The partitions of a partitioned table, by name."""
        return [self.tables[k] for k in self._members("partitions", key)]

    def _rename_table(self, key: str, new_key: str, span: SourceSpan) -> None:
        partitions = [p.key for p in self.partitions_of(key)]
        readers = self.relation_readers(key)
        indexes = self.indexes_of(key)
        incoming = [(t.key, c.name) for t, c in self.foreign_keys_to(key) if t.key != key]
        owned = [s.key for s in self.sequences_owned_by(key)]
        table = self._move("tables", key, new_key, span)
        self._move_rows(key, new_key)
        with self._edit("tables", new_key):
            for c in table.constraints:  # self-references follow the rename
                if c.kind == "foreign key" and c.ref_table == key:
                    c.ref_table = new_key
        for index in indexes:
            with self._edit("indexes", index.key) as writable:
                writable.table = new_key
        for table_key, name in incoming:
            with self._edit("tables", table_key) as other:
                other.constraint(name).ref_table = new_key
        for seq_key in owned:
            with self._edit("sequences", seq_key) as seq:
                seq.owned_by = (new_key, seq.owned_by[1])
        for partition in partitions:
            with self._edit("tables", partition) as child:
                child.partition_of = new_key
        self._follow_relation(key, new_key, readers)

    # ---- sequences -------------------------------------------------------------------------

    def add_sequence(self, seq: Sequence) -> None:
        self.require_schema(split_key(seq.key)[0])
        self.require_free_relation_name(seq.key)
        if self.type_named(seq.key):  # a sequence has no row type, but the server checks the name as for a table's
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(seq.key)}" already exists')
        self._set("sequences", seq.key, seq)

    def set_sequence_options(self, key: str, options: dict, span: SourceSpan | None = None) -> None:
        """Change options of a sequence (ALTER SEQUENCE, identity options): data_type, start, increment, ...,
        restart; checked as the server checks them (22023)."""
        unknown = set(options) - SEQUENCE_OPTIONS
        if unknown:
            raise ValueError(f"not sequence options: {sorted(unknown)}")
        fields = apply_options(self.sequence(key), options, is_init=False)
        if options:  # any option (OWNED BY is not one) gives the sequence a new relfilenode
            self._sequence_rewritten(key)
        with self._edit("sequences", key) as seq:
            for name, value in fields.items():
                setattr(seq, name, value)
            if span is not None:
                seq.provenance.touch(span)

    def set_sequence_value(self, key: str, value: int, is_called: bool, span: SourceSpan | None = None) -> None:
        """setval(): 22003 outside the sequence's bounds."""
        fields = set_value(self.sequence(key), value, is_called)
        self._position_sequence(key, {**fields, "position_unknown": None}, span)

    def advance_sequence(self, key: str, span: SourceSpan | None = None) -> int:
        """nextval(): the value it hands out; not modelled where the model lost track of the position."""
        seq = self.sequence(key)
        if seq.position_unknown is not None:
            raise NotModelled(f"the position of sequence {_name(key)} is not known since {seq.position_unknown}")
        value, fields = next_value(seq)
        self._position_sequence(key, fields, span)
        return value

    def mark_position_unknown(self, key: str, reason: str) -> None:
        """A statement the model could not follow may have moved the sequence. Kept when that statement's file
        rolls back, as a nextval() would be."""
        if self.sequence(key).position_unknown is None:
            self._position_sequence(key, {"position_unknown": reason})

    def _position_sequence(self, key: str, fields: dict, span: SourceSpan | None = None) -> None:
        self._keep_position(key, fields)
        with self._edit("sequences", key) as seq:
            for name, field_value in fields.items():
                setattr(seq, name, field_value)
            if span is not None:
                seq.provenance.touch(span)

    def set_sequence_owner(self, key: str, owner: tuple[str, str] | None) -> None:
        """ALTER SEQUENCE ... OWNED BY table.column | NONE (the caller checked the column exists)."""
        if self.identity_owner(key) is not None:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence")
        with self._edit("sequences", key) as seq:
            seq.owned_by = owner

    def drop_sequence(self, key: str, cascade: bool) -> None:
        self.sequence(key)
        owner = self.identity_owner(key)
        if owner is not None:  # an internal dependency: CASCADE does not help
            table, column = owner
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop sequence {_name(key)} because column {column.name} of table {_name(table.key)} requires it",
            )
        users = [(t.key, c.name) for t, c in self.columns_using_sequence(key)]
        if users and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop sequence {_name(key)} because other objects depend on it",
            )
        for table_key, column in users:
            self._clear_default(table_key, column)
        self._unset("sequences", key)

    def _rename_sequence(self, key: str, new_key: str, span: SourceSpan) -> None:
        users = {t.key for t, _ in self.columns_using_sequence(key)}
        owner = self.identity_owner(key)
        if owner is not None:
            users.add(owner[0].key)
        self._move("sequences", key, new_key, span)
        for table_key in sorted(users):
            with self._edit("tables", table_key) as table:
                for column in table.columns:
                    if column.default_sequence == key:
                        column.default_sequence = new_key
                    if column.identity_sequence == key:
                        column.identity_sequence = new_key

    # ---- indexes -----------------------------------------------------------------------------

    def add_index(self, index: Index) -> None:
        self.require_free_relation_name(index.key)
        self._set("indexes", index.key, index)

    def drop_index(self, key: str, cascade: bool) -> None:
        if key not in self.indexes:
            owner = self.constraint_of_index(key)
            if owner is not None:
                table, c = owner
                raise PgError(
                    SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                    f"cannot drop index {c.name} because constraint {c.name} on table {_name(table.key)} requires it",
                )
            raise PgError(SqlState.UNDEFINED_OBJECT, f'index "{_name(key)}" does not exist')
        self._unset("indexes", key)

    def take_index(self, key: str) -> Index:
        """ADD CONSTRAINT ... USING INDEX: the index leaves the store, the constraint owns it from now on."""
        index = self.indexes[key]
        self._unset("indexes", key)
        return index

    # ---- helpers shared by the mutators ------------------------------------------------------

    def _clear_default(self, table_key: str, column_name: str) -> Column:
        with self._edit("tables", table_key) as table:
            column = table.column(column_name)
            column.default, column.default_sequence = None, None
        return column

    def _remove_constraint(self, table_key: str, name: str) -> None:
        with self._edit("tables", table_key) as table:
            table.constraints = [c for c in table.constraints if c.name != name]
