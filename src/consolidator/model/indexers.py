"""The lookup index entries of each kind of stored object, derived from its fields (see store.py).

    constraint_names   (schema, constraint name) -> table keys   (names the server avoids when it picks one)
    constraint_index   relation key -> (table key, constraint)   (the index of a key constraint is a relation)
    indexes_of         table key -> index keys
    owned_sequences    table key -> sequence keys                (OWNED BY, serial and identity)
    dependents         Ref -> Refs of the objects that depend on it (types, sequences, tables, columns)
"""

from __future__ import annotations

from typing import Iterator

from consolidator.model.keys import Kind, Ref, column_ref, constraint_ref, table_ref
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import Index, Sequence, Table
from consolidator.model.store import Entry


def table_entries(key: str, table: Table) -> Iterator[Entry]:
    schema = split_key(key)[0]
    for column in table.columns:
        me = column_ref(key, column.name)
        if column.type_key is not None:
            yield "dependents", Ref(Kind.TYPE, column.type_key), me
        if column.default_sequence is not None:
            yield "dependents", Ref(Kind.SEQUENCE, column.default_sequence), me
        if column.generated is not None:
            for other in column.generated.distinct_columns():
                yield "dependents", column_ref(key, other), me
    for c in table.constraints:
        me = constraint_ref(key, c.name)
        yield "constraint_names", (schema, c.name), key
        if c.has_index:
            yield "constraint_index", qualify(schema, c.name), (key, c.name)
        for column in dict.fromkeys(c.referenced_columns()):
            yield "dependents", column_ref(key, column), me
        if c.kind == "foreign key" and c.ref_table is not None:
            yield "dependents", table_ref(c.ref_table), me
            for column in dict.fromkeys(c.ref_columns):
                yield "dependents", column_ref(c.ref_table, column), me


def index_entries(key: str, index: Index) -> Iterator[Entry]:
    yield "indexes_of", index.table, key
    for column in dict.fromkeys(index.referenced_columns()):
        yield "dependents", column_ref(index.table, column), Ref(Kind.INDEX, key)


def sequence_entries(key: str, seq: Sequence) -> Iterator[Entry]:
    if seq.owned_by is not None:
        table_key, column = seq.owned_by
        yield "owned_sequences", table_key, key
        yield "dependents", column_ref(table_key, column), Ref(Kind.SEQUENCE, key)


INDEXERS = {"tables": table_entries, "indexes": index_entries, "sequences": sequence_entries}
