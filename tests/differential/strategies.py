"""Hypothesis strategies: random legacy histories made of the statement kinds the replay models.

A history is a few files of a few statements each. Names come from small pools, so that collisions,
duplicates, missing objects, renames and PostgreSQL's generated names (t_pkey, t_a_key, t_a_fkey,
t_a_check, t_a_idx, t_id_seq, their numbered variants and 63-byte cuts) meet often: the interesting
cases are the errors and the names the server invents.

A light *shadow* of what the history has declared so far (tables, their columns and column types,
constraint and index names, enum types, sequences) makes most statements aim at objects that
probably exist, with a type-appropriate expression; it ignores failures and rollbacks on purpose,
so statements about objects that are gone, renamed or never were still come up.

Left out of generation, on purpose:
- ALTER COLUMN TYPE out of its type family for a column that a CHECK or index expression ties to it (``a > 0``
  then ``a TYPE text``): the model does not type-check expressions (see ``_FAMILIES``);
- defaults and literals of date/time types other than valid ones (their input syntax is not modelled);
- functions, triggers, views, policies, rules and seed rows (the model does not carry them yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

LONG_TABLE = "a_table_with_a_rather_long_name_for_cuts"  # 40 bytes: t_col_key names need cutting
LONG_COLUMN = "a_column_name_long_enough_too"  # 29 bytes
TABLES = ("t1", "t2", "t3", "Mixed", LONG_TABLE)
COLUMNS = ("id", "a", "b", "c", "Cap", LONG_COLUMN)
ENUMS = ("mood", "status", "t1")  # "t1" collides with the table's row type
COLUMN_ENUMS = ("mood", "status")
LABELS = ("x", "y", "z", "w")
SEQUENCES = ("s1", "t1_id_seq", "t1", "s2")
INDEX_NAMES = ("i1", "i2", "t1_a_idx", "t1_pkey", "t1_a_key", "t2_pkey", "t1_a_idx1")
CONSTRAINT_NAMES = ("c1", "c2", "t1_pkey", "t1_a_key", "t1_a_check", "t1_a_fkey", "t1_check", "t2_pkey", "i1")

# Column type kinds and the ways people spell them.
TYPE_KINDS = ("int", "text", "bigint", "serial", "bigserial", "varchar", "numeric", "boolean",
              "timestamptz", "jsonb", "uuid", "text[]", "enum")
_NUMERIC = {"int", "bigint", "serial", "bigserial", "numeric"}
_TEXT = {"text", "varchar"}
_SPELLINGS = {
    "int": ("int", "integer", "int4"),
    "bigint": ("bigint", "int8"),
    "serial": ("serial", "serial4"),
    "bigserial": ("bigserial", "serial8"),
    "text": ("text",),
    "boolean": ("boolean", "bool"),
    "timestamptz": ("timestamptz", "timestamp with time zone"),
    "jsonb": ("jsonb",),
    "uuid": ("uuid",),
    "text[]": ("text[]",),
}
_DEFAULTS = {
    "int": ("0", "42", "-1", "(1 + 2)", "nextval('s1')"),
    "bigint": ("0", "7", "nextval('t1_id_seq')"),
    "numeric": ("0", "1.5", "0.00"),
    "text": ("'x'", "''", "'it''s'"),
    "varchar": ("'ab'", "''"),
    "boolean": ("true", "false"),
    "timestamptz": ("now()", "CURRENT_TIMESTAMP", "'2020-01-01 00:00:00+00'"),
    "jsonb": ("'{}'::jsonb", "'[]'", "'{\"k\": 1}'::jsonb"),
    "uuid": ("gen_random_uuid()",),
    "text[]": ("'{}'", "ARRAY['a']", "'{}'::text[]"),
}


def q(name: str) -> str:
    """An identifier as SQL: quoted unless it is plain lower case."""
    if name.isidentifier() and name == name.lower() and name.isascii():
        return name
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Shadow:
    """What the history declared so far, optimistically (failures and rollbacks ignored)."""

    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> column -> type kind
    constraints: dict[str, set[str]] = field(default_factory=dict)
    indexes: set[str] = field(default_factory=set)
    enums: dict[str, list[str]] = field(default_factory=dict)
    sequences: set[str] = field(default_factory=set)
    pkeys: dict[str, list[str]] = field(default_factory=dict)  # table -> primary key columns
    # (table, column) -> type family, for columns that a CHECK or index expression ties to their type family:
    # ALTER COLUMN TYPE keeps them in it (never unpinned: being pinned too often is safe)
    pinned: dict[tuple[str, str], str] = field(default_factory=dict)
    # Columns whose type the shadow cannot be sure of, since a statement that may have failed changed or re-made
    # them (ALTER TYPE, ADD/DROP/RENAME COLUMN; for a table: a second CREATE, DROP, RENAME). Type-specific
    # expressions (a > 0, lower(b)) are only written on the others: the model does not type-check expressions.
    uncertain: set[tuple[str, str]] = field(default_factory=set)
    uncertain_tables: set[str] = field(default_factory=set)
    seen_tables: set[str] = field(default_factory=set)

    def unsure(self, table: str, column: str | None = None) -> None:
        if column is None:
            self.uncertain_tables.add(table)
        else:
            self.uncertain.add((table, column))

    def pin(self, table: str, column: str, kind: str | None) -> None:
        self.pinned[(table, column)] = ("numeric" if kind == "numeric" else "integer" if kind in _NUMERIC
                                        else "text" if kind in _TEXT else str(kind))

    def copy_pins(self, table: str, column: str | None, new_table: str, new_column: str | None) -> None:
        for (t, c), family in list(self.pinned.items()):
            if t == table and (column is None or c == column):
                self.pinned[(new_table, new_column or c)] = family

    def fk_targets(self) -> list[tuple[str, str, str]]:
        """(table, key column, its type kind) for tables with a one-column primary key."""
        out = []
        for table, cols in sorted(self.pkeys.items()):
            if len(cols) == 1 and cols[0] in self.tables.get(table, {}):
                out.append((table, cols[0], self.tables[table][cols[0]]))
        return out


def _pick(draw, known, pool) -> str:
    """Mostly a name the shadow knows; sometimes any name of the pool (missing objects, collisions)."""
    known = sorted(known)
    if known and draw(st.integers(0, 7)) > 0:
        return draw(st.sampled_from(known))
    return draw(st.sampled_from(pool))


def _table(draw, s: Shadow) -> str:
    return _pick(draw, s.tables, TABLES)


def _column(draw, s: Shadow, table: str) -> str:
    return _pick(draw, s.tables.get(table, {}), COLUMNS)


def _certain_kind(s: Shadow, table: str, column: str) -> str | None:
    if table in s.uncertain_tables or (table, column) in s.uncertain:
        return None
    return _kind_of(s, table, column)


def _kind_of(s: Shadow, table: str, column: str) -> str | None:
    return s.tables.get(table, {}).get(column)


def _type_sql(draw, s: Shadow, kind: str) -> str:
    if kind == "varchar":
        n = draw(st.sampled_from((1, 20, 255)))
        return draw(st.sampled_from((f"varchar({n})", f"character varying({n})")))
    if kind == "numeric":
        p, sc = draw(st.sampled_from(((10, 2), (5, 0), (12, 4))))
        return draw(st.sampled_from((f"numeric({p},{sc})", f"decimal({p},{sc})", "numeric")))
    if kind == "enum":  # not "t1": a table's row type as a column type is not modelled
        return q(_pick(draw, [e for e in s.enums if e in COLUMN_ENUMS], COLUMN_ENUMS))
    return draw(st.sampled_from(_SPELLINGS[kind]))


def _default(draw, s: Shadow, kind: str, type_sql: str) -> str | None:
    if kind in ("serial", "bigserial"):
        return None
    if kind == "enum":
        labels = s.enums.get(type_sql.strip('"'), list(LABELS[:2]))
        label = draw(st.sampled_from(labels or list(LABELS)))
        return draw(st.sampled_from((lit(label), f"{lit(label)}::{type_sql}")))
    return draw(st.sampled_from(_DEFAULTS[kind]))


def _check_expr(draw, s: Shadow, table: str, columns: list[str]) -> tuple[str, list[str]]:
    """A CHECK expression fitting the (shadow) types of its columns; and the columns it uses."""
    col = draw(st.sampled_from(columns)) if columns else draw(st.sampled_from(COLUMNS))
    kind = _certain_kind(s, table, col)
    forms = [f"{q(col)} IS NOT NULL"]
    if kind in _NUMERIC:
        forms += [f"{q(col)} > 0", f"{q(col)} >= -5"]
    if kind in _TEXT:
        forms += [f"length({q(col)}) > 0", f"{q(col)} <> ''"]
    if kind == "boolean":
        forms += [q(col)]
    expr = draw(st.sampled_from(forms))
    if expr != forms[0]:
        s.pin(table, col, kind)
    if len(columns) > 1 and draw(st.booleans()):
        other = draw(st.sampled_from([c for c in columns if c != col]))
        return f"{expr} OR {q(other)} IS NULL", [col, other]
    return expr, [col]


def _fk_clause(draw, s: Shadow, ref_table: str) -> str:
    cols = list(s.tables.get(ref_table, {}))
    ref = ""
    if cols and draw(st.booleans()):
        ref = f" ({q(draw(st.sampled_from(cols)))})"
    action = draw(st.sampled_from(("", "", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON UPDATE CASCADE")))
    deferrable = draw(st.sampled_from(("", "", " DEFERRABLE INITIALLY DEFERRED")))
    return f"REFERENCES {q(ref_table)}{ref}{action}{deferrable}"


def _constraint_name(draw) -> str | None:
    if draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(CONSTRAINT_NAMES))
    return None


def _named(name: str | None) -> str:
    return f"CONSTRAINT {q(name)} " if name else ""


def _guess(s: Shadow, table: str, name: str | None, *parts: str) -> None:
    """Remember the constraint's name: as written, or the one PostgreSQL would most likely choose."""
    s.constraints.setdefault(table, set()).add(name or "_".join((table,) + parts))


