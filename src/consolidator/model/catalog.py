"""The in-memory catalog and its named mutators.

Mutators check what PostgreSQL checks and raise `PgError` with the server's
SQLSTATE and message; they update every reference in one place (a renamed
column reaches its indexes, constraints and the foreign keys pointing at it).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field, PrivateAttr

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.names import qualify, render_key, split_key
from consolidator.model.objects import (
    Column,
    Constraint,
    EnumType,
    Extension,
    Index,
    Schema,
    Sequence,
    Table,
)
from consolidator.model.provenance import Provenance

BUILTIN_SCHEMAS = ("public",)


def _name(key: str) -> str:
    return split_key(key)[1]


_STORES = ("schemas", "extensions", "types", "sequences", "tables", "indexes")


def _clone(value):
    """A deep copy of model objects, lists and dicts; strings, numbers, tuples and frozen spans are shared.

    pydantic's deep copy goes through copy.deepcopy's memo machinery and was a third of the replay's time.
    """
    if isinstance(value, BaseModel) and not value.model_config.get("frozen"):
        new = value.__class__.__new__(value.__class__)
        object.__setattr__(new, "__dict__", {k: _clone(v) for k, v in value.__dict__.items()})
        object.__setattr__(new, "__pydantic_fields_set__", set(value.__pydantic_fields_set__))
        object.__setattr__(new, "__pydantic_extra__", None)
        object.__setattr__(new, "__pydantic_private__", None)
        return new
    if isinstance(value, list):
        return [_clone(v) for v in value]
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Savepoint:
    stores: dict[str, dict]
    owned: frozenset
    depth: int


class Catalog(BaseModel):
    schemas: dict[str, Schema] = Field(default_factory=dict)
    extensions: dict[str, Extension] = Field(default_factory=dict)
    types: dict[str, EnumType] = Field(default_factory=dict)
    sequences: dict[str, Sequence] = Field(default_factory=dict)
    tables: dict[str, Table] = Field(default_factory=dict)
    indexes: dict[str, Index] = Field(default_factory=dict)

    # Transactions are copy-on-write: a savepoint keeps the stores' dicts (shallow copies); an object is copied
    # the first time it is fetched for writing inside it, so rolling back is putting the dicts back.
    _owned: set = PrivateAttr(default_factory=set)
    _depth: int = PrivateAttr(default=0)
    # (type key, label) added by ALTER TYPE ... ADD VALUE in the open transaction: unusable until it commits
    _uncommitted_labels: set = PrivateAttr(default_factory=set)

    # ---- transactions ----------------------------------------------------------------------

    def savepoint(self) -> Savepoint:
        sp = Savepoint({s: dict(getattr(self, s)) for s in _STORES}, frozenset(self._owned), self._depth)
        self._owned = set()
        self._depth += 1
        return sp

    def rollback_to(self, sp: Savepoint) -> None:
        for store, items in sp.stores.items():
            setattr(self, store, dict(items))
        self._owned = set(sp.owned)
        self._depth = sp.depth
        if not self._depth:
            self._uncommitted_labels = set()

    def release(self, sp: Savepoint) -> None:
        self._owned = set(sp.owned) | self._owned
        self._depth = sp.depth
        if not self._depth:  # the transaction commits
            self._uncommitted_labels = set()

    def add_uncommitted_label(self, type_key: str, label: str) -> None:
        self._uncommitted_labels.add((type_key, label))

    def label_uncommitted(self, type_key: str, label: str) -> bool:
        return (type_key, label) in self._uncommitted_labels

    def writable(self, store: str, key: str):
        """The object of `store` under `key`, safe to change: copied once per savepoint, so rollback can undo it."""
        items = getattr(self, store)
        obj = items[key]
        if self._depth and (store, key) not in self._owned:
            obj = _clone(obj)
            items[key] = obj
            self._owned.add((store, key))
        return obj

    def _put(self, store: str, key: str, obj) -> None:
        getattr(self, store)[key] = obj
        self._owned.add((store, key))

    # ---- lookups -------------------------------------------------------------------------

    def schema_exists(self, name: str) -> bool:
        return name in BUILTIN_SCHEMAS or name in self.schemas

    def relation_kind(self, key: str) -> str | None:
        if key in self.tables:
            return "table"
        if key in self.indexes:
            return "index"
        if key in self.sequences:
            return "sequence"
        if self.constraint_of_index(key) is not None:
            return "constraint index"
        return None

    def table(self, key: str) -> Table:
        table = self.tables.get(key)
        if table is None:
            if self.relation_kind(key):
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a table')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        return self.writable("tables", key)

    def column(self, table_key: str, name: str) -> Column:
        column = self.table(table_key).column(name)
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" of relation "{_name(table_key)}" does not exist')
        return column

    def constraint_name_taken(self, schema: str, name: str) -> bool:
        """Constraint names chosen by the server avoid every constraint name in the schema."""
        prefix = f"{schema}."
        return any(c.name == name for key, t in self.tables.items() if key.startswith(prefix) for c in t.constraints)

    def indexes_of(self, table_key: str) -> list[Index]:
        """The table's indexes, writable."""
        return [self.writable("indexes", k) for k, i in list(self.indexes.items()) if i.table == table_key]

    def foreign_keys_to(self, table_key: str) -> list[tuple[Table, Constraint]]:
        """(table, constraint) for every foreign key referencing `table_key`; the tables are writable."""
        out = []
        for key, t in list(self.tables.items()):
            if any(c.kind == "foreign key" and c.ref_table == table_key for c in t.constraints):
                t = self.writable("tables", key)
                out += [(t, c) for c in t.constraints if c.kind == "foreign key" and c.ref_table == table_key]
        return out

    def _tables_where(self, predicate) -> list[Table]:
        """Writable tables for which predicate(table) holds."""
        return [self.writable("tables", k) for k, t in list(self.tables.items()) if predicate(t)]

    def describe_origin(self, kind: str, name: str) -> str | None:
        """'created in f:l, last changed in g:m' for an object named as verify names it ('public.t', 'public.t.col')."""
        prov = self._provenance(kind, name)
        return prov.describe() if prov else None

    def _provenance(self, kind: str, name: str) -> Provenance | None:
        if kind == "table":
            t = self.tables.get(name)
            return t.provenance if t else None
        if kind in ("column", "constraint"):
            table_key, _, item = name.rpartition(".")
            t = self.tables.get(table_key)
            if t is None:
                return None
            obj = t.column(item) if kind == "column" else t.constraint(item)
            return obj.provenance if obj else None
        store = {"index": self.indexes, "sequence": self.sequences, "type": self.types, "extension": self.extensions}.get(kind)
        obj = store.get(name) if store is not None else None
        return obj.provenance if obj else None

    # ---- schemas and extensions ------------------------------------------------------------

    def add_schema(self, schema: Schema) -> None:
        if self.schema_exists(schema.name):
            raise PgError(SqlState.DUPLICATE_SCHEMA, f'schema "{schema.name}" already exists')
        self._put("schemas", schema.name, schema)

    def require_schema(self, name: str) -> None:
        if not self.schema_exists(name):
            raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{name}" does not exist')

    def add_extension(self, ext: Extension) -> None:
        if ext.name in self.extensions:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'extension "{ext.name}" already exists')
        self.require_schema(ext.schema_name)
        self._put("extensions", ext.name, ext)

    def drop_extension(self, name: str) -> None:
        if name not in self.extensions:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'extension "{name}" does not exist')
        del self.extensions[name]

    # ---- types ---------------------------------------------------------------------------------

    def add_type(self, enum: EnumType) -> None:
        if enum.key in self.types or enum.key in self.tables:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(enum.key)}" already exists')
        self.require_schema(split_key(enum.key)[0])
        self._put("types", enum.key, enum)

    def enum(self, key: str) -> EnumType:
        enum = self.types.get(key)
        if enum is None:
            if key in self.tables:  # a table's row type is a type too, but not an enum
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is not an enum")
            raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{_name(key)}" does not exist')
        return self.writable("types", key)

    def rename_type(self, key: str, new_key: str, span: SourceSpan) -> None:
        if key in self.tables:
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is a table's row type")
        enum = self.enum(key)
        if new_key in self.types or new_key in self.tables:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(new_key)}" already exists')
        del self.types[key]
        enum.key = new_key
        enum.provenance.touch(span)
        self._put("types", new_key, enum)
        for table in self._tables_where(lambda t: any(c.type_key == key for c in t.columns)):
            for column in table.columns:
                if column.type_key == key:
                    column.type_key = new_key
                    column.type = render_key(new_key) + column.type[len(column.type.rstrip("[]")):]

    def drop_type(self, key: str, cascade: bool) -> None:
        self.enum(key)
        users = [(t, c) for t in self.tables.values() for c in t.columns if c.type_key == key]
        if users and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop type {_name(key)} because other objects depend on it",
            )
        for table, column in users:
            self.drop_column(table.key, column.name, cascade=True)
        del self.types[key]

    # ---- relations: shared namespace ---------------------------------------------------

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
            if new_key in self.types:  # the table's row type is renamed with it
                raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{new_name}" already exists')
            self._rename_table(key, new_key, span)
        elif kind == "index":
            self._rename_index(key, new_key, span)
        elif kind == "constraint index":
            table, constraint = self.constraint_of_index(key)
            self.rename_constraint(table.key, constraint.name, new_name, span)
        else:
            self._rename_sequence(key, new_key, span)
        return new_key

    # ---- sequences -------------------------------------------------------------------------

    def add_sequence(self, seq: Sequence) -> None:
        self.require_schema(split_key(seq.key)[0])
        self.require_free_relation_name(seq.key)
        if seq.key in self.types:  # a sequence has no row type, but the server checks the name as for a table's
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(seq.key)}" already exists')
        self._put("sequences", seq.key, seq)

    def sequence(self, key: str) -> Sequence:
        seq = self.sequences.get(key)
        if seq is None:
            if self.relation_kind(key):
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a sequence')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        return self.writable("sequences", key)

    def drop_sequence(self, key: str, cascade: bool) -> None:
        self.sequence(key)
        for t in self.tables.values():
            for c in t.columns:
                if c.identity_sequence == key:  # an internal dependency: CASCADE does not help
                    raise PgError(
                        SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                        f"cannot drop sequence {_name(key)} because column {c.name} of table {_name(t.key)} requires it",
                    )
        users = [
            (t, c)
            for t in self._tables_where(lambda t: any(c.default_sequence == key for c in t.columns))
            for c in t.columns
            if c.default_sequence == key
        ]
        if users and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop sequence {_name(key)} because other objects depend on it",
            )
        for _, column in users:
            column.default = None
            column.default_sequence = None
        del self.sequences[key]

    def _rename_sequence(self, key: str, new_key: str, span: SourceSpan) -> None:
        seq = self.writable("sequences", key)
        del self.sequences[key]
        seq.key = new_key
        seq.provenance.touch(span)
        self._put("sequences", new_key, seq)
        uses = lambda t: any(key in (c.default_sequence, c.identity_sequence) for c in t.columns)  # noqa: E731
        for table in self._tables_where(uses):
            for column in table.columns:
                if column.default_sequence == key:
                    column.default_sequence = new_key
                if column.identity_sequence == key:
                    column.identity_sequence = new_key

    # ---- tables ----------------------------------------------------------------------------

    def add_table(self, table: Table) -> None:
        self.require_schema(split_key(table.key)[0])
        self.require_free_relation_name(table.key)
        if table.key in self.types:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{_name(table.key)}" already exists')
        self._put("tables", table.key, table)

    def drop_table(self, key: str, cascade: bool, together: frozenset = frozenset()) -> None:
        """Drop a table; `together`: the other tables of the same DROP TABLE, whose dependencies do not count."""
        self.table(key)
        dropped = together | {key}
        incoming = [(t, c) for t, c in self.foreign_keys_to(key) if t.key not in dropped]
        owned = [s.key for s in self.sequences.values() if s.owned_by and s.owned_by[0] == key]
        defaults = self._sequence_users(owned, lambda t, c: t.key not in dropped)
        if (incoming or defaults) and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop table {_name(key)} because other objects depend on it",
            )
        for t, c in incoming:
            t.constraints.remove(c)
        for column in defaults:
            column.default, column.default_sequence = None, None
        for index in self.indexes_of(key):
            del self.indexes[index.key]
        for seq in owned:
            del self.sequences[seq]
        del self.tables[key]

    def _sequence_users(self, sequences: list[str], counts) -> list[Column]:
        """Writable columns whose default is nextval() of one of `sequences`, for which counts(table, column)."""
        if not sequences:
            return []
        uses = lambda t: any(c.default_sequence in sequences and counts(t, c) for c in t.columns)  # noqa: E731
        return [c for t in self._tables_where(uses) for c in t.columns if c.default_sequence in sequences and counts(t, c)]

    def _rename_table(self, key: str, new_key: str, span: SourceSpan) -> None:
        table = self.writable("tables", key)
        del self.tables[key]
        table.key = new_key
        table.provenance.touch(span)
        self._put("tables", new_key, table)
        for index in self.indexes_of(key):
            index.table = new_key
        for _, c in self.foreign_keys_to(key):
            c.ref_table = new_key
        for seq in self._sequences_owned_by(key):
            seq.owned_by = (new_key, seq.owned_by[1])

    def _sequences_owned_by(self, table_key: str, column: str | None = None) -> list[Sequence]:
        """Writable sequences owned by the table (by one of its columns when `column` is given)."""
        return [
            self.writable("sequences", k)
            for k, s in list(self.sequences.items())
            if s.owned_by and s.owned_by[0] == table_key and (column is None or s.owned_by[1] == column)
        ]

    # ---- columns ---------------------------------------------------------------------------

    def add_column(self, table_key: str, column: Column) -> None:
        table = self.table(table_key)
        if table.column(column.name) is not None:
            raise PgError(
                SqlState.DUPLICATE_COLUMN, f'column "{column.name}" of relation "{_name(table_key)}" already exists'
            )
        table.columns.append(column)

    def drop_column(self, table_key: str, name: str, cascade: bool) -> None:
        table = self.table(table_key)
        column = self.column(table_key, name)
        # Foreign keys elsewhere that depend on a unique constraint or index this drop removes.
        doomed = [c for c in table.constraints if name in c.referenced_columns()]
        doomed_keys = {c.name for c in doomed if c.has_index}
        # A self-reference counts too, unless the drop removes the foreign key's own column.
        dependents = [
            (t, fk)
            for t, fk in self.foreign_keys_to(table_key)
            if fk not in doomed and (name in fk.ref_columns or self._fk_backing_constraint(fk) in doomed_keys)
        ]
        generated = [c for c in table.columns if c.generated is not None and c.generated.references(name) and c is not column]
        owned = [s.key for s in self.sequences.values() if s.owned_by == (table_key, name)]
        defaults = self._sequence_users(owned, lambda t, c: (t.key, c.name) != (table_key, name))
        if (dependents or generated or defaults) and not cascade:
            raise PgError(
                SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                f"cannot drop column {name} of table {_name(table_key)} because other objects depend on it",
            )
        for t, fk in dependents:
            t.constraints.remove(fk)
        for other in generated:
            self.drop_column(table_key, other.name, cascade=True)
        for c in defaults:
            c.default, c.default_sequence = None, None
        table.constraints = [c for c in table.constraints if c not in doomed]
        for index in [i for i in self.indexes_of(table_key) if name in i.referenced_columns()]:
            del self.indexes[index.key]
        for seq in owned:
            del self.sequences[seq]
        table.columns.remove(column)

    def _fk_backing_constraint(self, fk: Constraint) -> str | None:
        target = self.tables.get(fk.ref_table or "")
        if target is None:
            return None
        for c in target.constraints:
            if c.kind in ("primary key", "unique") and sorted(c.columns) == sorted(fk.ref_columns):
                return c.name
        return None

    def rename_column(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        table = self.table(table_key)
        column = self.column(table_key, old)
        if table.column(new) is not None:
            raise PgError(SqlState.DUPLICATE_COLUMN, f'column "{new}" of relation "{_name(table_key)}" already exists')
        column.name = new
        column.provenance.touch(span)
        rename = lambda cols: [new if c == old else c for c in cols]  # noqa: E731
        for c in table.columns:
            for expr in (c.generated,):
                if expr is not None:
                    expr.rename_column(old, new)
        for c in table.constraints:
            c.columns = rename(c.columns)
            c.include = rename(c.include)
            if c.check is not None:
                c.check.rename_column(old, new)
        for index in self.indexes_of(table_key):
            for element in index.elements:
                element.expr.rename_column(old, new)
            index.include = rename(index.include)
            if index.where is not None:
                index.where.rename_column(old, new)
        for _, c in self.foreign_keys_to(table_key):
            c.ref_columns = rename(c.ref_columns)
        for seq in self._sequences_owned_by(table_key, old):
            seq.owned_by = (table_key, new)

    # ---- constraints -----------------------------------------------------------------------

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
        table.constraints.append(constraint)

    def drop_constraint(self, table_key: str, name: str, cascade: bool) -> None:
        table = self.table(table_key)
        constraint = table.constraint(name)
        if constraint is None:
            raise PgError(
                SqlState.UNDEFINED_OBJECT, f'constraint "{name}" of relation "{_name(table_key)}" does not exist'
            )
        if constraint.kind in ("primary key", "unique"):
            dependents = [
                (t, fk) for t, fk in self.foreign_keys_to(table_key) if self._fk_backing_constraint(fk) == name
            ]
            if dependents and not cascade:
                raise PgError(
                    SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                    f"cannot drop constraint {name} on table {_name(table_key)} because other objects depend on it",
                )
            for t, fk in dependents:
                t.constraints.remove(fk)
        table.constraints.remove(constraint)

    def rename_constraint(self, table_key: str, old: str, new: str, span: SourceSpan) -> None:
        table = self.table(table_key)
        constraint = table.constraint(old)
        if constraint is None:
            raise PgError(
                SqlState.UNDEFINED_OBJECT, f'constraint "{old}" of relation "{_name(table_key)}" does not exist'
            )
        if constraint.has_index:  # the server renames the index, which renames the constraint: relation first
            self.require_free_relation_name(qualify(split_key(table_key)[0], new))
        if table.constraint(new) is not None:
            raise PgError(
                SqlState.DUPLICATE_OBJECT, f'constraint "{new}" for relation "{_name(table_key)}" already exists'
            )
        constraint.name = new
        constraint.provenance.touch(span)

    def constraint_of_index(self, index_key: str) -> tuple[Table, Constraint] | None:
        """The primary key or unique constraint whose index is `index_key` (they share the name)."""
        schema, name = split_key(index_key)
        prefix = f"{schema}."
        for key, table in self.tables.items():
            if key.startswith(prefix):
                for c in table.constraints:
                    if c.name == name and c.has_index:
                        return table, c
        return None

    # ---- indexes ----------------------------------------------------------------------------

    def add_index(self, index: Index) -> None:
        self.require_free_relation_name(index.key)
        self._put("indexes", index.key, index)

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
        del self.indexes[key]

    def _rename_index(self, key: str, new_key: str, span: SourceSpan) -> None:
        index = self.writable("indexes", key)
        del self.indexes[key]
        index.key = new_key
        index.provenance.touch(span)
        self._put("indexes", new_key, index)

    def relation_name_taken(self, schema: str, name: str) -> bool:
        """Whether a table, index, sequence or constraint's index of `schema` is called `name`."""
        key = qualify(schema, name)
        return key in self.tables or key in self.indexes or key in self.sequences or (
            self.constraint_of_index(key) is not None)

