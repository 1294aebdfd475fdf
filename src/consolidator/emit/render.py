"""SQL for each kind of catalog object: one small function per kind (sqlglot's generator style)."""

from __future__ import annotations

from consolidator.model.catalog import Catalog
from consolidator.model.names import make_object_name, quote, render_key, split_key
from consolidator.model.objects import Column, Constraint, EnumType, Extension, Index, Sequence, Table


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def extension_sql(ext: Extension) -> str:
    return f"CREATE EXTENSION IF NOT EXISTS {quote(ext.name)} WITH SCHEMA {quote(ext.schema_name)};"


def schema_sql(name: str) -> str:
    return f"CREATE SCHEMA {quote(name)};"


def enum_sql(enum: EnumType) -> str:
    labels = ",\n".join(f"    {literal(label)}" for label in enum.labels)
    return f"CREATE TYPE {render_key(enum.key)} AS ENUM (\n{labels}\n);"


_SEQ_LIMITS = {"smallint": 32767, "integer": 2147483647, "bigint": 9223372036854775807}


def sequence_options(seq: Sequence) -> list[str]:
    """The options that differ from the defaults for the sequence's type and direction."""
    out = []
    if seq.increment != 1:
        out.append(f"INCREMENT BY {seq.increment}")
    if seq.min_value is not None:
        out.append(f"MINVALUE {seq.min_value}")
    if seq.max_value is not None:
        out.append(f"MAXVALUE {seq.max_value}")
    if seq.start is not None:
        out.append(f"START WITH {seq.start}")
    if seq.cache != 1:
        out.append(f"CACHE {seq.cache}")
    if seq.cycle:
        out.append("CYCLE")
    return out


def sequence_sql(seq: Sequence) -> str:
    parts = [f"CREATE SEQUENCE {render_key(seq.key)}"]
    if seq.data_type != "bigint":
        parts.append(f"AS {seq.data_type}")
    parts += sequence_options(seq)
    return " ".join(parts) + ";"


def owned_by_sql(seq: Sequence) -> str:
    table, column = seq.owned_by
    return f"ALTER SEQUENCE {render_key(seq.key)} OWNED BY {render_key(table)}.{quote(column)};"


_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}


def serial_sequence(catalog: Catalog, table: Table, column: Column) -> Sequence | None:
    """The sequence of a column that `serial` reproduces exactly: owned, default options, the name serial picks."""
    if column.default_sequence is None or not column.not_null:
        return None
    seq = catalog.sequences.get(column.default_sequence)
    if seq is None or seq.owned_by != (table.key, column.name) or seq.data_type != column.type:
        return None
    if column.type not in _SERIALS or sequence_options(seq):
        return None
    schema, table_name = split_key(table.key)
    if seq.key != f"{schema}.{make_object_name(table_name, column.name, 'seq')}":
        return None
    if any(c.default_sequence == seq.key and c is not column for t in catalog.tables.values() for c in t.columns):
        return None  # another column's default uses it: it is created on its own, before any table
    return seq


def default_sql(column: Column) -> str | None:
    if column.default_sequence is not None:
        return f"nextval({literal(render_key(column.default_sequence))}::regclass)"
    if column.default is not None:
        return column.default.render()
    return None


def column_sql(catalog: Catalog, table: Table, column: Column, in_primary_key: bool) -> str:
    serial = serial_sequence(catalog, table, column)
    parts = [quote(column.name), _SERIALS[column.type] if serial else column.type]
    if column.collation:
        parts.append(f"COLLATE {'.'.join(quote(p) for p in column.collation.split('.'))}")
    if column.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({column.generated.render()}) STORED")
    default = None if serial else default_sql(column)
    if default is not None:
        parts.append(f"DEFAULT {default}")
    if column.not_null and not serial and not in_primary_key and column.identity is None:
        parts.append("NOT NULL")
    if column.identity is not None:
        parts.append(f"GENERATED {column.identity.upper()} AS IDENTITY{_identity_options(catalog, table, column)}")
    return " ".join(parts)


def _identity_options(catalog: Catalog, table: Table, column: Column) -> str:
    seq = catalog.sequences.get(column.identity_sequence or "")
    if seq is None:
        return ""
    options = []
    schema, table_name = split_key(table.key)
    if seq.key != f"{schema}.{make_object_name(table_name, column.name, 'seq')}":
        options.append(f"SEQUENCE NAME {render_key(seq.key)}")
    options += sequence_options(seq)
    return f" ({' '.join(options)})" if options else ""


def _cols(names: list[str]) -> str:
    return ", ".join(quote(n) for n in names)


def constraint_body(c: Constraint) -> str:
    if c.kind == "check":
        body = f"CHECK ({c.check.render()})"
        if c.no_inherit:
            body += " NO INHERIT"
    elif c.kind in ("primary key", "unique"):
        body = "PRIMARY KEY" if c.kind == "primary key" else "UNIQUE"
        if c.nulls_not_distinct:
            body += " NULLS NOT DISTINCT"
        body += f" ({_cols(c.columns)})"
        if c.include:
            body += f" INCLUDE ({_cols(c.include)})"
    elif c.kind == "foreign key":
        body = f"FOREIGN KEY ({_cols(c.columns)}) REFERENCES {render_key(c.ref_table)} ({_cols(c.ref_columns)})"
        if c.match_full:
            body += " MATCH FULL"
        if c.on_update:
            body += f" ON UPDATE {c.on_update}"
        if c.on_delete:
            body += f" ON DELETE {c.on_delete}"
    else:
        raise ValueError(f"constraint kind {c.kind} has no renderer")
    if c.deferrable:
        body += " DEFERRABLE"
        if c.initially_deferred:
            body += " INITIALLY DEFERRED"
    return body


def constraint_sql(c: Constraint) -> str:
    return f"CONSTRAINT {quote(c.name)} {constraint_body(c)}"


def add_constraint_sql(table: Table, c: Constraint) -> str:
    not_valid = " NOT VALID" if c.not_valid else ""
    return f"ALTER TABLE {render_key(table.key)} ADD {constraint_sql(c)}{not_valid};"


def index_sql(index: Index) -> str:
    elements = []
    for e in index.elements:
        text = quote(e.expr.columns[0]) if e.expr.is_single_column() else f"({e.expr.render()})"
        if e.collation:
            text += f" COLLATE {'.'.join(quote(p) for p in e.collation.split('.'))}"
        if e.opclass:
            text += f" {e.opclass}"
        if e.descending:
            text += " DESC"
        if e.nulls:
            text += f" NULLS {e.nulls.upper()}"
        elements.append(text)
    sql = f"CREATE {'UNIQUE ' if index.unique else ''}INDEX {quote(split_key(index.key)[1])} ON {render_key(index.table)}"
    if index.method != "btree":
        sql += f" USING {index.method}"
    sql += f" ({', '.join(elements)})"
    if index.include:
        sql += f" INCLUDE ({_cols(index.include)})"
    if index.nulls_not_distinct:
        sql += " NULLS NOT DISTINCT"
    if index.where is not None:
        sql += f" WHERE {index.where.render()}"
    return sql + ";"


def comment_sql(what: str, target: str, comment: str) -> str:
    return f"COMMENT ON {what} {target} IS {literal(comment)};"
