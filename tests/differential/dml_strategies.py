"""Hypothesis strategies: random seed-data histories (DML over a few related tables) for the DML differential test.

The first file creates up to three tables, in foreign-key order, and a sequence:
- ``p``: a serial, identity (ALWAYS or BY DEFAULT) or plain integer key, a ``varchar(5)`` unique code, a NOT NULL
  integer with a default and maybe a CHECK, and some of: boolean, text, ``numeric(6,2)``, ``smallint``, a
  ``timestamptz DEFAULT now()`` column;
- ``c``: a ``bigserial`` key (or none), ``p_id`` referencing ``p`` ON DELETE CASCADE / SET NULL / RESTRICT /
  NO ACTION, a NOT NULL text with a default, an integer, maybe ``text[]`` and a UNIQUE (p_id, k);
- ``g``: a text key, maybe ``c_id`` referencing ``c`` ON DELETE CASCADE, ``jsonb``, an integer with a CHECK;
- ``s1``: a standalone sequence (maybe with START / INCREMENT BY / MINVALUE / MAXVALUE / CYCLE).

The other files hold a few statements each: multi-row INSERTs with column lists and DEFAULT, INSERT ... SELECT
(constants, generate_series, another table), ON CONFLICT DO NOTHING / DO UPDATE SET ... EXCLUDED ... WHERE, UPDATE
[FROM] WHERE, DELETE [USING] WHERE, TRUNCATE [CASCADE] [RESTART IDENTITY], setval / nextval / ALTER SEQUENCE
RESTART / ALTER COLUMN RESTART, and DDL over rows (ADD COLUMN with a default, ALTER COLUMN TYPE, SET NOT NULL, ADD
CONSTRAINT). Values come from small pools so that keys collide and foreign keys dangle, and include values the
server refuses (too long for varchar(5), out of range, bad input syntax): 23505, 23503, 23502, 23514, 22P02, 22001,
22003 come up often. A light shadow of the columns (failures ignored) aims most statements at columns that exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

# values of each column kind: mostly good ones, some the server refuses
_VALUES = {
    "int": ("1", "2", "3", "0", "-1", "7", "40", "NULL", "'5'", "2147483648", "'x1'"),
    "bigint": ("1", "2", "3", "10", "NULL", "'4'"),
    "smallint": ("1", "-5", "300", "NULL", "40000", "1.5"),
    "text": ("'a'", "'b'", "'A'", "'abc'", "''", "'it''s'", "NULL", "'a%'"),
    "varchar": ("'ab'", "'abc'", "'x'", "'abcde'", "NULL", "'ab   '", "'abcdef'"),
    "numeric": ("1.5", "0.005", "12.345", "'2.50'", "NULL", "-3", "99999.99", "'1e3'"),
    "bool": ("true", "false", "NULL", "'yes'", "'off'", "'maybe'"),
    "jsonb": ("'{}'", "'{\"a\": 1}'", "'[1, 2]'", "'{\"b\": [true, null]}'", "NULL", "jsonb_build_object('k', 1)",
              "'{bad'"),
    "text[]": ("'{}'", "ARRAY['a', 'b']", "'{x,\"y z\"}'", "NULL", "ARRAY[]::text[]"),
    "ts": ("now()", "CURRENT_TIMESTAMP", "NULL"),
}
_NUMBERS = ("int", "bigint", "smallint", "numeric")
_TEXTS = ("text", "varchar")
_TYPES = {"int": "int", "bigint": "bigint", "smallint": "smallint", "text": "text", "varchar": "varchar(5)",
          "numeric": "numeric(6,2)", "bool": "boolean", "jsonb": "jsonb", "text[]": "text[]", "ts": "timestamptz"}
_SEQUENCE_OPTIONS = ("", "START WITH 10", "INCREMENT BY 5", "INCREMENT BY -1 MAXVALUE 10", "MINVALUE 1 MAXVALUE 20",
                     "MAXVALUE 12 CYCLE", "START WITH 3 INCREMENT BY 4")


@dataclass
class Table:
    name: str
    columns: dict[str, str]  # column -> kind ("int", "text", ...; "serial" keys are "int" / "bigint")
    keys: list[str] = field(default_factory=list)  # columns with a one-column primary key or unique constraint
    constraints: list[str] = field(default_factory=list)  # named unique / primary key constraints
    not_null: set[str] = field(default_factory=set)
    # columns a CHECK reads: their type changes stay in the type's family (the model does not type-check a CHECK
    # expression again when a column's type changes; see strategies.py); "*": every column
    pinned: set[str] = field(default_factory=set)
    identity_always: bool = False
    sequence: str | None = None  # the key's own sequence (serial or identity)


@dataclass
class Shadow:
    tables: dict[str, Table] = field(default_factory=dict)
    sequences: list[str] = field(default_factory=list)
    added: int = 0  # names for new columns and constraints

    def table(self, draw) -> Table:
        return self.tables[draw(st.sampled_from(sorted(self.tables)))]

    def fresh(self, prefix: str) -> str:
        self.added += 1
        return f"{prefix}{self.added}"


def _one(draw, options):
    return draw(st.sampled_from(options))


def value(draw, kind: str, nullable: bool = True) -> str:
    """Mostly a good value of the kind; sometimes NULL, rarely one the server refuses (the pool's last two)."""
    pool = _VALUES[kind]
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return _one(draw, pool[-2:])
    if roll <= 2 and nullable:
        return "NULL"
    return _one(draw, [v for v in pool[:-2] if v != "NULL"])


def _columns_of(draw, t: Table, kinds=None) -> list[str]:
    return [c for c in t.columns if kinds is None or t.columns[c] in kinds]


def _column(draw, t: Table, kinds=None) -> str | None:
    columns = _columns_of(draw, t, kinds)
    return _one(draw, columns) if columns else None


# ---- the first file ---------------------------------------------------------------------------


def create_tables(draw, s: Shadow) -> list[str]:
    out = []
    key = _one(draw, ("serial", "identity always", "identity by default", "int"))
    key_sql = {"serial": "id serial PRIMARY KEY", "int": "id int PRIMARY KEY",
               "identity always": "id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
               "identity by default": "id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"}[key]
    p = Table("p", {"id": "int"}, keys=["id", "code"], constraints=["p_pkey", "p_code_key"],
              identity_always=key == "identity always", sequence=None if key == "int" else "p_id_seq")
    cols = [key_sql, "code varchar(5) UNIQUE"]
    p.columns["code"] = "varchar"
    check = " CHECK (n >= 0)" if draw(st.booleans()) else ""
    cols.append(f"n int NOT NULL DEFAULT {_one(draw, ('0', '1'))}{check}")
    if check:
        p.pinned.add("n")
    p.columns["n"] = "int"
    p.not_null.update({"id", "n", "created"})
    for name, kind, extra in (("flag", "bool", " DEFAULT true"), ("note", "text", ""), ("amount", "numeric", ""),
                              ("small", "smallint", " DEFAULT 1"), ("created", "ts", " NOT NULL DEFAULT now()")):
        if draw(st.integers(0, 2)):
            cols.append(f"{name} {_TYPES[kind]}{extra}")
            p.columns[name] = kind
    out.append(f"CREATE TABLE p ({', '.join(cols)})")
    s.tables["p"] = p
    if draw(st.integers(0, 4)):
        keyed = draw(st.integers(0, 4)) > 0
        action = _one(draw, ("CASCADE", "SET NULL", "RESTRICT", "NO ACTION"))
        c = Table("c", {}, keys=["id"] if keyed else [], constraints=["c_pkey"] if keyed else [],
                  sequence="c_id_seq" if keyed else None)
        cols = ["id bigserial PRIMARY KEY" if keyed else "id int"]
        c.columns["id"] = "bigint" if keyed else "int"
        cols.append(f"p_id int REFERENCES p ON DELETE {action}")
        c.columns["p_id"] = "int"
        cols.append(f"v text NOT NULL DEFAULT {_one(draw, ('x', 'y'))!r}")
        c.columns["v"] = "text"
        c.not_null.update({"id", "v"} if keyed else {"v"})
        cols.append("k int")
        c.columns["k"] = "int"
        if draw(st.booleans()):
            cols.append("tags text[] DEFAULT '{}'")
            c.columns["tags"] = "text[]"
        if draw(st.booleans()):
            cols.append("UNIQUE (p_id, k)")
        out.append(f"CREATE TABLE c ({', '.join(cols)})")
        s.tables["c"] = c
        if draw(st.booleans()):
            g = Table("g", {"name": "text"}, keys=["name"], constraints=["g_pkey"], not_null={"name"}, pinned={"qty"})
            cols = ["name text PRIMARY KEY"]
            if keyed and draw(st.booleans()):
                cols.append("c_id bigint REFERENCES c ON DELETE CASCADE")
                g.columns["c_id"] = "bigint"
            cols.append("doc jsonb")
            g.columns["doc"] = "jsonb"
            cols.append("qty int CHECK (qty BETWEEN 0 AND 100) DEFAULT 1")
            g.columns["qty"] = "int"
            out.append(f"CREATE TABLE g ({', '.join(cols)})")
            s.tables["g"] = g
    out.append(f"CREATE SEQUENCE s1 {_one(draw, _SEQUENCE_OPTIONS)}".rstrip())
    s.sequences = ["s1"] + [t.sequence for t in s.tables.values() if t.sequence]
    return out


# ---- expressions --------------------------------------------------------------------------------


def predicate(draw, t: Table, alias: str | None = None) -> str:
    parts = [_comparison(draw, t, alias) for _ in range(draw(st.integers(1, 2)))]
    joined = f" {_one(draw, ('AND', 'OR'))} ".join(parts)
    return f"NOT ({joined})" if draw(st.integers(0, 6)) == 0 else joined


def _comparison(draw, t: Table, alias: str | None) -> str:
    column = _column(draw, t, ("int", "bigint", "smallint", "numeric", "text", "varchar", "bool"))
    if column is None:
        return "true"
    ref = f"{alias}.{column}" if alias else column
    kind = t.columns[column]
    if draw(st.integers(0, 6)) == 0:
        return f"{ref} IS {_one(draw, ('NULL', 'NOT NULL'))}"
    if kind in _NUMBERS:
        return _one(draw, (f"{ref} = {_small(draw)}", f"{ref} > {_small(draw)}", f"{ref} <= {_small(draw)}",
                           f"{ref} IN ({_small(draw)}, {_small(draw)})", f"{ref} BETWEEN 1 AND 3",
                           f"{ref} % 2 = 0", f"{ref} <> {_small(draw)}"))
    if kind in _TEXTS:
        v = _one(draw, ("'a'", "'b'", "'abc'", "'x'"))
        return _one(draw, (f"{ref} = {v}", f"{ref} LIKE 'a%'", f"lower({ref}) = {v}", f"{ref} <> {v}",
                           f"{ref} ILIKE 'A%'", f"{ref} > {v}", f"length({ref}) > 1"))
    return _one(draw, (ref, f"NOT {ref}", f"{ref} IS TRUE", f"{ref} IS NOT FALSE"))


def _small(draw) -> str:
    return _one(draw, ("0", "1", "2", "3", "5"))


def new_value(draw, t: Table, column: str, alias: str | None = None) -> str:
    """An expression for SET column = ...: often computed from the row."""
    kind = t.columns[column]
    ref = f"{alias}.{column}" if alias else column
    if draw(st.integers(0, 2)) == 0:
        return value(draw, kind)
    options = {
        "int": (f"{ref} + 1", f"{ref} * 2", f"-{ref}", f"coalesce({ref}, 0) + 10", f"{ref} + 2147483647",
                f"CASE WHEN {ref} > 2 THEN 0 ELSE {ref} END", "DEFAULT", f"greatest({ref}, 1)"),
        "bigint": (f"{ref} + 1", "DEFAULT", f"{ref} * 3"),
        "smallint": (f"{ref} + 1", f"{ref} * 1000", "DEFAULT"),
        "numeric": (f"{ref} * 1.5", f"round({ref}, 1)", f"{ref} + 0.005", f"{ref} / 3", f"{ref} * 10000"),
        "text": (f"{ref} || 'x'", f"upper({ref})", f"coalesce({ref}, 'none')", f"replace({ref}, 'a', 'b')",
                 f"concat({ref}, '-', 1)", f"trim({ref})", f"substr({ref}, 2)",
                 f"CASE WHEN {ref} IS NULL THEN 'was null' ELSE {ref} END", "DEFAULT"),
        "varchar": (f"{ref} || 'xyz'", f"upper({ref})", f"substr({ref}, 1, 2)", f"lower({ref})",
                    f"left({ref} || 'zz', 5)"),
        "bool": (f"NOT {ref}", f"{ref} IS NULL", f"coalesce({ref}, false)", "DEFAULT"),
        "jsonb": (f"{ref} || '{{\"b\": 2}}'", f"jsonb_set({ref}, '{{a}}', '5')", f"coalesce({ref}, '[]')",
                  f"{ref} - 'a'"),
        "text[]": (f"{ref} || 'q'::text", f"array_append({ref}, 'z')", f"array_remove({ref}, 'a')"),
        "ts": ("now()", "DEFAULT"),
    }[kind]
    return _one(draw, options)


# ---- statements ---------------------------------------------------------------------------------


def insert(draw, s: Shadow) -> str:
    t = s.table(draw)
    source = draw(st.integers(0, 4))
    if source <= 2:
        sql = _insert_values(draw, t)
    elif source == 3:
        sql = _insert_series(draw, t)
    else:
        sql = _insert_from_table(draw, s, t)
    if t.keys and draw(st.integers(0, 2)) == 0:
        sql += _on_conflict(draw, t)
    return sql


def _insert_columns(draw, t: Table) -> list[str]:
    columns = list(t.columns)
    chosen = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=min(4, len(columns)), unique=True))
    if t.name == "p" and t.sequence and draw(st.integers(0, 2)):
        chosen = [c for c in chosen if c != "id"] or ["n"]  # mostly let the key come from its sequence
    elif t.name == "p" and not t.sequence and "id" not in chosen and draw(st.integers(0, 5)):
        chosen.insert(0, "id")
    if t.name == "g" and "name" not in chosen and draw(st.integers(0, 5)):
        chosen.insert(0, "name")
    return chosen