def _column_def(draw, s: Shadow, table: str, name: str, chaos: bool = True, has_pk: bool = False
                ) -> tuple[str, str, bool]:
    """A column definition; its type kind; whether it declared a primary key."""
    kind = draw(st.sampled_from(TYPE_KINDS))
    target = None
    if not chaos and s.fk_targets() and draw(st.integers(0, 3)) == 0:
        target = draw(st.sampled_from(s.fk_targets()))  # a foreign key that works: the key's type
        kind = {"serial": "int", "bigserial": "bigint"}.get(target[2], target[2])
    if kind == "enum" and not s.enums and not chaos:
        kind = "text"
    type_sql = _type_sql(draw, s, kind)
    parts = [q(name), type_sql]
    if draw(st.integers(0, 3)) == 0 and (chaos or kind not in ("serial", "bigserial")):
        default = _default(draw, s, kind, type_sql) or "0"
        parts.append(f"DEFAULT {default}")
    if draw(st.integers(0, 3)) == 0:
        parts.append(draw(st.sampled_from(("NOT NULL", "NULL"))) if chaos or kind not in ("serial", "bigserial")
                     else "NOT NULL")
    pk = False
    if target is not None:
        cname = _constraint_name(draw)
        ref = f" ({q(target[1])})" if draw(st.booleans()) else ""
        parts.append(f"{_named(cname)}REFERENCES {q(target[0])}{ref}")
        _guess(s, table, cname, name, "fkey")
    elif draw(st.integers(0, 2)) == 0:
        cname = _constraint_name(draw)
        which = draw(st.sampled_from(("PRIMARY KEY", "UNIQUE", "CHECK", "REFERENCES")))
        if which == "PRIMARY KEY" and has_pk and not chaos:
            which = "UNIQUE"
        if which == "CHECK":
            s.tables.setdefault(table, {})[name] = kind
            expr, _ = _check_expr(draw, s, table, [name])
            parts.append(f"{_named(cname)}CHECK ({expr})")
            _guess(s, table, cname, name, "check")
        elif which == "REFERENCES" and chaos:
            parts.append(f"{_named(cname)}{_fk_clause(draw, s, _ref_table(draw, s, chaos))}")
            _guess(s, table, cname, name, "fkey")
        elif which != "REFERENCES":
            pk = which == "PRIMARY KEY"
            parts.append(f"{_named(cname)}{which}")
            _guess(s, table, cname, *((name, "key") if which == "UNIQUE" else ("pkey",)))
    return " ".join(parts), kind, pk


