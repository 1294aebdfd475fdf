"""The catalog views DO-block guards ask (information_schema, pg_catalog), as rows over the model.

The rows are the model's objects plus the system objects of a fresh PostgreSQL 15 database (from `pg15`,
generated from a real server), so that `typname = 'text'` or `table_name = 'columns'` come out as the server
says. A value the model does not know exactly is an `Unknown`, and a predicate that meets one cannot be
decided (`Uncertain`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from consolidator.model.catalog import Catalog
from consolidator.model.names import qualify, split_key, truncate
from consolidator.pg15 import extensions as pg15_extensions
from consolidator.model.types import SqlType
from consolidator.pg15 import system
from consolidator.pg15 import types as pg15_types
from consolidator.query.values import ANY, Row, Unknown

__all__ = ["ANY", "SYSTEM_RELATIONS", "VIEWS", "View"]


@dataclass(frozen=True)
class View:
    name: str  # as written in messages, e.g. information_schema.columns
    columns: dict[str, str]  # modelled columns → their type family: name, text, char, regclass
    all_columns: frozenset[str]
    rows: Callable[..., Iterable[Row]]  # rows(catalog), or rows(catalog, column=value) for a column of `narrow`
    # rows(catalog, c=v) leaves out only the model's rows whose column c is not v (they cannot match a WHERE
    # c = v ... AND ...): a DO-block guard reads one table's or one constraint's rows, not the whole catalog's.
    narrow: frozenset[str] = frozenset()


# ---- the catalog views -------------------------------------------------------------------------


def _relation_rows(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(schema, name, relkind) of every relation the model holds."""
    for key in catalog.tables:
        yield (*split_key(key), "r")
    for key in catalog.sequences:
        yield (*split_key(key), "S")
    for key in catalog.indexes:
        yield (*split_key(key), "i")
    for table in catalog.tables.values():
        for c in table.constraints:
            if c.has_index:
                yield split_key(table.key)[0], c.name, "i"


@functools.cache
def _system_relations(kinds: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((schema, name, kind) for (schema, kind), relnames in _SYSTEM_RELATION_KINDS.items() if kind in kinds
                 for name in relnames)


def _system_rows(make: Callable[[], Iterable[Row]]) -> Callable[[], tuple[Row, ...]]:
    """The rows of PostgreSQL's own objects in a view: the same in every database, so made once (the queries
    only read them)."""
    return functools.cache(lambda: tuple(make()))


def _opaque_extensions(catalog: Catalog) -> list[str]:
    """Extensions whose objects the model does not know."""
    return [name for name in catalog.extensions if _extension_types(name) is None]


def _pg_class(catalog: Catalog) -> Iterator[Row]:
    for schema, name, kind in _relation_rows(catalog):
        yield {"oid": f"oid:{schema}.{name}", "relname": name, "relkind": kind}
    yield from _system_pg_class()
    if _opaque_extensions(catalog):
        yield {"oid": ANY, "relname": ANY, "relkind": ANY}


def _pg_trigger(catalog: Catalog) -> Iterator[Row]:
    """The model's triggers; the internal ones (foreign keys, deferrable unique keys) are named after oids."""
    for table in catalog.tables.values():
        oid = f"oid:{table.key}"
        for trigger in table.triggers:
            yield {"tgname": trigger.name, "tgrelid": oid, "tgisinternal": False}
        if any(c.kind == "foreign key" or c.deferrable for c in table.constraints):
            yield {"tgname": Unknown(pattern=r"RI_ConstraintTrigger_.*"), "tgrelid": ANY, "tgisinternal": True}
    if _opaque_extensions(catalog) or any(k.startswith("trigger:") for k in catalog.unmodelled):
        yield {"tgname": ANY, "tgrelid": ANY, "tgisinternal": ANY}


def _pg_tables(catalog: Catalog) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        yield {"schemaname": schema, "tablename": name}
    yield from _system_pg_tables()
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY}