def _insert_values(draw, t: Table, seed: bool = False) -> str:
    """`seed`: rows of good values (the second file's), else any."""
    all_columns = draw(st.integers(0, 5)) == 0 and not seed
    columns = list(t.columns) if all_columns else _insert_columns(draw, t)
    if seed:
        columns = [c for c in ("id", "name") if c in t.columns and c not in columns and not (c == "id" and t.sequence)
                   ] + columns
    rows = []
    for _ in range(draw(st.integers(2 if seed else 1, 4 if seed else 3))):
        if seed:
            rows.append("(" + ", ".join(_seed_value(draw, t, c, len(rows)) for c in columns) + ")")
            continue
        rows.append("(" + ", ".join("DEFAULT" if draw(st.integers(0, 6)) == 0 and _has_default(t, c)
                                    else _insert_value(draw, t, c) for c in columns) + ")")
    head = f"INSERT INTO {t.name}" + ("" if all_columns else f" ({', '.join(columns)})")
    overriding = (" OVERRIDING SYSTEM VALUE" if t.identity_always and "id" in columns and draw(st.integers(0, 4))
                  else "")
    return f"{head}{overriding} VALUES {', '.join(rows)}"


def _seed_value(draw, t: Table, column: str, row: int) -> str:
    if column in ("id", "code", "name") and not (column == "id" and t.sequence):
        return str(row + 1) if column == "id" else f"'{'abcd'[row]}'"
    if column in ("p_id", "c_id"):
        return _one(draw, ("1", "2", "NULL"))
    return _one(draw, [v for v in _VALUES[t.columns[column]][:-2] if v != "NULL"])