def _ref_table(draw, s: Shadow, chaos: bool) -> str:
    if chaos or not s.tables:
        return _table(draw, s)
    return draw(st.sampled_from(sorted(s.tables)))


def _table_constraint(draw, s: Shadow, table: str, columns: list[str], chaos: bool = True,
                      has_pk: bool = False) -> str:
    which = draw(st.sampled_from(("PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN KEY")))
    if which == "PRIMARY KEY" and has_pk and not chaos:
        which = "UNIQUE"
    if which == "FOREIGN KEY" and not chaos:
        which = "CHECK"
    cname = _constraint_name(draw)
    pool = columns or list(COLUMNS)
    if which == "CHECK":
        expr, used = _check_expr(draw, s, table, columns)
        _guess(s, table, cname, *(used[:1] if len(used) == 1 else ()), "check")
        return f"{_named(cname)}CHECK ({expr})"
    cols = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=not chaos))
    col_list = ", ".join(q(c) for c in cols)
    if which == "FOREIGN KEY":
        _guess(s, table, cname, cols[0], "fkey")
        return f"{_named(cname)}FOREIGN KEY ({col_list}) {_fk_clause(draw, s, _ref_table(draw, s, chaos))}"
    _guess(s, table, cname, *((cols[0], "key") if which == "UNIQUE" else ("pkey",)))
    return f"{_named(cname)}{which} ({col_list})"


