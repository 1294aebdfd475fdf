"""The in-memory catalog: the stores, the lookups, and (through its mixins) the named mutators.

Handlers read the catalog through the lookups below and change it only through the mutators
(`model/mutators/`): each checks what PostgreSQL checks, raises `PgError` with the server's SQLSTATE and
message, and updates every reference in one place (a renamed column reaches its indexes, constraints and
the foreign keys pointing at it). Objects returned by lookups are the stored ones: read them, never change them.
"""

from __future__ import annotations

from pydantic import Field, PrivateAttr

from consolidator.errors import PgError, SqlState
from consolidator.model.indexers import INDEXERS
from consolidator.model.keys import Kind, Ref, column_ref, table_ref
from consolidator.model.mutators.columns import ColumnMutators
from consolidator.model.mutators.constraints import ConstraintMutators
from consolidator.model.mutators.relations import RelationMutators
from consolidator.model.mutators.types import TypeMutators
from consolidator.model.mutators.user_types import UserTypeMutators
from consolidator.model.names import qualify, split_key
from consolidator.model.mutators.policies import PolicyMutators
from consolidator.model.mutators.privileges import PrivilegeMutators
from consolidator.model.mutators.set_schema import SchemaMoves
from consolidator.model.mutators.routines import RoutineMutators
from consolidator.model.objects import (
    Column, CompositeType, Constraint, DomainType, EnumType, Extension, Function, Index, RangeType, Schema, Sequence,
    Opaque, Table, Unmodelled, UserType, View,
)
from consolidator.model.mutators.inheritance import InheritanceMutators
from consolidator.model.mutators.opaque import OpaqueMutators
from consolidator.model.mutators.views import ViewMutators
from consolidator.model.provenance import Provenance
from consolidator.model.rows import RowMutators
from consolidator.model.store import JournaledStores, Savepoint
from consolidator.model.acl import DefaultAcl, Membership, Role
from consolidator.pg15 import types as pg15_types

BUILTIN_SCHEMAS = ("public",)


def _name(key: str) -> str:
    return split_key(key)[1]