def _pg_indexes(catalog: Catalog, indexname: str | None = None) -> Iterator[Row]:
    if indexname is None:
        for index in catalog.indexes.values():
            schema, name = split_key(index.key)
            yield {"schemaname": schema, "tablename": split_key(index.table)[1], "indexname": name}
        for table in catalog.tables.values():
            schema, name = split_key(table.key)
            for c in table.constraints:
                if c.has_index:
                    yield {"schemaname": schema, "tablename": name, "indexname": c.name}
    else:
        for schema in _schemas(catalog):
            key = qualify(schema, indexname)
            if key in catalog.indexes:
                yield {"schemaname": schema, "tablename": split_key(catalog.indexes[key].table)[1],
                       "indexname": indexname}
            found = catalog.constraint_of_index(key)
            if found is not None:
                yield {"schemaname": schema, "tablename": split_key(found[0].key)[1], "indexname": indexname}
    yield from _system_pg_indexes()
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY, "indexname": ANY}


_CONTYPE = {"primary key": "p", "unique": "u", "foreign key": "f", "check": "c", "exclude": "x"}


def _pg_constraint(catalog: Catalog, conname: str | None = None) -> Iterator[Row]:
    if conname is None:
        tables = catalog.tables.values()
    else:
        tables = [catalog.tables[k] for schema in _schemas(catalog) for k in catalog.constraint_tables(schema, conname)]
    for table in tables:
        for c in table.constraints:
            if conname is None or c.name == conname:
                yield {"conname": c.name, "contype": _CONTYPE[c.kind], "conrelid": f"oid:{table.key}"}
    yield from _system_pg_constraint()
    if _opaque_extensions(catalog):
        yield {"conname": ANY, "contype": ANY, "conrelid": ANY}


def _array_name(name: str) -> str:
    return truncate("_" + name)  # makeArrayTypeName, when the name is free


def _pg_type(catalog: Catalog) -> Iterator[Row]:
    user = [split_key(k)[1] for k in catalog.types] + [split_key(k)[1] for k in catalog.tables]
    for name in user:
        yield {"typname": name}
        array = _array_name(name)
        if array in user or array in _SYSTEM_TYPES:
            yield {"typname": Unknown(pattern=r"_.*")}  # the server picks another name for the array type
        else:
            yield {"typname": array}
    yield from _system_pg_type()
    for extension in catalog.extensions:
        types = _extension_types(extension)
        if types is None:
            yield {"typname": ANY}
        for name in types or ():
            yield {"typname": name}


def _pg_extension(catalog: Catalog) -> Iterator[Row]:
    yield {"extname": "plpgsql"}
    for name in catalog.extensions:
        yield {"extname": name}


def _schemas(catalog: Catalog) -> list[str]:
    return sorted({"public", *catalog.schemas, *_SYSTEM_SCHEMAS})