# ---- statements -------------------------------------------------------------------------------


def create_table(draw, s: Shadow, chaos: bool | None = None) -> str:
    if chaos is None:
        chaos = draw(st.integers(0, 3)) == 0  # otherwise: no repeated column, one primary key, known types
    if chaos:
        table = draw(st.sampled_from(TABLES))
    else:
        table = draw(st.sampled_from([t for t in TABLES if t not in s.tables] or list(TABLES)))
    names = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=not chaos))
    if table in s.seen_tables:
        s.unsure(table)
    s.seen_tables.add(table)
    elements, declared, has_pk = [], {}, False
    s.pkeys.pop(table, None)
    for name in names:
        text, kind, pk = _column_def(draw, s, table, name, chaos, has_pk)
        elements.append(text)
        declared[name] = kind
        if pk and not has_pk:
            s.pkeys[table] = [name]
        has_pk = has_pk or pk
    s.tables[table] = declared
    for _ in range(draw(st.integers(0, 2))):
        text = _table_constraint(draw, s, table, list(declared), chaos, has_pk)
        if "PRIMARY KEY" in text and not has_pk:
            s.pkeys[table] = [c.strip().strip('"') for c in text.split("(")[1].rstrip(")").split(",")]
        has_pk = has_pk or "PRIMARY KEY" in text
        elements.append(text)
    ine = "IF NOT EXISTS " if draw(st.integers(0, 3)) == 0 else ""
    return f"CREATE TABLE {ine}{q(table)} (\n  " + ",\n  ".join(elements) + "\n)"