class Catalog(RelationMutators, ColumnMutators, ConstraintMutators, TypeMutators, UserTypeMutators, RoutineMutators,
              ViewMutators, PolicyMutators, PrivilegeMutators, SchemaMoves,
              OpaqueMutators, InheritanceMutators, RowMutators, JournaledStores):
    schemas: dict[str, Schema] = Field(default_factory=dict)
    extensions: dict[str, Extension] = Field(default_factory=dict)
    types: dict[str, UserType] = Field(default_factory=dict)  # enums, domains, composite and range types
    sequences: dict[str, Sequence] = Field(default_factory=dict)
    tables: dict[str, Table] = Field(default_factory=dict)
    indexes: dict[str, Index] = Field(default_factory=dict)
    functions: dict[str, Function] = Field(default_factory=dict)  # 'schema.name(arg types)' -> function or procedure
    views: dict[str, View] = Field(default_factory=dict)  # views and materialized views
    opaques: dict[str, Opaque] = Field(default_factory=dict)  # kept as their statements: "kind:identity" -> object
    unmodelled: dict[str, Unmodelled] = Field(default_factory=dict)  # "kind:name" -> the object, known by name
    # privileges (model/acl.py): roles are the server's, the rest this database's
    roles: dict[str, Role] = Field(default_factory=dict)  # the roles the history created
    role_members: dict[str, Membership] = Field(default_factory=dict)  # "role\0member"
    default_acls: dict[str, DefaultAcl] = Field(default_factory=dict)  # "role\0schema\0objtype"
    builtin_schemas: dict[str, Schema] = Field(default_factory=dict)  # public, once its privileges change

    INDEXERS = INDEXERS
    _pending_labels: set = PrivateAttr(default_factory=set)  # (type key, label) added in the open transaction
    _rows: dict = PrivateAttr(default_factory=dict)  # table key -> its seed rows (model/rows.py)
    _unknown_rows: dict = PrivateAttr(default_factory=dict)  # table key -> why its rows are not known
    _shuffled: set = PrivateAttr(default_factory=set)  # tables whose scan order is not their insertion order
    # table key -> what the replay derived from its rows tuple (replay/seed: unique keys), valid while that very
    # tuple is the table's rows (tuples are never changed, a rollback puts back another one)
    _row_derived: dict = PrivateAttr(default_factory=dict)
    # (journal height, sequence key, fields): what nextval() and setval() did, which no rollback undoes
    _kept_positions: list = PrivateAttr(default_factory=list)
    # sequences ALTER SEQUENCE (any option but OWNED BY) or TRUNCATE RESTART IDENTITY gave a new relfilenode in the
    # open transaction: from then on their nextval() and setval() are rolled back with it
    _rewritten_sequences: set = PrivateAttr(default_factory=set)

    # ---- lookups: relations ------------------------------------------------------------------

    def schema_exists(self, name: str) -> bool:
        return name in BUILTIN_SCHEMAS or name in self.schemas

    def relation_kind(self, key: str) -> str | None:
        """Tables, indexes, sequences and the indexes of key constraints share one namespace per schema."""
        if key in self.tables:
            return "table"
        if key in self.indexes:
            return "index"
        if key in self.sequences:
            return "sequence"
        if key in self.views:
            return self.views[key].kind
        if isinstance(self.types.get(key), CompositeType):
            return "composite type"
        if self._has_members("constraint_index", key):
            return "constraint index"
        if self._has_members("foreign_tables", key):
            return "foreign table"
        return None

    def name_in_schema(self, schema: str, name: str, kind: str | None = None) -> bool:
        """Whether the schema has an object of the kind ("relation", "type", "function"; None: any) by that name."""
        key = qualify(schema, name)
        if kind in (None, "relation") and self.relation_kind(key) is not None:
            return True
        if kind in (None, "type") and (self.type_named(key) is not None or key in self.tables or key in self.views):
            return True
        return kind in (None, "function") and self._has_members("functions_by_name", (schema, name))

    def relation_name_taken(self, schema: str, name: str) -> bool:
        return self.relation_kind(qualify(schema, name)) is not None

    def table(self, key: str) -> Table:
        table = self.tables.get(key)
        if table is None:
            if self.relation_kind(key):
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a table')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        return table

    def column(self, table_key: str, name: str) -> Column:
        column = self.table(table_key).column(name)
        if column is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" of relation "{_name(table_key)}" does not exist')
        return column

    def sequence(self, key: str) -> Sequence:
        seq = self.sequences.get(key)
        if seq is None:
            if self.relation_kind(key):
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a sequence')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        return seq

    def enum(self, key: str) -> EnumType:
        found = self.types.get(key) if key in self.types or key in self.tables else self.user_type(key)
        if not isinstance(found, EnumType):
            raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is not an enum")
        return found

    def user_type(self, key: str) -> UserType:
        """A type of the catalog (enum, domain, composite, range); 42809 for a table's row type."""
        found = self.types.get(key)
        if found is None:
            if key in self.tables:  # a table's row type is a type too, but not one of these
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{_name(key)} is a table's row type")
            raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{_name(key)}" does not exist')
        return found

    def domain(self, key: str, written: str | None = None) -> DomainType:
        """The domain KEY names (ALTER / DROP / COMMENT ON DOMAIN). A type of any other kind by that name is 42809,
        said as ALTER DOMAIN says it (the type as format_type prints it) or, given `written` (the name as the
        statement wrote it), as DROP and COMMENT ON DOMAIN do."""
        found = self.types.get(key)
        if isinstance(found, DomainType):
            return found
        shown = self.type_display(key)
        if shown is None:
            raise PgError(SqlState.UNDEFINED_OBJECT, f'type "{_name(key)}" does not exist')
        shown = f'"{written}"' if written else shown
        raise PgError(SqlState.WRONG_OBJECT_TYPE, f"{shown} is not a domain")

    def type_display(self, key: str) -> str | None:
        """The type KEY names in pg_type, as format_type prints it; None when there is none. Types of the catalog,
        the row types of tables, views and foreign tables (not of sequences or indexes), pg_catalog's own types,
        and the array type of each (`_name`)."""
        schema, name = split_key(key)
        if schema == "pg_catalog":
            info = pg15_types.type_info(name)
            return info.format if info is not None and info.schema == "pg_catalog" else None
        if (self.type_named(key) is not None or key in self.tables or key in self.views
                or self._has_members("foreign_tables", key)):
            return name
        if name.startswith("_"):
            element = self.type_display(qualify(schema, name[1:]))
            return None if element is None else f"{element}[]"
        return None

    def composite(self, key: str) -> CompositeType:
        """ALTER TYPE ... ATTRIBUTE looks the composite type up as a relation (42P01 otherwise)."""
        found = self.types.get(key)
        if not isinstance(found, CompositeType):
            if self.relation_kind(key) is not None:  # a table, index, sequence, view: a relation of another kind
                raise PgError(SqlState.WRONG_OBJECT_TYPE, f'"{_name(key)}" is not a composite type')
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{_name(key)}" does not exist')
        return found

    def type_named(self, key: str) -> str | None:
        """The key of the catalog type a name means: a type of the store, or the multirange of a range type."""
        if key in self.types:
            return key
        return key if self._has_members("multiranges", key) else None

    def range_of_multirange(self, key: str) -> str | None:
        found = self._members("multiranges", key)
        return found[0] if found else None

    # ---- lookups: what refers to what ------------------------------------------------------

    def dependents(self, ref: Ref) -> list[Ref]:
        """The objects that depend on `ref`, sorted: columns of a type, defaults of a sequence, foreign keys."""
        return self._members("dependents", ref)

    def functions_reading(self, key: str) -> list[Function]:
        """The functions whose body reads the relation (the relations of a LANGUAGE sql body), by key."""
        found = (self.functions.get(r.name) for r in self.dependents(table_ref(key)) if r.kind is Kind.FUNCTION)
        return [f for f in found if f is not None and key in f.relations]

    def constraint_name_taken(self, schema: str, name: str) -> bool:
        """Constraint names chosen by the server avoid every constraint name in the schema."""
        return self._has_members("constraint_names", (schema, name))

    def constraint_tables(self, schema: str, name: str) -> list[str]:
        """The keys of the tables of the schema with a constraint of that name."""
        return self._members("constraint_names", (schema, name))

    def constraint_of_index(self, index_key: str) -> tuple[Table, Constraint] | None:
        """The primary key or unique constraint whose index is `index_key` (they share the name)."""
        found = self._members("constraint_index", index_key)
        if not found:
            return None
        table = self.tables[found[0][0]]
        return table, table.constraint(found[0][1])

    def views_using(self, ref: Ref) -> list[View]:
        """The views that read a relation (a `table` Ref) or one of its columns."""
        return [self.views[r.name] for r in self.dependents(ref) if r.kind is Kind.VIEW]

    def indexes_of(self, table_key: str) -> list[Index]:
        return [self.indexes[k] for k in self._members("indexes_of", table_key)]

    def tables_named(self, name: str) -> list[Table]:
        """The tables called `name`, in any schema (what a guard's WHERE table_name = 'name' reads)."""
        return [self.tables[k] for k in self._members("tables_named", name)]

    def sequences_owned_by(self, table_key: str, column: str | None = None) -> list[Sequence]:
        found = [self.sequences[k] for k in self._members("owned_sequences", table_key)]
        return [s for s in found if column is None or s.owned_by[1] == column]

    def foreign_keys_to(self, table_key: str) -> list[tuple[Table, Constraint]]:
        """(table, constraint) for every foreign key referencing `table_key`, self-references included."""
        out = []
        for ref in self.dependents(table_ref(table_key)):
            if ref.kind is Kind.CONSTRAINT:
                table = self.tables[ref.name]
                out.append((table, table.constraint(ref.part)))
        return out

    def columns_using_sequence(self, seq_key: str) -> list[tuple[Table, Column]]:
        """Columns whose default is nextval() of the sequence."""
        return self._columns(self.dependents(Ref(Kind.SEQUENCE, seq_key)))

    def columns_of_type(self, type_key: str) -> list[tuple[Table, Column]]:
        return self._columns(self.dependents(Ref(Kind.TYPE, type_key)))

    def _columns(self, refs: list[Ref]) -> list[tuple[Table, Column]]:
        out = []
        for ref in refs:
            if ref.kind is Kind.COLUMN:
                table = self.tables[ref.name]
                out.append((table, table.column(ref.part)))
        return out

    def identity_owner(self, seq_key: str) -> tuple[Table, Column] | None:
        """The identity column whose sequence this is."""
        seq = self.sequences.get(seq_key)
        if seq is None or seq.owned_by is None:
            return None
        table = self.tables.get(seq.owned_by[0])
        column = table.column(seq.owned_by[1]) if table is not None else None
        if column is not None and column.identity_sequence == seq_key:
            return table, column
        return None

    def functions_named(self, schema: str, name: str) -> list[Function]:
        """Every overload of schema.name, in key order."""
        return [self.functions[k] for k in self._members("functions_by_name", (schema, name))]

    def has_function_named(self, name: str) -> bool:
        """Whether the history created a function of that name (in any schema), or one the model knows only
        by name."""
        if self.knows_unmodelled("function", name) or self._has_members("function_names", name):
            return True
        # a range type comes with constructor functions named after it and after its multirange
        return any(isinstance(t, RangeType) and name in (t.constructor_name, _name(t.multirange)) for t in self.types.values())

    def indexes_using_column(self, table_key: str, column: str) -> list[Index]:
        return [self.indexes[r.name] for r in self.dependents(column_ref(table_key, column)) if r.kind is Kind.INDEX]

    # ---- objects the model knows by name only ---------------------------------------------------

    def knows_unmodelled(self, kind: str, name: str) -> bool:
        return f"{kind}:{name}" in self.unmodelled

    def note_unmodelled(self, kind: str, name: str, span) -> None:
        """A statement the model cannot represent created `name`: remember it exists (the statement is reported)."""
        self._set("unmodelled", f"{kind}:{name}", Unmodelled(kind=kind, name=name, provenance=Provenance.at(span)))

    # ---- transactions: ALTER TYPE ... ADD VALUE ---------------------------------------------

    def model_post_init(self, context) -> None:
        self._commit_hooks.append(self._pending_labels.clear)
        self._commit_hooks.append(self._kept_positions.clear)
        self._commit_hooks.append(self._rewritten_sequences.clear)

    # ---- transactions: sequence positions are not transactional -----------------------------

    def _keep_position(self, key: str, fields: dict) -> None:
        """nextval() and setval() are never rolled back: a failed insert or a rolled-back file still uses the
        value. Called before the change is journaled, so the height is the change's own."""
        if self.depth and key not in self._rewritten_sequences:
            self._kept_positions.append((len(self._undo), key, fields))

    def _sequence_rewritten(self, key: str) -> None:
        if self.depth and key not in self._rewritten_sequences:
            self._rewritten_sequences.add(key)
            self._on_undo(lambda: self._rewritten_sequences.discard(key))

    def rollback_to(self, sp: Savepoint) -> None:
        kept = [p for p in self._kept_positions if p[0] >= sp.height]
        del self._kept_positions[len(self._kept_positions) - len(kept):]
        super().rollback_to(sp)
        for _, key, fields in kept:
            if key in self.sequences:  # a sequence created in the part rolled back is gone with its position
                self._position_sequence(key, fields)

    def add_uncommitted_label(self, type_key: str, label: str) -> None:
        """A label ALTER TYPE ... ADD VALUE added cannot be used before its transaction commits (55P04)."""
        item = (type_key, label)
        self._pending_labels.add(item)
        self._on_undo(lambda: self._pending_labels.discard(item))

    def label_uncommitted(self, type_key: str, label: str) -> bool:
        return (type_key, label) in self._pending_labels

    def uncommitted_labels(self) -> list[tuple[str, str]]:
        return sorted(self._pending_labels)

    # ---- for verify: where an object came from ------------------------------------------------

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