def _has_default(t: Table, column: str) -> bool:
    """Mostly DEFAULT only where the column has one (or may be NULL): else the row fails."""
    return (column not in t.not_null or column in ("n", "v", "created", "qty") or (column == "id" and t.sequence)
            or column.startswith("x"))


def _insert_value(draw, t: Table, column: str) -> str:
    nullable = column not in t.not_null or draw(st.integers(0, 9)) == 0
    if column in ("id", "p_id", "c_id") or (column == "code" and draw(st.booleans())):
        if column == "code":
            return _one(draw, ("'a'", "'b'", "'c'", "'d'"))
        return _one(draw, ("1", "2", "3", "4", "5") + (("NULL",) if nullable else ()))
    if column == "name":
        return _one(draw, ("'a'", "'b'", "'c'", "'d'") + (("NULL",) if nullable else ()))
    return value(draw, t.columns[column], nullable)


def _insert_series(draw, t: Table) -> str:
    columns = _insert_columns(draw, t)
    start, stop = draw(st.integers(-1, 3)), draw(st.integers(1, 5))
    exprs = []
    for c in columns:
        kind = t.columns[c]
        if kind in _NUMBERS:
            exprs.append(_one(draw, ("g", "g * 2", "g + 1", "10 - g", "g % 2")))
        elif kind in _TEXTS:
            exprs.append(_one(draw, ("'n' || g", "g::text", "repeat('a', g)", "'same'")))
        elif kind == "bool":
            exprs.append(_one(draw, ("g % 2 = 0", "g > 2", "true")))
        else:
            exprs.append(_insert_value(draw, t, c))
    where = f" WHERE g <> {draw(st.integers(0, 3))}" if draw(st.integers(0, 2)) == 0 else ""
    return (f"INSERT INTO {t.name} ({', '.join(columns)}) SELECT {', '.join(exprs)} "
            f"FROM generate_series({start}, {stop}) AS g{where}")