def _alter_action(draw, s: Shadow, table: str) -> str:
    what = draw(st.sampled_from(("add column", "drop column", "type", "default", "not null", "add constraint",
                                 "drop constraint")))
    if what == "add column":
        name = draw(st.sampled_from(COLUMNS))
        s.unsure(table, name)
        text, kind, _ = _column_def(draw, s, table, name, chaos=draw(st.integers(0, 3)) == 0, has_pk=True)
        s.tables.setdefault(table, {})[name] = kind
        ine = "IF NOT EXISTS " if draw(st.integers(0, 3)) == 0 else ""
        return f"ADD COLUMN {ine}{text}"
    if what == "drop column":
        col = _column(draw, s, table)
        s.unsure(table, col)
        s.tables.get(table, {}).pop(col, None)
        ie = "IF EXISTS " if draw(st.integers(0, 3)) == 0 else ""
        cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
        return f"DROP COLUMN {ie}{q(col)}{cascade}"
    if what == "type":
        col = _column(draw, s, table)
        s.unsure(table, col)
        kind = draw(st.sampled_from(_FAMILIES.get(s.pinned.get((table, col)), _TYPE_CHANGES)))
        type_sql = _type_sql(draw, s, kind)
        using = f" USING {q(col)}::{type_sql}" if draw(st.integers(0, 2)) == 0 else ""
        if col in s.tables.get(table, {}):
            s.tables[table][col] = kind
        return f"ALTER COLUMN {q(col)} TYPE {type_sql}{using}"
    if what == "default":
        col = _column(draw, s, table)
        kind = _kind_of(s, table, col) or "int"
        default = _default(draw, s, kind, kind) if kind != "enum" else None
        if default is None or draw(st.integers(0, 2)) == 0:
            return f"ALTER COLUMN {q(col)} DROP DEFAULT"
        return f"ALTER COLUMN {q(col)} SET DEFAULT {default}"
    if what == "not null":
        col = _column(draw, s, table)
        return f"ALTER COLUMN {q(col)} {draw(st.sampled_from(('SET', 'DROP')))} NOT NULL"
    if what == "add constraint":
        return "ADD " + _table_constraint(draw, s, table, list(s.tables.get(table, {})))
    name = _pick(draw, s.constraints.get(table, ()), CONSTRAINT_NAMES)
    ie = "IF EXISTS " if draw(st.integers(0, 3)) == 0 else ""
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    s.constraints.get(table, set()).discard(name)
    return f"DROP CONSTRAINT {ie}{q(name)}{cascade}"


# ALTER COLUMN TYPE targets. A column that a CHECK or an index expression ties to its type family (a > 0,
# length(b), lower(b), (a + 1)) keeps to that family: the model does not type-check expressions, so it would not
# see that, say, 'a > 0' no longer holds for a text column (42883 on the server). A numeric one keeps its type:
# the server stores 'a > 0' of a numeric column as 'a > 0::numeric', which becomes 'a::numeric > 0::numeric'
# after a change to bigint, and the model does not re-derive that form.
_FAMILIES = {"integer": ("int", "bigint"), "numeric": ("numeric",), "text": ("text", "varchar"),
             "boolean": ("boolean",)}
_TYPE_CHANGES = ("int", "bigint", "text", "varchar", "numeric", "boolean", "timestamptz", "jsonb", "uuid",
                 "text[]", "enum")


def alter_table(draw, s: Shadow) -> str:
    table = _table(draw, s)
    actions = [_alter_action(draw, s, table) for _ in range(draw(st.integers(1, 2)))]
    ie = "IF EXISTS " if draw(st.integers(0, 5)) == 0 else ""
    return f"ALTER TABLE {ie}{q(table)} " + ", ".join(actions)


