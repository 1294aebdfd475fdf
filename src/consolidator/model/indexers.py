"""The lookup index entries of each kind of stored object, derived from its fields (see store.py).

    constraint_names   (schema, constraint name) -> table keys   (names the server avoids when it picks one)
    constraint_index   relation key -> (table key, constraint)   (the index of a key constraint is a relation)
    indexes_of         table key -> index keys
    owned_sequences    table key -> sequence keys                (OWNED BY, serial and identity)
    dependents         Ref -> Refs of the objects that depend on it (types, sequences, tables, columns, functions)
    functions_by_name  (schema, name) -> function keys               (the overloads of a name)
    function_names     name -> function keys                         (in any schema)
    partitions         partitioned table key -> the keys of its partitions
    multiranges        multirange type key -> its range type's key
    foreign_tables     relation key -> the opaque key of the foreign table of that name
    tables_named       table name -> table keys (in any schema)
    inherits           "children" -> the keys of the tables that inherit from others
"""

from __future__ import annotations

from typing import Iterator

from consolidator.model.keys import Kind, Ref, column_ref, constraint_ref, table_ref
from consolidator.model.names import qualify, split_key
from consolidator.model.objects import (
    CompositeType, DomainType, Expr, Function, Index, Opaque, RangeType, Sequence, Table, UserType, View,
)
from consolidator.model.types import SqlType
from consolidator.model.store import Entry
from consolidator.pg15 import functions as pg15_functions


def table_entries(key: str, table: Table) -> Iterator[Entry]:
    schema, name = split_key(key)
    yield "tables_named", name, key
    if table.partition_of is not None:
        yield "partitions", table.partition_of, key
    if table.inherits:
        yield "inherits", "children", key
    for column in table.columns:
        me = column_ref(key, column.name)
        if column.type_key is not None:
            yield "dependents", Ref(Kind.TYPE, column.type_key), me
        if column.default_sequence is not None:
            yield "dependents", Ref(Kind.SEQUENCE, column.default_sequence), me
        if column.generated is not None:
            for other in column.generated.distinct_columns():
                yield "dependents", column_ref(key, other), me
    for column in table.columns:
        for expr in (column.default, column.generated):
            yield from _calls(schema, expr, column_ref(key, column.name))
    for trigger in table.triggers:
        me = Ref(Kind.TRIGGER, key, trigger.name)
        yield "dependents", Ref(Kind.FUNCTION, trigger.function), me
        for column in trigger.columns:
            yield "dependents", column_ref(key, column), me
    for policy in table.policies:
        for expr in policy.expressions():
            yield from _calls(schema, expr, Ref(Kind.POLICY, key, policy.name))
    for c in table.constraints:
        me = constraint_ref(key, c.name)
        yield from _calls(schema, c.check, me)
        yield "constraint_names", (schema, c.name), key
        if c.has_index:
            yield "constraint_index", qualify(schema, c.name), (key, c.name)
        for column in dict.fromkeys(c.referenced_columns()):
            yield "dependents", column_ref(key, column), me
        if c.kind == "foreign key" and c.ref_table is not None:
            yield "dependents", table_ref(c.ref_table), me
            for column in dict.fromkeys(c.ref_columns):
                yield "dependents", column_ref(c.ref_table, column), me


def _calls(schema: str, expr, me: Ref) -> Iterator[Entry]:
    """An expression depends on the functions it calls, by name: an unqualified name is pg_catalog's when
    pg_catalog has it (it is searched first), else public's."""
    for name in expr.calls if expr is not None else ():
        if "." not in name:
            if pg15_functions.functions_named(name, "pg_catalog"):
                continue
            name = qualify("public", name)
        if not name.startswith("pg_catalog."):
            yield "dependents", Ref(Kind.FUNCTION, name), me


def index_entries(key: str, index: Index) -> Iterator[Entry]:
    yield "indexes_of", index.table, key
    for element in index.elements:
        yield from _calls("", element.expr, Ref(Kind.INDEX, key))
    yield from _calls("", index.where, Ref(Kind.INDEX, key))
    for column in dict.fromkeys(index.referenced_columns()):
        yield "dependents", column_ref(index.table, column), Ref(Kind.INDEX, key)


def sequence_entries(key: str, seq: Sequence) -> Iterator[Entry]:
    if seq.owned_by is not None:
        table_key, column = seq.owned_by
        yield "owned_sequences", table_key, key
        yield "dependents", column_ref(table_key, column), Ref(Kind.SEQUENCE, key)


def function_entries(key: str, function: Function) -> Iterator[Entry]:
    me = Ref(Kind.FUNCTION, key)
    yield "functions_by_name", (function.schema_name, function.name), key
    yield "function_names", function.name, key
    types = [p.type for p in function.parameters] + ([function.returns] if function.returns else [])
    for sql_type in types:
        if sql_type.key is not None:
            yield "dependents", Ref(Kind.TYPE, sql_type.key), me
        if sql_type.relation is not None:
            yield "dependents", table_ref(sql_type.relation), me
    for relation in function.relations:
        yield "dependents", table_ref(relation), me


def view_entries(key: str, view: View) -> Iterator[Entry]:
    me = Ref(Kind.VIEW, key)
    for relation in dict.fromkeys(view.relations):
        yield "dependents", table_ref(relation), me
    for relation, column in dict.fromkeys(view.reads):
        yield "dependents", column_ref(relation, column), me
    yield from _calls("", Expr(template="", calls=view.calls), me)


def _uses_type(sql_type: SqlType, me: Ref) -> Iterator[Entry]:
    if sql_type.key is not None:
        yield "dependents", Ref(Kind.TYPE, sql_type.key), me
    if sql_type.relation is not None:
        yield "dependents", table_ref(sql_type.relation), me


def type_entries(key: str, user_type: UserType) -> Iterator[Entry]:
    schema = split_key(key)[0]
    me = Ref(Kind.TYPE, key)
    if isinstance(user_type, DomainType):
        yield from _uses_type(user_type.base, me)
        yield from _calls(schema, user_type.default, me)
        for c in user_type.constraints:
            yield "constraint_names", (schema, c.name), key
            yield from _calls(schema, c.check, me)
    elif isinstance(user_type, CompositeType):
        for attribute in user_type.attributes:
            yield from _uses_type(attribute.type, Ref(Kind.TYPE, key, attribute.name))
    elif isinstance(user_type, RangeType):
        yield from _uses_type(user_type.subtype, me)
        yield "multiranges", user_type.multirange, key


def opaque_entries(key: str, obj: Opaque) -> Iterator[Entry]:
    me = Ref(Kind.OPAQUE, key)
    for kind, target in dict.fromkeys([*obj.depends, *([obj.owner] if obj.owner else [])]):
        yield "dependents", Ref(Kind(kind), target), me
    if obj.kind == "foreign table":  # a relation: its name is taken in the schema
        yield "foreign_tables", qualify(obj.schema_name, obj.name), key


INDEXERS = {"types": type_entries, "tables": table_entries, "indexes": index_entries, "sequences": sequence_entries,
            "functions": function_entries, "views": view_entries, "opaques": opaque_entries}
