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
from consolidator.order.plan import SERIAL_TYPES, type_units
from consolidator.order.units import (
    DEFERRED, LATE_FOREIGN_KEYS, CommentUnit, CompositeUnit, DefaultUnit, ConstraintUnit, DomainConstraintUnit,
    DomainUnit, DropUnit, EnumUnit, ExtensionUnit, FunctionUnit, IndexUnit, RangeUnit, OwnedByUnit, SchemaUnit, SequencePositionUnit, SequenceUnit, TableUnit, TriggerUnit, Unit, ViewUnit,
    OpaqueUnit, PolicyUnit, RowSecurityUnit, AttachUnit,
)
from consolidator.query import analyze
from consolidator.replay.partitions import bound_sql


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


def display_key(key: str) -> str:
    """A name as a reader sees it in a comment: 'users' in public, 'app.users' elsewhere (not SQL: comments
    escape it)."""
    schema, name = split_key(key)
    return name if schema == "public" else f"{schema}.{name}"


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


def _collate(collation: str | None) -> str:
    return f" COLLATE {'.'.join(quote(p) for p in collation.split('.'))}" if collation else ""


def domain_check_sql(check) -> str:
    return f"CHECK ({check.render(lambda column: 'VALUE')})"


def domain_sql(unit: DomainUnit, provenance: bool) -> list[str]:
    d = unit.domain
    lines = [f"CREATE DOMAIN {render_key(d.key)} AS {d.base.sql}{_collate(d.collation)}"]
    if d.default is not None:
        lines.append(f"DEFAULT {d.default.render()}")
    if d.not_null:
        lines.append("NOT NULL")
    lines += [f"CONSTRAINT {quote(c.name)} {domain_check_sql(c.check)}" for c in unit.inline]
    return _noted(d.provenance, provenance, "\n    ".join(lines) + ";")


def domain_constraint_sql(unit: DomainConstraintUnit, provenance: bool) -> list[str]:
    c = unit.constraint
    return _noted(c.provenance, provenance, f"ALTER DOMAIN {render_key(unit.domain_key)} ADD CONSTRAINT "
                                            f"{quote(c.name)} {domain_check_sql(c.check)} NOT VALID;")


def composite_sql(unit: CompositeUnit, provenance: bool) -> list[str]:
    t = unit.composite
    attributes = ",\n".join(f"    {quote(a.name)} {a.type.sql}{_collate(a.collation)}" for a in t.attributes)
    body = f" (\n{attributes}\n)" if attributes else " ()"
    return _noted(t.provenance, provenance, f"CREATE TYPE {render_key(t.key)} AS{body};")


def range_sql(unit: RangeUnit, provenance: bool) -> list[str]:
    """A range renamed after it was created keeps its constructor functions' first name: it is created under
    that name (its multirange named explicitly) and renamed, as the history did."""
    r = unit.range
    schema, name = split_key(r.key)
    options = [f"subtype = {r.subtype.sql}"] + [f"{n} = {v}" for n, v in r.options if n != "multirange_type_name"]
    if r.constructor is not None or any(n == "multirange_type_name" for n, _ in r.options):
        options.append(f"multirange_type_name = {render_key(r.multirange)}")
    created = f"{schema}.{r.constructor_name}"
    sql = f"CREATE TYPE {render_key(created)} AS RANGE ({', '.join(options)});"
    if created != r.key:
        sql += f"\nALTER TYPE {render_key(created)} RENAME TO {quote(name)};"
    return _noted(r.provenance, provenance, sql)


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