def rename(draw, s: Shadow) -> str:
    what = draw(st.sampled_from(("column", "table", "constraint", "index")))
    if what == "index":
        old = _pick(draw, s.indexes, INDEX_NAMES)
        new = draw(st.sampled_from(INDEX_NAMES + TABLES[:2]))
        s.indexes.discard(old)
        s.indexes.add(new)
        ie = "IF EXISTS " if draw(st.integers(0, 5)) == 0 else ""
        return f"ALTER INDEX {ie}{q(old)} RENAME TO {q(new)}"
    table = _table(draw, s)
    if what == "column":
        old = _column(draw, s, table)
        new = draw(st.sampled_from(COLUMNS))
        cols = s.tables.get(table, {})
        s.copy_pins(table, old, table, new)
        s.unsure(table, old)
        s.unsure(table, new)
        if old in cols:
            cols[new] = cols.pop(old)
            s.pkeys[table] = [new if c == old else c for c in s.pkeys.get(table, [])]
        return f"ALTER TABLE {q(table)} RENAME COLUMN {q(old)} TO {q(new)}"
    if what == "constraint":
        old = _pick(draw, s.constraints.get(table, ()), CONSTRAINT_NAMES)
        new = draw(st.sampled_from(CONSTRAINT_NAMES))
        names = s.constraints.setdefault(table, set())
        names.discard(old)
        names.add(new)
        return f"ALTER TABLE {q(table)} RENAME CONSTRAINT {q(old)} TO {q(new)}"
    new = draw(st.sampled_from(TABLES))
    s.copy_pins(table, None, new, None)
    s.unsure(table)
    s.unsure(new)
    s.seen_tables.update((table, new))
    if table in s.tables:
        s.tables[new] = s.tables.pop(table)
        if table in s.pkeys:
            s.pkeys[new] = s.pkeys.pop(table)
    return f"ALTER TABLE {q(table)} RENAME TO {q(new)}"


def create_index(draw, s: Shadow) -> str:
    table = _table(draw, s)
    cols = list(s.tables.get(table, {})) or list(COLUMNS)
    elements = []
    chosen = draw(st.lists(st.sampled_from(cols), min_size=1, max_size=2))
    for col in chosen:
        kind = _certain_kind(s, table, col)
        forms = [q(col), f"{q(col)} DESC"]
        if kind in _TEXT:
            forms.append(f"lower({q(col)})")
        if kind in _NUMERIC:
            forms.append(f"({q(col)} + 1)")
        elements.append(draw(st.sampled_from(forms)))
        if elements[-1] not in forms[:2]:
            s.pin(table, col, kind)
    where = ""
    if draw(st.integers(0, 3)) == 0:
        col = draw(st.sampled_from(cols))
        where = f" WHERE {q(col)} IS NOT NULL"
        if _certain_kind(s, table, col) in _NUMERIC and draw(st.booleans()):
            where = f" WHERE {q(col)} > 0"
            s.pin(table, col, _certain_kind(s, table, col))
    unique = "UNIQUE " if draw(st.integers(0, 2)) == 0 else ""
    name = ""
    if draw(st.booleans()):
        name = draw(st.sampled_from(INDEX_NAMES))
        s.indexes.add(name)
        if draw(st.integers(0, 3)) == 0:
            name = "IF NOT EXISTS " + q(name)
        else:
            name = q(name)
    else:
        s.indexes.add(f"{table}_{chosen[0]}_idx")
    return f"CREATE {unique}INDEX {name}{' ' if name else ''}ON {q(table)} ({', '.join(elements)}){where}"


def drop_index(draw, s: Shadow) -> str:
    name = _pick(draw, s.indexes, INDEX_NAMES)
    s.indexes.discard(name)
    ie = "IF EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP INDEX {ie}{q(name)}"


def create_enum(draw, s: Shadow) -> str:
    name = draw(st.sampled_from(ENUMS))
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=draw(st.integers(0, 9)) > 0))
    s.enums.setdefault(name, list(labels))
    return f"CREATE TYPE {q(name)} AS ENUM ({', '.join(lit(v) for v in labels)})"