def _insert_from_table(draw, s: Shadow, t: Table) -> str:
    other = s.table(draw)
    columns = _insert_columns(draw, t)
    exprs = []
    for c in columns:
        kind = t.columns[c]
        same = [o for o, k in other.columns.items() if k == kind or (kind in _NUMBERS and k in _NUMBERS)
                or (kind in _TEXTS and k in _TEXTS)]
        if same and draw(st.integers(0, 3)):
            exprs.append(f"o.{_one(draw, same)}")
        else:
            exprs.append(_insert_value(draw, t, c))
    if draw(st.integers(0, 4)) == 0:  # constants only
        return f"INSERT INTO {t.name} ({', '.join(columns)}) SELECT {', '.join(_insert_value(draw, t, c) for c in columns)}"
    where = f" WHERE {predicate(draw, other, 'o')}" if draw(st.booleans()) else ""
    return f"INSERT INTO {t.name} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {other.name} AS o{where}"


def _on_conflict(draw, t: Table) -> str:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return " ON CONFLICT DO NOTHING"
    key = [c for c in t.keys if c in t.columns]
    if not key:
        return " ON CONFLICT DO NOTHING"
    target = f"({_one(draw, key)})" if draw(st.integers(0, 3)) or not t.constraints else \
        f"ON CONSTRAINT {_one(draw, t.constraints)}"
    if choice == 1:
        return f" ON CONFLICT {target} DO NOTHING"
    settable = [c for c in t.columns if c not in ("id",)]
    sets = draw(st.lists(st.sampled_from(settable), min_size=1, max_size=2, unique=True))
    parts = []
    for c in sets:
        parts.append(_one(draw, (f"{c} = EXCLUDED.{c}", f"{c} = {new_value(draw, t, c, t.name)}")))
    where = ""
    if draw(st.booleans()):
        where = " WHERE " + _one(draw, (predicate(draw, t, t.name), predicate(draw, t, "EXCLUDED"),
                                        f"{t.name}.{key[0]} IS DISTINCT FROM EXCLUDED.{key[0]}"))
    return f" ON CONFLICT {target} DO UPDATE SET {', '.join(parts)}{where}"