def sequence_position_sql(unit: SequencePositionUnit, provenance: bool) -> list[str]:
    seq = unit.sequence
    called = "true" if seq.is_called else "false"
    return _noted(seq.provenance, provenance,
                  f"SELECT pg_catalog.setval({literal(render_key(seq.key))}, {seq.last_value}, {called});")


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
    default = None if serial or column.name in unit.deferred_defaults else default_sql(column)
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
    if table.partition_of is not None and not table.attached:  # the parent's columns, keys, indexes, foreign keys
        out = [comment(f"{display_key(table.key)}: {where(table.provenance)}")] if provenance else []
        return out + [f"CREATE TABLE {render_key(table.key)} PARTITION OF {render_key(table.partition_of)} "
                      f"{bound_sql(table.bound, literal)};"]
    pk = table.primary_key()
    pk_columns = set(pk.columns) if pk else set()
    lines: list[tuple[str, str | None]] = []
    for column in table.columns:
        if not column.local:  # it comes from a parent (INHERITS)
            continue
        lines.append((column_sql(unit, column, column.name in pk_columns), where(column.provenance) if provenance else None))
    lines += [(constraint_sql(c), None) for c in unit.inline]
    out = [comment(f"{display_key(table.key)}: {where(table.provenance)}")] if provenance else []
    out.append(f"CREATE {'UNLOGGED ' if table.unlogged else ''}TABLE {render_key(table.key)} (")
    for i, (text, note) in enumerate(lines):
        comma = "," if i < len(lines) - 1 else ""
        out.append(f"    {text}{comma}" + trailing(note))
    if table.inherits:
        out.append(f") INHERITS ({', '.join(render_key(p) for p in table.inherits)});")
    elif table.partition_key is not None:
        out.append(f") PARTITION BY {table.partition_key.strategy.upper()} ({_cols(table.partition_key.columns)});")
    else:
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


def default_unit_sql(unit: DefaultUnit, provenance: bool) -> list[str]:
    sql = (f"ALTER TABLE {render_key(unit.table_key)} ALTER COLUMN {quote(unit.column.name)} SET DEFAULT "
           f"{default_sql(unit.column)};")
    return _noted(unit.column.provenance, provenance, sql)


def add_constraint_sql(unit: ConstraintUnit, provenance: bool) -> list[str]:
    c = unit.constraint
    not_valid = " NOT VALID" if c.not_valid else ""
    sql = f"ALTER TABLE {render_key(unit.table_key)} ADD {constraint_sql(c)}{not_valid};"
    if unit.section in (LATE_FOREIGN_KEYS, DEFERRED):  # in a section of its own: under its provenance
        return _noted(c.provenance, provenance, sql)
    return [sql]


def attach_sql(unit: AttachUnit, provenance: bool) -> list[str]:
    table = unit.table
    return [f"ALTER TABLE {render_key(table.partition_of)} ATTACH PARTITION {render_key(table.key)} "
            f"{bound_sql(table.bound, literal)};"]


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


def dollar_quote(text: str, tag: str) -> str:
    """$tag$text$tag$ with a tag that does not occur in the text."""
    n, candidate = 0, tag
    while f"${candidate}$" in text:
        n += 1
        candidate = f"{tag}{n}"
    return f"${candidate}${text}${candidate}$"


def _parameter_sql(p) -> str:
    mode = {"in": "", "out": "OUT ", "inout": "INOUT ", "variadic": "VARIADIC ", "table": ""}[p.mode]
    name = f"{quote(p.name)} " if p.name else ""
    default = f" DEFAULT {p.default}" if p.default is not None else ""
    return f"{mode}{name}{p.type.sql}{default}"


def function_sql(unit: FunctionUnit, provenance: bool) -> list[str]:
    f = unit.function
    table_columns = [p for p in f.parameters if p.mode == "table"]
    params = ", ".join(_parameter_sql(p) for p in f.parameters if p.mode != "table")
    lines = [f"CREATE {f.kind.upper()} {render_key(f'{f.schema_name}.{f.name}')}({params})"]
    if table_columns:
        lines.append(f"    RETURNS TABLE({', '.join(_parameter_sql(p) for p in table_columns)})")
    elif f.returns is not None:
        lines.append(f"    RETURNS {'SETOF ' if f.returns_set else ''}{f.returns.sql}")
    lines.append(f"    LANGUAGE {quote(f.language)}")
    lines += [f"    {option}" for option in f.options]
    if f.sql_body is not None:
        lines.append(f"    {f.sql_body};")
    else:
        body = dollar_quote(f.body, f.kind)
        if f.link_symbol is not None:
            body += f", {literal(f.link_symbol)}"
        lines.append(f"    AS {body};")
    return _noted(f.provenance, provenance, "\n".join(lines))