def _pg_namespace(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"nspname": name}
    yield {"nspname": Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _schemata(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"schema_name": name}
    yield {"schema_name": Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _tables(catalog: Catalog, table_name: str | None = None) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        if table_name is not None and name != table_name:
            continue
        yield {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE"}
    yield from _system_tables()
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "table_type": ANY}


def _named(catalog: Catalog, table_name: str | None) -> Iterable:
    """The model's tables, or those named `table_name` (in any schema)."""
    if table_name is None:
        return catalog.tables.values()
    return catalog.tables_named(table_name)


def _columns(catalog: Catalog, table_name: str | None = None) -> Iterator[Row]:
    for table in _named(catalog, table_name):
        schema, name = split_key(table.key)
        for column in table.columns:
            yield {"table_schema": schema, "table_name": name, "column_name": column.name,
                   "data_type": _data_type(column.type),
                   "is_nullable": "NO" if column.not_null or column.identity else "YES"}
    yield from _system_columns()
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}


_CONSTRAINT_TYPE = {"primary key": "PRIMARY KEY", "unique": "UNIQUE", "foreign key": "FOREIGN KEY", "check": "CHECK"}
_NOT_NULL_NAME = r"\d+_\d+_\d+_not_null"  # '<namespace oid>_<table oid>_<attnum>_not_null'


def _table_constraints(catalog: Catalog, table_name: str | None = None) -> Iterator[Row]:
    for table in _named(catalog, table_name):
        schema, name = split_key(table.key)
        for c in table.constraints:
            if c.kind in _CONSTRAINT_TYPE:  # exclusion constraints are not listed
                yield {"constraint_schema": schema, "constraint_name": c.name, "table_schema": schema,
                       "table_name": name, "constraint_type": _CONSTRAINT_TYPE[c.kind],
                       "is_deferrable": "YES" if c.deferrable else "NO",
                       "initially_deferred": "YES" if c.initially_deferred else "NO"}
        for column in table.columns:
            if column.not_null or column.identity:
                yield {"constraint_schema": schema, "constraint_name": Unknown(pattern=_NOT_NULL_NAME),
                       "table_schema": schema, "table_name": name, "constraint_type": "CHECK",
                       "is_deferrable": "NO", "initially_deferred": "NO"}
    system_names = _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT
    for schema in ("pg_catalog", "information_schema"):
        yield {"constraint_schema": schema,
               "constraint_name": Unknown(candidates=system_names, pattern=_NOT_NULL_NAME),
               "table_schema": schema, "table_name": Unknown(candidates=_SYSTEM_RELATION_KINDS[(schema, "r")]),
               "constraint_type": ANY, "is_deferrable": "NO", "initially_deferred": "NO"}
    if _opaque_extensions(catalog):
        yield {k: ANY for k in ("constraint_schema", "constraint_name", "table_schema", "table_name",
                                "constraint_type", "is_deferrable", "initially_deferred")}


def _data_type(sql_type: SqlType) -> Any:
    """information_schema.columns.data_type: ARRAY, USER-DEFINED, or format_type() of a pg_catalog type."""
    if sql_type.is_array:
        return "ARRAY"
    if sql_type.origin != "builtin":
        return "USER-DEFINED"
    info = pg15_types.type_info(sql_type.name)
    return info.format if info is not None else ANY


def _view(name: str, rows: Callable[..., Iterable[Row]], columns: dict[str, str], narrow: tuple[str, ...] = ()) -> View:
    """A view of the model; its other columns (known, not modelled) are the server's (pg15.system)."""
    schema, _, relname = name.rpartition(".")
    relation = system.relation(schema or "pg_catalog", relname)
    return View(name=name, columns=columns, all_columns=frozenset(relation.column_names) | set(columns), rows=rows,
                narrow=frozenset(narrow))


VIEWS: dict[tuple[str, str], View] = {
    ("information_schema", "tables"): _view(
        "information_schema.tables", _tables,
        {"table_schema": "name", "table_name": "name", "table_type": "text"}, narrow=("table_name",)),
    ("information_schema", "columns"): _view(
        "information_schema.columns", _columns,
        {"table_schema": "name", "table_name": "name", "column_name": "name", "data_type": "text",
         "is_nullable": "text"}, narrow=("table_name",)),
    ("information_schema", "table_constraints"): _view(
        "information_schema.table_constraints", _table_constraints,
        {"constraint_schema": "name", "constraint_name": "name", "table_schema": "name", "table_name": "name",
         "constraint_type": "text", "is_deferrable": "text", "initially_deferred": "text"}, narrow=("table_name",)),
    ("information_schema", "schemata"): _view(
        "information_schema.schemata", _schemata, {"schema_name": "name"}),
    ("pg_catalog", "pg_class"): _view(
        "pg_class", _pg_class, {"oid": "regclass", "relname": "name", "relkind": "char"}),
    ("pg_catalog", "pg_trigger"): _view(
        "pg_trigger", _pg_trigger, {"tgname": "name", "tgrelid": "regclass", "tgisinternal": "bool"}),
    ("pg_catalog", "pg_tables"): _view(
        "pg_tables", _pg_tables, {"schemaname": "name", "tablename": "name"}),
    ("pg_catalog", "pg_indexes"): _view(
        "pg_indexes", _pg_indexes, {"schemaname": "name", "tablename": "name", "indexname": "name"},
        narrow=("indexname",)),
    ("pg_catalog", "pg_constraint"): _view(
        "pg_constraint", _pg_constraint, {"conname": "name", "contype": "char", "conrelid": "regclass"},
        narrow=("conname",)),
    ("pg_catalog", "pg_type"): _view(
        "pg_type", _pg_type, {"typname": "name"}),
    ("pg_catalog", "pg_extension"): _view(
        "pg_extension", _pg_extension, {"extname": "name"}),
    ("pg_catalog", "pg_namespace"): _view(
        "pg_namespace", _pg_namespace, {"nspname": "name"}),
}


# ---- PostgreSQL 15's own objects, as a fresh database has them (pg15, generated from a server) -------------

_SYSTEM_SCHEMAS = system.system_schemas()
_SYSTEM_RELATION_KINDS: dict[tuple[str, str], frozenset[str]] = {
    (schema, kind): system.relation_names(schema, kind)
    for schema in ("pg_catalog", "information_schema") for kind in "rvi"
}
SYSTEM_RELATIONS: dict[str, frozenset[str]] = {
    schema: system.relation_names(schema) for schema in ("pg_catalog", "information_schema")
}
# The indexes of pg_catalog that back no constraint; every other one backs the constraint of its name.
_SYSTEM_INDEXES_WITHOUT_CONSTRAINT = frozenset(r.name for r in system.indexes() if r.constraint is None)
_SYSTEM_DOMAIN_CHECKS = tuple(sorted(c.name for c in system.constraints() if c.domain))  # information_schema's
_SYSTEM_TYPES = system.system_type_names()  # base, pseudo, domain and array types, and the catalogs' row types


_system_pg_class = _system_rows(lambda: [
    *({"oid": f"oid:{schema}.{name}", "relname": name, "relkind": kind}
      for schema, name, kind in _system_relations("rvi")),
    # TOAST tables and their indexes: named after oids the model cannot know
    {"oid": Unknown(pattern=r"oid:pg_toast\..*"), "relname": Unknown(pattern=r"pg_toast_\d+"), "relkind": "t"},
    {"oid": Unknown(pattern=r"oid:pg_toast\..*"), "relname": Unknown(pattern=r"pg_toast_\d+_index"), "relkind": "i"},
])
_system_pg_tables = _system_rows(lambda: (
    {"schemaname": schema, "tablename": name} for schema, name, _ in _system_relations("r")))
_system_pg_indexes = _system_rows(lambda: (
    {"schemaname": "pg_catalog", "tablename": Unknown(candidates=_SYSTEM_RELATION_KINDS[("pg_catalog", "r")]),
     "indexname": name} for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")]))
_system_pg_constraint = _system_rows(lambda: [
    *({"conname": name, "contype": Unknown(candidates=frozenset("pu")),
       "conrelid": Unknown(pattern=r"oid:pg_catalog\..*")}
      for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT),
    *({"conname": name, "contype": "c", "conrelid": "oid:0"} for name in _SYSTEM_DOMAIN_CHECKS),
])
_system_pg_type = _system_rows(lambda: ({"typname": name} for name in _SYSTEM_TYPES))
_system_tables = _system_rows(lambda: (
    {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE" if kind == "r" else "VIEW"}
    for schema, name, kind in _system_relations("rv")))
_system_columns = _system_rows(lambda: (
    {"table_schema": schema, "table_name": name, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}
    for schema, name, _ in _system_relations("rv")))


@functools.cache
def _extension_types(name: str) -> frozenset[str] | None:
    """pg_type names an extension creates (its arrays included); None when the model does not know what it
    creates (not an extension of PostgreSQL 15's contrib, or one that also creates relations, schemas or domains,
    which the views here would have to list)."""
    ext = pg15_extensions.extension(name)
    if ext is None or ext.relations or ext.schemas or any(t.typtype == "d" for t in ext.types):
        return None
    return frozenset(n for t in ext.types for n in (t.name, t.array) if n)