def update(draw, s: Shadow) -> str:
    t = s.table(draw)
    settable = [c for c in t.columns if not (c == "id" and t.identity_always)] or list(t.columns)
    sets = draw(st.lists(st.sampled_from(settable), min_size=1, max_size=2, unique=True))
    others = [o for o in s.tables.values() if o.name != t.name]
    if others and draw(st.integers(0, 3)) == 0:
        o = _one(draw, others)
        join = _join(t, o)
        assignments = ", ".join(f"{c} = {new_value(draw, t, c, t.name)}" for c in sets)
        extra = f" AND {predicate(draw, o, 'o')}" if draw(st.booleans()) else ""
        return f"UPDATE {t.name} SET {assignments} FROM {o.name} AS o WHERE {join}{extra}"
    assignments = ", ".join(f"{c} = {new_value(draw, t, c)}" for c in sets)
    where = f" WHERE {predicate(draw, t)}" if draw(st.integers(0, 4)) else ""
    return f"UPDATE {t.name} SET {assignments}{where}"


def _join(t: Table, o: Table) -> str:
    """A join condition between the two tables, along the foreign key where there is one."""
    if "p_id" in t.columns and o.name == "p":
        return f"o.id = {t.name}.p_id"
    if "p_id" in o.columns and t.name == "p":
        return f"o.p_id = {t.name}.id"
    if "c_id" in t.columns and o.name == "c":
        return f"o.id = {t.name}.c_id"
    if "c_id" in o.columns and t.name == "c":
        return f"o.c_id = {t.name}.id"
    return "true"