def view_sql(unit: ViewUnit, provenance: bool) -> list[str]:
    v = unit.view
    query = analyze.render(v.template, v.relations, v.reads, [c.name for c in v.columns], render_key, quote)
    options = f" WITH ({', '.join(v.options)})" if v.options else ""
    if v.materialized:
        sql = f"CREATE MATERIALIZED VIEW {render_key(v.key)} AS\n    {query}\n    WITH {'' if v.with_data else 'NO '}DATA;"
    else:
        check = f"\n    WITH {v.check_option} CHECK OPTION" if v.check_option else ""
        sql = f"CREATE VIEW {render_key(v.key)}{options} AS\n    {query}{check};"
    return _noted(v.provenance, provenance, sql)


_EVENT_WORDS = {"insert": "INSERT", "delete": "DELETE", "update": "UPDATE", "truncate": "TRUNCATE"}


def trigger_sql(unit: TriggerUnit, provenance: bool) -> list[str]:
    t = unit.trigger
    events = []
    for event in t.events:
        word = _EVENT_WORDS[event]
        if event == "update" and t.columns:
            word += f" OF {_cols(t.columns)}"
        events.append(word)
    parts = [f"CREATE {'CONSTRAINT ' if t.constraint else ''}TRIGGER {quote(t.name)} {t.timing.upper()} "
             f"{' OR '.join(events)} ON {render_key(unit.table_key)}"]
    if t.referenced_table:
        parts.append(f"FROM {render_key(t.referenced_table)}")
    if t.constraint:
        parts.append("DEFERRABLE INITIALLY DEFERRED" if t.initially_deferred else
                     "DEFERRABLE INITIALLY IMMEDIATE" if t.deferrable else "NOT DEFERRABLE INITIALLY IMMEDIATE")
    transitions = []
    if t.old_table:
        transitions.append(f"OLD TABLE AS {quote(t.old_table)}")
    if t.new_table:
        transitions.append(f"NEW TABLE AS {quote(t.new_table)}")
    if transitions:
        parts.append("REFERENCING " + " ".join(transitions))
    parts.append(f"FOR EACH {'ROW' if t.row else 'STATEMENT'}")
    if t.when is not None:
        parts.append(f"WHEN ({t.when.render()})")
    args = ", ".join(literal(a) for a in t.args)
    parts.append(f"EXECUTE FUNCTION {render_key(unit.function_name)}({args});")
    out = _noted(t.provenance, provenance, "\n    ".join(parts))
    if t.enabled != "O":
        state = {"D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}[t.enabled]
        out.append(f"ALTER TABLE {render_key(unit.table_key)} {state} TRIGGER {quote(t.name)};")
    return out


def row_security_sql(unit: RowSecurityUnit, provenance: bool) -> list[str]:
    t = unit.table
    flags = [word for on, word in ((t.row_security, "ENABLE"), (t.force_row_security, "FORCE")) if on]
    return [f"ALTER TABLE {render_key(t.key)} {', '.join(f'{w} ROW LEVEL SECURITY' for w in flags)};"]


def policy_sql(unit: PolicyUnit, provenance: bool) -> list[str]:
    p = unit.policy
    parts = [f"CREATE POLICY {quote(p.name)} ON {render_key(unit.table_key)}"]
    if not p.permissive:
        parts.append("AS RESTRICTIVE")
    if p.command != "all":
        parts.append(f"FOR {p.command.upper()}")
    if p.roles != ["public"]:
        parts.append("TO " + ", ".join(r if r in ("CURRENT_USER", "SESSION_USER", "CURRENT_ROLE") else quote(r)
                                       for r in p.roles))
    if p.using is not None:
        parts.append(f"USING ({p.using.render()})")
    if p.with_check is not None:
        parts.append(f"WITH CHECK ({p.with_check.render()})")
    return _noted(p.provenance, provenance, "\n    ".join(parts) + ";")


def opaque_sql(unit: OpaqueUnit, provenance: bool) -> list[str]:
    """The statements the history ran, as pglast wrote them when they were replayed, under the object's name now."""
    obj = unit.opaque
    sql = ";\n".join(obj.render(s, unit.owner_sql) for s in obj.statements) + ";"
    out = _noted(obj.provenance, provenance, sql)
    if obj.comment is not None:
        out.append(f"COMMENT ON {obj.what} {obj.render(obj.target, unit.owner_sql)} IS {literal(obj.comment)};")
    return out


def object_sql(ref: Ref, signature: str | None = None) -> tuple[str, str]:
    """(the COMMENT ON / DROP word for the kind, the object's name in SQL)."""
    if ref.kind is Kind.COLUMN:
        return "COLUMN", f"{render_key(ref.name)}.{quote(ref.part)}"
    if ref.kind is Kind.CONSTRAINT and signature == "DOMAIN":
        return "CONSTRAINT", f"{quote(ref.part)} ON DOMAIN {render_key(ref.name)}"
    if ref.kind in (Kind.CONSTRAINT, Kind.TRIGGER, Kind.POLICY):
        return ref.kind.value.upper(), f"{quote(ref.part)} ON {render_key(ref.name)}"
    if ref.kind is Kind.FUNCTION:
        return "ROUTINE", signature  # a function or a procedure
    if ref.kind is Kind.VIEW:
        return signature, render_key(ref.name)  # VIEW or MATERIALIZED VIEW
    if ref.kind in (Kind.EXTENSION, Kind.SCHEMA):
        return ref.kind.value.upper(), quote(ref.name)
    return ref.kind.value.upper(), render_key(ref.name)


def comment_sql(unit: CommentUnit, provenance: bool) -> list[str]:
    what, target = object_sql(unit.target, unit.signature)
    return [f"COMMENT ON {what} {target} IS {literal(unit.text)};"]


def drop_sql(drop: DropUnit) -> str:
    """One line of the rollback. No CASCADE: an object a later migration built on these must make it fail."""
    if drop.target.kind is Kind.OPAQUE:  # written by the plan from the object's own DROP words
        return drop.signature
    if drop.target.kind is Kind.CONSTRAINT:
        return f"ALTER TABLE IF EXISTS {render_key(drop.table_key)} DROP CONSTRAINT IF EXISTS {quote(drop.target.part)};"
    what, name = object_sql(drop.target, drop.signature)
    return f"DROP {what} IF EXISTS {name};"


def _noted(prov: Provenance, provenance: bool, sql: str) -> list[str]:
    return ([comment(where(prov))] if provenance else []) + [sql]


RENDERERS: dict[type, Callable[[Unit, bool], list[str]]] = {
    ExtensionUnit: extension_sql, SchemaUnit: schema_sql, SequenceUnit: sequence_sql, EnumUnit: enum_sql,
    TableUnit: table_sql, OwnedByUnit: owned_by_sql, ConstraintUnit: add_constraint_sql, IndexUnit: index_sql,
    CommentUnit: comment_sql, FunctionUnit: function_sql, TriggerUnit: trigger_sql, PolicyUnit: policy_sql,
    RowSecurityUnit: row_security_sql, DefaultUnit: default_unit_sql,
    ViewUnit: view_sql, DomainUnit: domain_sql, DomainConstraintUnit: domain_constraint_sql,
    CompositeUnit: composite_sql, RangeUnit: range_sql, SequencePositionUnit: sequence_position_sql,
    OpaqueUnit: opaque_sql,
    AttachUnit: attach_sql,
}


def type_sql(catalog, user_type) -> str:
    """A catalog type's statements as the baseline writes them (blame and diff show them)."""
    return "\n".join(line for unit in type_units(catalog, user_type, []) for line in unit_sql(unit, False))


def unit_sql(unit: Unit, provenance: bool) -> list[str]:
    return RENDERERS[type(unit)](unit, provenance)
