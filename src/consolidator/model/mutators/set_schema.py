"""ALTER ... SET SCHEMA for relations and types (tablecmds.c AlterTableNamespace, typecmds.c AlterTypeNamespace): what
depends on the object moves with it, as on the server. A table takes its indexes (those of its keys too), its owned
sequences, its constraints and its row type; a materialized view its indexes; a domain its constraints. The names
are checked in the new schema first: 42P07 for a relation, 42710 for a type."""

from __future__ import annotations

from consolidator.errors import NotModelled, PgError, SourceSpan, SqlState
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import CompositeType, RangeType


def _name(key: str) -> str:
    return split_key(key)[1]


class SchemaMoves:
    def set_relation_schema(self, key: str, schema: str, span: SourceSpan) -> str:
        """A table, view, materialized view or sequence into `schema`; returns its new key (the same when it is in
        that schema already: the server does nothing)."""
        self.require_schema(schema)
        old_schema, name = split_key(key)
        if old_schema == schema:
            return key
        new_key = qualify(schema, name)
        if key in self.sequences:
            if self.sequences[key].owned_by is not None:
                raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "cannot move an owned sequence into another schema")
            self._require_free(schema, [name])
            self._rename_sequence(key, new_key, span)
            return new_key
        indexes = [i.key for i in self.indexes_of(key)]
        owned = [s.key for s in self.sequences_owned_by(key)]
        keys = [c.name for c in self.tables[key].constraints if c.kind in ("primary key", "unique", "exclude")] \
            if key in self.tables else []
        self._require_free(schema, [name] + [_name(k) for k in indexes] + keys + [_name(k) for k in owned])
        if self.type_named(new_key):
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{name}" already exists in schema "{schema}"')
        if key in self.tables:
            table = self.tables[key]
            if table.partition_key is not None or table.partition_of is not None:
                raise NotModelled("SET SCHEMA of a partitioned table or a partition is not modelled yet")
            self._rename_table(key, new_key, span)
        else:
            readers = self.relation_readers(key)
            self._move("views", key, new_key, span)
            self._follow_relation(key, new_key, readers)
            for index_key in indexes:
                with self._edit("indexes", index_key) as index:
                    index.table = new_key
        for index_key in indexes:
            self._move("indexes", index_key, qualify(schema, _name(index_key)), span)
        for seq_key in owned:
            self._rename_sequence(seq_key, qualify(schema, _name(seq_key)), span)
        return new_key

    def _require_free(self, schema: str, names: list[str]) -> None:
        for name in names:
            if self.relation_name_taken(schema, name):
                raise PgError(SqlState.DUPLICATE_TABLE, f'relation "{name}" already exists in schema "{schema}"')

    def set_type_schema(self, key: str, schema: str, span: SourceSpan) -> str:
        """An enum, domain or composite type into `schema`; returns its new key."""
        self.require_schema(schema)
        old_schema, name = split_key(key)
        found = self.types[key]
        if old_schema == schema:
            return key
        if isinstance(found, RangeType):
            raise NotModelled("SET SCHEMA of a range type (its multirange and constructors move too) is not modelled")
        new_key = qualify(schema, name)
        if self.type_named(new_key) or new_key in self.tables or new_key in self.views:
            raise PgError(SqlState.DUPLICATE_OBJECT, f'type "{name}" already exists in schema "{schema}"')
        if isinstance(found, CompositeType):
            self._require_free(schema, [name])
        self.rename_type(key, new_key, span)
        return new_key