def delete(draw, s: Shadow) -> str:
    t = s.table(draw)
    others = [o for o in s.tables.values() if o.name != t.name]
    if others and draw(st.integers(0, 3)) == 0:
        o = _one(draw, others)
        extra = f" AND {predicate(draw, o, 'o')}" if draw(st.booleans()) else ""
        return f"DELETE FROM {t.name} USING {o.name} AS o WHERE {_join(t, o)}{extra}"
    where = f" WHERE {predicate(draw, t)}" if draw(st.integers(0, 4)) else ""
    return f"DELETE FROM {t.name}{where}"


def truncate(draw, s: Shadow) -> str:
    names = draw(st.lists(st.sampled_from(sorted(s.tables)), min_size=1, max_size=2, unique=True))
    restart = _one(draw, ("", " RESTART IDENTITY", " CONTINUE IDENTITY"))
    cascade = _one(draw, (" CASCADE", " CASCADE", "", " RESTRICT"))
    return f"TRUNCATE {', '.join(names)}{restart}{cascade}"


def sequence_call(draw, s: Shadow) -> str:
    seq = _one(draw, s.sequences)
    n = _one(draw, ("1", "5", "10", "0", "100"))
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return f"SELECT setval('{seq}', {n})"
    if choice == 1:
        return f"SELECT setval('{seq}', {n}, {_one(draw, ('true', 'false'))})"
    if choice == 2:
        return f"SELECT nextval('{seq}')"
    if choice == 3:
        return f"ALTER SEQUENCE {seq} RESTART" + _one(draw, ("", f" WITH {n}"))
    if choice == 4:
        return f"ALTER SEQUENCE {seq} " + _one(draw, ("INCREMENT BY 2", "MINVALUE 3", "MAXVALUE 50", "START WITH 4",
                                                       "NO CYCLE", "CYCLE"))
    p = s.tables["p"]
    if p.sequence:
        return "ALTER TABLE p ALTER COLUMN id RESTART" + _one(draw, ("", f" WITH {n}"))
    return f"SELECT nextval('{seq}')"