def alter_enum(draw, s: Shadow) -> str:
    name = _pick(draw, s.enums, ENUMS)
    label = draw(st.sampled_from(LABELS))
    ine = "IF NOT EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    where = ""
    if draw(st.integers(0, 2)) == 0:
        where = f" {draw(st.sampled_from(('BEFORE', 'AFTER')))} {lit(draw(st.sampled_from(LABELS)))}"
    s.enums.setdefault(name, []).append(label)
    return f"ALTER TYPE {q(name)} ADD VALUE {ine}{lit(label)}{where}"


def create_sequence(draw, s: Shadow) -> str:
    name = draw(st.sampled_from(SEQUENCES))
    s.sequences.add(name)
    options = draw(st.lists(st.sampled_from(("AS integer", "START WITH 10", "INCREMENT BY 2", "MINVALUE 5",
                                             "MAXVALUE 1000", "CACHE 5", "CYCLE", "NO MAXVALUE")),
                            max_size=3, unique=True))
    ine = "IF NOT EXISTS " if draw(st.integers(0, 3)) == 0 else ""
    return f"CREATE SEQUENCE {ine}{q(name)}" + "".join(" " + o for o in options)


def comment_on(draw, s: Shadow) -> str:
    what = draw(st.sampled_from(("TABLE", "COLUMN", "INDEX", "CONSTRAINT", "SEQUENCE", "TYPE")))
    text = draw(st.sampled_from(("'a note'", "'it''s'", "''", "NULL")))
    if what == "TABLE":
        target = q(_table(draw, s))
    elif what == "COLUMN":
        table = _table(draw, s)
        target = f"{q(table)}.{q(_column(draw, s, table))}"
    elif what == "INDEX":
        target = q(_pick(draw, s.indexes, INDEX_NAMES))
    elif what == "CONSTRAINT":
        table = _table(draw, s)
        target = f"{q(_pick(draw, s.constraints.get(table, ()), CONSTRAINT_NAMES))} ON {q(table)}"
    elif what == "SEQUENCE":
        target = q(_pick(draw, s.sequences, SEQUENCES))
    else:
        target = q(_pick(draw, s.enums, ENUMS))
    return f"COMMENT ON {what} {target} IS {text}"


def drop_table(draw, s: Shadow) -> str:
    table = _table(draw, s)
    s.unsure(table)
    s.tables.pop(table, None)
    s.pkeys.pop(table, None)
    ie = "IF EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP TABLE {ie}{q(table)}{cascade}"


# Shrinking moves towards the first entries: the simplest histories create tables.
STATEMENTS = (create_table, alter_table, create_index, rename, create_enum, alter_enum, create_sequence, comment_on,
              drop_index, drop_table)
_WEIGHTED = (create_table,) * 2 + (alter_table,) * 6 + (create_index,) * 4 + (rename,) * 4 + (create_enum,) * 2 + (
    alter_enum, create_sequence, create_sequence, comment_on, comment_on, drop_index, drop_table)


@st.composite
def statement(draw, shadow: Shadow) -> str:
    make = draw(st.sampled_from(_WEIGHTED))
    return make(draw, shadow)


@st.composite
def histories(draw, max_files: int = 6, max_statements: int = 3) -> dict[str, str]:
    """{file name: SQL}: files applied in name order. The first creates a few tables (and maybe an enum type
    first); the others hold a few statements of any kind."""
    shadow = Shadow()
    setup = [create_enum(draw, shadow)] if draw(st.integers(0, 2)) == 0 else []
    setup += [create_table(draw, shadow, chaos=False) for _ in range(draw(st.integers(1, 3)))]
    files = {"001_m.sql": setup}
    for i in range(draw(st.integers(1, max_files - 1))):
        files[f"{i + 2:03d}_m.sql"] = draw(st.lists(statement(shadow), min_size=1, max_size=max_statements))
    return {name: "".join(f"{stmt};\n" for stmt in stmts) for name, stmts in files.items()}
