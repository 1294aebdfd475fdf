"""SQL for each kind of unit of the plan: one small function per kind (sqlglot's generator style).

They render what order/plan.py decided; none of them looks anything up or decides anything.
"""

from __future__ import annotations

import re
from typing import Callable

from consolidator.model.keys import Kind, Ref
from consolidator.model.names import make_object_name, quote, render_key, split_key
from consolidator.model.objects import Column, Constraint, Index, Sequence
from consolidator.model.provenance import Provenance
from consolidator.order.plan import SERIAL_TYPES
from consolidator.order.units import (
    LATE_FOREIGN_KEYS, CommentUnit, ConstraintUnit, DropUnit, EnumUnit, ExtensionUnit, IndexUnit, OwnedByUnit, SchemaUnit, SequenceUnit,
    TableUnit, Unit,
)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Characters that end a line for PostgreSQL's lexer (\n, \r) or for a reader's editor (the other controls, NEL,
# the Unicode line and paragraph separators): inside a -- comment each becomes a visible escape, so that no text
# from the input (file names, identifiers, messages, excerpts) can end the comment and become SQL.
def _escape(ch: str) -> str:
    special = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in special:
        return special[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


_UNSAFE = re.compile("[\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def comment_text(text: str) -> str:
    """`text` made safe for a -- comment: one line, every control character escaped, backslashes doubled."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def comment(text: str) -> str:
    """A whole-line comment."""
    return f"-- {comment_text(text)}"


def trailing(text: str | None) -> str:
    """A comment after SQL on the same line (empty for None)."""
    return f"  -- {comment_text(text)}" if text else ""


def where(prov: Provenance) -> str:
    if prov.created == prov.changed:
        return str(prov.created)
    return f"{prov.created}, last changed {prov.changed}"


def extension_sql(unit: ExtensionUnit, provenance: bool) -> list[str]:
    ext = unit.extension
    return _noted(ext.provenance, provenance,
                  f"CREATE EXTENSION IF NOT EXISTS {quote(ext.name)} WITH SCHEMA {quote(ext.schema_name)};")


def schema_sql(unit: SchemaUnit, provenance: bool) -> list[str]:
    return _noted(unit.schema.provenance, provenance, f"CREATE SCHEMA {quote(unit.schema.name)};")


def enum_sql(unit: EnumUnit, provenance: bool) -> list[str]:
    labels = ",\n".join(f"    {literal(label)}" for label in unit.enum.labels)
    return _noted(unit.enum.provenance, provenance, f"CREATE TYPE {render_key(unit.enum.key)} AS ENUM (\n{labels}\n);")


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


def sequence_sql(unit: SequenceUnit, provenance: bool) -> list[str]:
    seq = unit.sequence
    parts = [f"CREATE SEQUENCE {render_key(seq.key)}"]
    if seq.data_type != "bigint":
        parts.append(f"AS {seq.data_type}")
    parts += sequence_options(seq)
    return _noted(seq.provenance, provenance, " ".join(parts) + ";")


def owned_by_sql(unit: OwnedByUnit, provenance: bool) -> list[str]:
    table, column = unit.sequence.owned_by
    return [f"ALTER SEQUENCE {render_key(unit.sequence.key)} OWNED BY {render_key(table)}.{quote(column)};"]


def default_sql(column: Column) -> str | None:
    if column.default_sequence is not None:
        return f"nextval({literal(render_key(column.default_sequence))}::regclass)"
    if column.default is not None:
        return column.default.render()
    return None


def column_sql(unit: TableUnit, column: Column, in_primary_key: bool) -> str:
    serial = column.name in unit.serial
    parts = [quote(column.name), SERIAL_TYPES[column.type.integer] if serial else column.type.sql]
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
        parts.append(f"GENERATED {column.identity.upper()} AS IDENTITY{_identity_options(unit, column)}")
    return " ".join(parts)


def _identity_options(unit: TableUnit, column: Column) -> str:
    seq = unit.sequences.get(column.identity_sequence or "")
    if seq is None:
        return ""
    options = []
    schema, table_name = split_key(unit.table.key)
    if seq.key != f"{schema}.{make_object_name(table_name, column.name, 'seq')}":
        options.append(f"SEQUENCE NAME {render_key(seq.key)}")
    options += sequence_options(seq)
    return f" ({' '.join(options)})" if options else ""


def table_sql(unit: TableUnit, provenance: bool) -> list[str]:
    table = unit.table
    pk = table.primary_key()
    pk_columns = set(pk.columns) if pk else set()
    lines: list[tuple[str, str | None]] = []
    for column in table.columns:
        lines.append((column_sql(unit, column, column.name in pk_columns), where(column.provenance) if provenance else None))
    lines += [(constraint_sql(c), None) for c in unit.inline]
    out = [comment(f"{split_key(table.key)[1]}: {where(table.provenance)}")] if provenance else []
    out.append(f"CREATE {'UNLOGGED ' if table.unlogged else ''}TABLE {render_key(table.key)} (")
    for i, (text, note) in enumerate(lines):
        comma = "," if i < len(lines) - 1 else ""
        out.append(f"    {text}{comma}" + trailing(note))
    out.append(");")
    return out


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


def add_constraint_sql(unit: ConstraintUnit, provenance: bool) -> list[str]:
    c = unit.constraint
    not_valid = " NOT VALID" if c.not_valid else ""
    sql = f"ALTER TABLE {render_key(unit.table_key)} ADD {constraint_sql(c)}{not_valid};"
    if unit.section == LATE_FOREIGN_KEYS:  # in a section of its own: under its provenance, as a standalone object
        return _noted(c.provenance, provenance, sql)
    return [sql]


def index_sql(unit: IndexUnit, provenance: bool) -> list[str]:
    index: Index = unit.index
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
    return [sql + ";" + trailing(where(index.provenance) if provenance else None)]


def object_sql(ref: Ref) -> tuple[str, str]:
    """(the COMMENT ON / DROP word for the kind, the object's name in SQL)."""
    if ref.kind is Kind.COLUMN:
        return "COLUMN", f"{render_key(ref.name)}.{quote(ref.part)}"
    if ref.kind is Kind.CONSTRAINT:
        return "CONSTRAINT", f"{quote(ref.part)} ON {render_key(ref.name)}"
    if ref.kind in (Kind.EXTENSION, Kind.SCHEMA):
        return ref.kind.value.upper(), quote(ref.name)
    return ref.kind.value.upper(), render_key(ref.name)


def comment_sql(unit: CommentUnit, provenance: bool) -> list[str]:
    what, target = object_sql(unit.target)
    return [f"COMMENT ON {what} {target} IS {literal(unit.text)};"]


def drop_sql(drop: DropUnit) -> str:
    """One line of the rollback. No CASCADE: an object a later migration built on these must make it fail."""
    if drop.target.kind is Kind.CONSTRAINT:
        return f"ALTER TABLE IF EXISTS {render_key(drop.table_key)} DROP CONSTRAINT IF EXISTS {quote(drop.target.part)};"
    what, name = object_sql(drop.target)
    return f"DROP {what} IF EXISTS {name};"


def _noted(prov: Provenance, provenance: bool, sql: str) -> list[str]:
    return ([comment(where(prov))] if provenance else []) + [sql]


RENDERERS: dict[type, Callable[[Unit, bool], list[str]]] = {
    ExtensionUnit: extension_sql, SchemaUnit: schema_sql, SequenceUnit: sequence_sql, EnumUnit: enum_sql,
    TableUnit: table_sql, OwnedByUnit: owned_by_sql, ConstraintUnit: add_constraint_sql, IndexUnit: index_sql,
    CommentUnit: comment_sql,
}


def unit_sql(unit: Unit, provenance: bool) -> list[str]:
    return RENDERERS[type(unit)](unit, provenance)