def ddl(draw, s: Shadow) -> str:
    t = s.table(draw)
    choice = draw(st.integers(0, 5))
    if choice <= 1:
        kind = _one(draw, ("int", "text", "varchar", "bool", "numeric", "ts", "jsonb"))
        name = s.fresh("x")
        default = value(draw, kind) if kind != "ts" else _one(draw, ("now()", "CURRENT_TIMESTAMP"))
        spelled = _one(draw, (f" DEFAULT {default}", f" DEFAULT {default} NOT NULL", "", " NOT NULL",
                              f" DEFAULT {default} CHECK ({name} IS NOT NULL)"))
        if default in ("NULL",) and "DEFAULT" in spelled:
            spelled = " DEFAULT NULL"
        t.columns[name] = kind
        if draw(st.integers(0, 5)) == 0:
            t.columns[name] = "int"
            return f"ALTER TABLE {t.name} ADD COLUMN {name} serial"
        return f"ALTER TABLE {t.name} ADD COLUMN {name} {_TYPES[kind]}{spelled}"
    if choice == 2:
        column = _column(draw, t, ("int", "bigint", "smallint", "text", "varchar", "numeric"))
        if column is None or column == "id":
            return f"ALTER TABLE {t.name} ALTER COLUMN {_column(draw, t)} SET NOT NULL"
        kind = t.columns[column]
        targets = {"int": (("bigint", "bigint"), ("text", "text"), ("smallint", "smallint"), ("numeric(4,1)", "numeric")),
                   "bigint": (("int", "int"), ("text", "text")),
                   "smallint": (("int", "int"),),
                   "text": (("varchar(2)", "varchar"), (f"int USING {column}::int", "int"), ("varchar(5)", "varchar")),
                   "varchar": (("text", "text"), ("varchar(2)", "varchar"), (f"int USING {column}::integer", "int")),
                   "numeric": (("numeric(5,1)", "numeric"), ("int", "int"), ("text", "text"))}[kind]
        if column in t.pinned or "*" in t.pinned:
            family = _NUMBERS if kind in _NUMBERS else _TEXTS
            targets = tuple(x for x in targets if x[1] in family and "USING" not in x[0])
            if not targets:
                return f"ALTER TABLE {t.name} ALTER COLUMN {column} SET NOT NULL"
        to, new_kind = _one(draw, targets)
        t.columns[column] = new_kind
        return f"ALTER TABLE {t.name} ALTER COLUMN {column} TYPE {to}"
    if choice == 3:
        return f"ALTER TABLE {t.name} ALTER COLUMN {_column(draw, t)} SET NOT NULL"
    name = s.fresh(f"{t.name}_k")
    if choice == 4:
        t.pinned.add("*")
        return f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK ({predicate(draw, t)})" + _one(
            draw, ("", "", " NOT VALID"))
    column = _column(draw, t, ("int", "bigint", "text", "varchar"))
    if column is None:
        return f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK (true)"
    if draw(st.booleans()) and t.columns[column] in ("int", "bigint") and column != "id":
        action = _one(draw, ("", " ON DELETE CASCADE", " ON DELETE SET NULL"))
        return f"ALTER TABLE {t.name} ADD CONSTRAINT {name} FOREIGN KEY ({column}) REFERENCES p (id){action}"
    t.keys.append(column)
    t.constraints.append(name)
    return f"ALTER TABLE {t.name} ADD CONSTRAINT {name} UNIQUE ({column})"


# Shrinking moves towards the first entries: inserts are the simplest statements.
_WEIGHTED = (insert,) * 6 + (update,) * 3 + (delete,) * 2 + (truncate, sequence_call, sequence_call, ddl, ddl)


@st.composite
def statement(draw, shadow: Shadow) -> str:
    return draw(st.sampled_from(_WEIGHTED))(draw, shadow)


@st.composite
def dml_histories(draw, max_files: int = 7, max_statements: int = 4) -> dict[str, str]:
    """{file name: SQL}, one statement a line: the first file creates the tables, the second inserts rows into
    most of them (and may do more), each other holds a few statements."""
    shadow = Shadow()
    files = {"001_m.sql": create_tables(draw, shadow)}
    files["002_m.sql"] = [_insert_values(draw, t, seed=True) for t in shadow.tables.values() if draw(st.integers(0, 5))]
    for i in range(draw(st.integers(1, max_files - 2))):
        files[f"{i + 3:03d}_m.sql"] = draw(st.lists(statement(shadow), min_size=1, max_size=max_statements))
    return {name: "".join(f"{stmt};\n" for stmt in stmts) for name, stmts in files.items()}
