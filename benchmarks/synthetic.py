"""Deterministic synthetic legacy histories for the benchmark (and for the tests that check them on PostgreSQL).

    history = generate_history(folder, files=1000)          # 00000_....sql .. 00999_....sql
    generate_tables_file(folder, tables=5000)              # one file, 5,000 CREATE TABLEs

The generator keeps its own model of what exists (tables, columns and their types, indexes, enums and their
committed values, views, triggers, which columns hold rows and which foreign keys are populated) and emits only
statements that PostgreSQL 15 accepts when each file is run as one transaction (``psql -1 -v ON_ERROR_STOP=1``).
About 10% of the files are "messy" (a guarded re-create that does nothing, a fix migration that alters something
back), and still valid.

Determinism: one ``random.Random(seed)``, lists and insertion-ordered dicts only (no set or hash order), so the
bytes are the same on every run and with every ``PYTHONHASHSEED``. The history is prefix-stable: the first N files
of a longer history are the N-file history (nothing depends on the total).

What it emits, per kind (functions, triggers, views and DML are not modelled by the compiler yet; they are here
because real histories have them):

- tables with serial / bigserial / identity / uuid keys, foreign keys to older tables (inline, table constraint,
  added later), checks (named and unnamed), defaults, unique columns, comments;
- on tables created much earlier (about a third of the statements): column adds (plain, ``IF NOT EXISTS``,
  ``NOT NULL DEFAULT``, several in one ALTER), renames, widening type changes (and narrowing "fixes" back), drops,
  ``SET/DROP DEFAULT``, ``SET/DROP NOT NULL``, check constraints added (some ``NOT VALID`` then ``VALIDATE``) and
  dropped, table renames and drops;
- index churn: plain, multi-column, ``DESC``, expression (``lower()``), partial, unique, GIN; drop and rename;
- enums: ``CREATE TYPE ... AS ENUM``, ``ALTER TYPE ... ADD VALUE [IF NOT EXISTS] [BEFORE|AFTER]`` (a value added in
  a file is used only from the next file on: the server refuses it in the transaction that added it);
- ``CREATE OR REPLACE FUNCTION ... LANGUAGE plpgsql`` (trigger functions and plain ones, replaced later),
  ``CREATE TRIGGER`` / ``DROP TRIGGER IF EXISTS``, views (``CREATE [OR REPLACE] VIEW``, joins, ``DROP VIEW``);
- ``DO $$ ... IF NOT EXISTS (SELECT 1 FROM information_schema.columns ...) THEN ALTER TABLE ... END IF; END $$``
  and the ``pg_constraint`` / ``pg_indexes`` guards, and ``EXCEPTION WHEN duplicate_object``;
- seed DML: ``INSERT`` of a couple of rows, ``UPDATE``, ``DELETE``; sequences with ``nextval`` defaults.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from pathlib import Path

OLD_AGE = 50  # a table "created much earlier" was created at least this many files before the statement
SEED = 14

TABLE_WORDS = [
    "accounts", "customers", "orders", "invoices", "products", "payments", "shipments", "tickets", "projects",
    "tasks", "comments", "sessions", "devices", "locations", "vendors", "contracts", "events", "messages",
    "reports", "subscriptions", "teams", "members", "bookings", "rooms", "assets", "audits", "alerts", "notes",
]
COLUMN_WORDS = {
    "text": ["name", "title", "email", "description", "label", "slug", "phone", "address", "city", "country",
             "reference", "summary", "notes", "source", "channel"],
    "int": ["quantity", "priority", "position", "attempts", "score", "retries", "rank", "capacity", "duration"],
    "numeric": ["amount", "price", "balance", "total", "discount", "weight", "rate"],
    "bool": ["is_active", "archived", "verified", "enabled", "is_public", "flagged"],
    "time": ["starts_at", "ends_at", "expires_at", "last_seen_at", "published_at", "closed_at"],
    "json": ["metadata", "settings", "payload", "attributes"],
    "enum": ["status", "kind", "state", "level", "stage"],
    "uuid": ["external_id", "correlation_id", "tracking_id"],
}
ENUM_WORDS = ["status", "priority", "kind", "channel", "tier", "phase"]
ENUM_VALUES = ["new", "open", "pending", "active", "paused", "done", "closed", "archived", "failed", "draft",
               "review", "approved", "rejected", "low", "medium", "high", "urgent", "bronze", "silver", "gold"]
VALUE_WORDS = ["alpha", "beta", "gamma", "delta", "omega", "north", "south", "red", "blue", "green"]


# ---- the generator's model -------------------------------------------------------------------------------------


@dataclass(eq=False)
class Enum:
    name: str
    values: list[str]          # committed: usable in this file
    created_file: int
    pending: list[str] = field(default_factory=list)  # added in the current file: usable from the next one


@dataclass(eq=False)
class Column:
    name: str
    type: str                  # SQL type as written: varchar(100), integer, numeric(10,2), an enum's name, ...
    kind: str                  # text int numeric bool time json enum uuid key fk
    nullable: bool = True
    default: str | None = None
    filled: bool = True        # no existing row holds NULL (SET NOT NULL is safe)
    unique: bool = False
    enum: Enum | None = None
    fk: "Table | None" = None  # referenced table
    fk_action: str = ""        # "", CASCADE, SET NULL
    populated: bool = False    # a foreign key column some row sets (DELETE on the parent must respect it)
    table: "Table | None" = None  # the table a foreign key column belongs to
    pins: int = 0              # views and trigger functions using it: no drop, no type change
    no_rename: int = 0         # trigger functions name it in their body: no rename either
    widened_from: str | None = None  # the type before the last widening (a "fix" may change it back)
    renamed_from: str | None = None


@dataclass(eq=False)
class Index:
    name: str
    columns: list[Column]      # every column the index mentions (a dropped column drops the index)


@dataclass(eq=False)
class Table:
    name: str
    key_type: str              # the type a foreign key to it has: integer, bigint, uuid
    created_file: int
    columns: list[Column] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    checks: list[tuple[str, Column]] = field(default_factory=list)  # named checks the generator may drop
    triggers: list[str] = field(default_factory=list)
    referenced_by: list[Column] = field(default_factory=list)       # foreign key columns of other tables
    views: int = 0
    has_rows: bool = False
    renamed_from: str | None = None

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def free_name(self, word: str, gen: "Generator") -> str:
        return word if self.column(word) is None else f"{word}_{gen.next_id()}"


@dataclass(eq=False)
class View:
    name: str
    items: list[tuple[str, str, Column]]   # (alias in the view, table alias, column)
    tables: list[tuple[str, Table]]        # (table alias, table); the second one is joined on the first's fk
    join_fk: Column | None
    where: tuple[str, Column] | None


@dataclass
class Stats:
    files: int = 0
    statements: int = 0
    on_old_tables: int = 0
    messy_files: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1


def q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Generator:
    """One history: call ``next_file()`` for each file, in order."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.tables: list[Table] = []      # live tables, in creation order
        self.enums: list[Enum] = []
        self.views: list[View] = []
        self.functions: list[tuple[str, str]] = []  # plain functions: (name, argument type)
        self.counter = 0
        self.file = 0
        self.stats = Stats()
        self.statements: list[str] = []
        self.last_fix: tuple | None = None  # something a later "fix" migration can alter back

    # -- helpers -----------------------------------------------------------------------------------------------

    def next_id(self) -> int:
        self.counter += 1
        return self.counter

    def emit(self, sql: str, kind: str, table: Table | None = None) -> None:
        self.statements.append(sql)
        self.stats.statements += 1
        self.stats.count(kind)
        if table is not None and table.created_file <= self.file - OLD_AGE:
            self.stats.on_old_tables += 1

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def pick_table(self, where=None) -> Table | None:
        """A live table satisfying ``where``: half the time one created much earlier, otherwise a recent one."""
        if not self.tables:
            return None
        cutoff = bisect.bisect_right(self.tables, self.file - OLD_AGE, key=lambda t: t.created_file)
        recent = self.tables[-12:]
        for _ in range(40):
            if cutoff and self.chance(0.5):
                t = self.tables[self.rng.randrange(cutoff)]
            else:
                t = self.pick(recent)
            if where is None or where(t):
                return t
        return None

    def pick_column(self, table: Table, where) -> Column | None:
        cols = [c for c in table.columns if where(c)]
        return self.pick(cols) if cols else None

    def usable_enums(self) -> list[Enum]:
        return [e for e in self.enums if e.values]

    # -- values ------------------------------------------------------------------------------------------------

    def value(self, col: Column) -> str:
        """A literal of the column's type that satisfies every check the generator writes (non-negative numbers,
        non-empty strings of at most 16 characters, so varchar(20) and up always fit)."""
        r = self.rng
        if col.unique:
            return q(f"u{self.next_id()}") if col.kind == "text" else str(self.next_id())
        if col.kind == "text":
            return q(f"{self.pick(VALUE_WORDS)}-{r.randrange(1000)}")
        if col.kind == "int":
            return str(r.randrange(500))
        if col.kind == "numeric":
            return f"{r.randrange(100000) / 100:.2f}"
        if col.kind == "bool":
            return self.pick(["true", "false"])
        if col.kind == "time":
            if col.type == "timestamp":
                return q(f"2024-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d} 09:30:00")
            return self.pick(["now()", q(f"2023-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d} 10:00:00+00")])
        if col.kind == "json":
            return q('{"source": "seed", "n": %d}' % r.randrange(100))
        if col.kind == "enum":
            return q(self.pick(col.enum.values))
        if col.kind == "uuid":
            return "gen_random_uuid()"
        raise ValueError(col.kind)

    def new_column(self, table: Table, kind: str | None = None, *, for_rows: bool = False) -> Column:
        """A column definition for a new or existing table (not yet attached)."""
        r = self.rng
        if kind is None:
            kinds = ["text", "text", "int", "numeric", "bool", "time", "json", "uuid"]
            if self.usable_enums():
                kinds += ["enum", "enum"]
            kind = self.pick(kinds)
        name = table.free_name(self.pick(COLUMN_WORDS[kind]), self)
        col = Column(name=name, type="", kind=kind)
        if kind == "text":
            col.type = self.pick(["varchar(20)", "varchar(50)", "varchar(100)", "varchar(255)", "text"])
            if self.chance(0.3):
                col.default = q(self.pick(VALUE_WORDS))
        elif kind == "int":
            col.type = self.pick(["integer", "integer", "smallint", "bigint"])
            if self.chance(0.5):
                col.default = str(r.randrange(10))
        elif kind == "numeric":
            col.type = self.pick(["numeric(10,2)", "numeric(12,2)", "numeric(8,2)"])
            if self.chance(0.5):
                col.default = "0"
        elif kind == "bool":
            col.type = "boolean"
            if self.chance(0.7):
                col.default = self.pick(["true", "false"])
        elif kind == "time":
            col.type = self.pick(["timestamptz", "timestamptz", "timestamp"])
            if self.chance(0.3):
                col.default = "now()"
        elif kind == "json":
            col.type = "jsonb"
            if self.chance(0.6):
                col.default = "'{}'"
        elif kind == "enum":
            col.enum = self.pick(self.usable_enums())
            col.type = col.enum.name
            if self.chance(0.7):
                col.default = q(col.enum.values[0])
        elif kind == "uuid":
            col.type = "uuid"
            if self.chance(0.5):
                col.default = "gen_random_uuid()"
        if col.default is not None and self.chance(0.4):
            col.nullable = False
        elif col.default is None and not for_rows and kind in ("text", "int") and self.chance(0.2):
            col.nullable = False  # NOT NULL without a default: only on an empty table
        return col

    def column_sql(self, col: Column, *, inline_check: str = "") -> str:
        parts = [col.name, col.type]
        if col.kind == "fk":
            parts.append(f"REFERENCES {col.fk.name} (id)")
            if col.fk_action:
                parts.append(f"ON DELETE {col.fk_action}")
            return " ".join(parts)
        if not col.nullable:
            parts.append("NOT NULL")
        if col.default is not None:
            parts.append(f"DEFAULT {col.default}")
        if col.unique:
            parts.append("UNIQUE")
        if inline_check:
            parts.append(inline_check)
        return " ".join(parts)

    def check_for(self, col: Column) -> str | None:
        """A CHECK expression every value the generator writes satisfies."""
        if col.kind in ("int", "numeric"):
            return f"{col.name} >= 0"
        if col.kind == "text":
            return self.pick([f"{col.name} <> ''", f"char_length({col.name}) <= 200"])
        return None

    def fk_column(self, table: Table, parent: Table) -> Column:
        word = parent.name.rsplit("_", 1)[0].rstrip("s") + "_id"
        col = Column(name=table.free_name(word, self), type=parent.key_type, kind="fk", fk=parent, table=table,
                     fk_action=self.pick(["", "", "CASCADE", "SET NULL"]))
        return col

    def attach_fk(self, col: Column) -> None:
        col.fk.referenced_by.append(col)

    # -- one file ----------------------------------------------------------------------------------------------

    OPS = [  # (operation, weight)
        ("create_table", 14), ("add_column", 13), ("alter_type", 5), ("rename_column", 4), ("drop_column", 4),
        ("column_default", 5), ("check", 5), ("create_index", 8), ("drop_index", 3), ("rename_index", 2),
        ("create_enum", 2), ("add_enum_value", 3), ("function", 3), ("trigger", 4), ("view", 4), ("do_guard", 6),
        ("insert", 6), ("update", 3), ("delete", 2), ("comment", 3), ("rename_table", 1), ("drop_table", 1),
        ("sequence", 1),
    ]

    def next_file(self) -> tuple[str, str]:
        """The next file: (name, text)."""
        self.statements = []
        n = self.file
        titles: list[str] = []
        if n == 0:
            titles.append(self.op_initial())
        else:
            ops, weights = zip(*self.OPS)
            count = self.rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 20, 12, 8])[0]
            for op in self.rng.choices(ops, weights=weights, k=count):
                title = getattr(self, "op_" + op)() or self.op_add_column() or self.op_create_table()
                titles.append(title)
            if self.chance(0.10):
                title = self.op_messy()
                if title:
                    titles.append(title)
                    self.stats.messy_files += 1
        for e in self.enums:  # the transaction commits: values added in this file are usable from now on
            e.values.extend(e.pending)
            e.pending = []
        self.file += 1
        self.stats.files += 1
        slug = "".join(ch if ch.isalnum() else "_" for ch in titles[0].lower()).strip("_")[:48].rstrip("_")
        name = f"{n:05d}_{slug}.sql"
        header = f"-- {name}\n-- " + "; ".join(titles) + "\n\n"
        return name, header + "\n\n".join(self.statements) + "\n"

    # -- operations: each emits statements and returns a title, or None when it cannot apply ------------------

    def op_initial(self) -> str:
        self.emit('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', "CREATE EXTENSION")
        self.emit(
            "CREATE OR REPLACE FUNCTION set_updated_at()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\nBEGIN\n"
            "    NEW.updated_at = now();\n    RETURN NEW;\nEND;\n$$;",
            "CREATE FUNCTION",
        )
        self.op_create_enum()
        self.op_create_table()
        self.op_create_table()
        return "initial schema"

    def op_create_table(self) -> str:
        r = self.rng
        t = Table(name=f"{self.pick(TABLE_WORDS)}_{self.next_id()}", key_type="", created_file=self.file)
        style = self.pick(["serial", "serial", "bigserial", "identity", "identity_default", "uuid", "uuid_v4"])
        key_sql = {
            "serial": ("id serial PRIMARY KEY", "integer"),
            "bigserial": ("id bigserial PRIMARY KEY", "bigint"),
            "identity": ("id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "bigint"),
            "identity_default": ("id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "integer"),
            "uuid": ("id uuid PRIMARY KEY DEFAULT gen_random_uuid()", "uuid"),
            "uuid_v4": ("id uuid DEFAULT uuid_generate_v4() PRIMARY KEY", "uuid"),
        }[style]
        t.key_type = key_sql[1]
        t.columns.append(Column(name="id", type=t.key_type, kind="key", nullable=False, default="key"))
        lines = [key_sql[0]]
        constraints: list[str] = []
        # foreign keys to older tables
        for _ in range(self.rng.choices([0, 1, 2], weights=[35, 45, 20])[0]):
            parent = self.pick_table()
            if parent is None:
                break
            col = self.fk_column(t, parent)
            t.columns.append(col)
            self.attach_fk(col)
            if self.chance(0.3):
                lines.append(f"{col.name} {col.type}")
                action = f" ON DELETE {col.fk_action}" if col.fk_action else ""
                constraints.append(f"CONSTRAINT fk_{t.name}_{col.name} FOREIGN KEY ({col.name}) "
                                   f"REFERENCES {parent.name} (id){action}")
            else:
                lines.append(self.column_sql(col))
        for _ in range(r.randint(2, 6)):
            col = self.new_column(t)
            if col.kind == "text" and col.default is None and self.chance(0.15):
                col.unique = True
            check = ""
            if self.chance(0.2) and (expr := self.check_for(col)):
                check = f"CHECK ({expr})"  # unnamed: the server names it <table>_<column>_check
            t.columns.append(col)
            lines.append(self.column_sql(col, inline_check=check))
        if self.chance(0.6):
            for word in ("created_at", "updated_at"):
                t.columns.append(Column(name=word, type="timestamptz", kind="time", nullable=False, default="now()"))
                lines.append(f"{word} timestamptz NOT NULL DEFAULT now()")
        checkable = [c for c in t.columns if c.kind in ("int", "numeric")]
        if checkable and self.chance(0.3):
            col = self.pick(checkable)
            name = f"chk_{col.name}_{self.next_id()}"
            constraints.append(f"CONSTRAINT {name} CHECK ({col.name} >= 0)")
            t.checks.append((name, col))
        body = ",\n    ".join(lines + constraints)
        self.emit(f"CREATE TABLE {t.name} (\n    {body}\n);", "CREATE TABLE")
        self.tables.append(t)
        for col in t.columns:
            if col.kind == "fk" and self.chance(0.6):
                self.create_index(t, [col])
        if self.chance(0.2):
            self.emit(f"COMMENT ON TABLE {t.name} IS {q('The ' + t.name.rsplit('_', 1)[0] + ' of the app.')};",
                      "COMMENT", t)
        if t.column("updated_at") is not None and self.chance(0.4):
            self.add_updated_at_trigger(t)
        if self.chance(0.25):
            self.insert_rows(t)
        return f"create table {t.name}"

    def op_add_column(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        clauses: list[str] = []
        added: list[Column] = []
        for _ in range(self.rng.choices([1, 2, 3], weights=[70, 20, 10])[0]):
            if self.chance(0.15):
                col = self.fk_column(t, self.pick_table() or t)
                if any(a.name == col.name for a in added):
                    continue
                clauses.append(f"ADD COLUMN {self.column_sql(col)}")
            else:
                col = self.new_column(t, for_rows=t.has_rows)
                if any(a.name == col.name for a in added):
                    continue
                if t.has_rows and not col.nullable and col.default is None:
                    col.nullable = True
                col.filled = col.default is not None or not t.has_rows
                guard = "IF NOT EXISTS " if self.chance(0.2) else ""
                clauses.append(f"ADD COLUMN {guard}{self.column_sql(col)}")
            added.append(col)
        for col in added:
            t.columns.append(col)
            if col.kind == "fk":
                self.attach_fk(col)
        self.emit(f"ALTER TABLE {t.name}\n    " + ",\n    ".join(clauses) + ";", "ALTER TABLE ADD COLUMN", t)
        for col in added:
            if col.kind == "fk" and self.chance(0.5):
                self.create_index(t, [col])
        return f"add {added[0].name} to {t.name}"

    def retypable(self, c: Column) -> bool:
        return c.pins == 0 and c.kind in ("text", "int", "numeric", "time") and self.widen(c) is not None

    def widen(self, c: Column) -> str | None:
        t = c.type
        if t.startswith("varchar("):
            n = int(t[8:-1])
            return "text" if n >= 255 else f"varchar({ {20: 50, 50: 100, 100: 255}[n] })"
        if t in ("smallint", "integer"):
            return {"smallint": "integer", "integer": "bigint"}[t]
        if t.startswith("numeric("):
            p, s = t[8:-1].split(",")
            return f"numeric({int(p) + 2},{s})" if int(p) < 16 else None
        if t == "timestamp":
            return "timestamptz"
        return None

    def op_alter_type(self) -> str | None:
        t = self.pick_table(lambda t: any(self.retypable(c) for c in t.columns))
        if t is None:
            return None
        c = self.pick_column(t, self.retypable)
        new = self.widen(c)
        using = f" USING {c.name}::{new}" if self.chance(0.25) else ""
        verb = self.pick(["TYPE", "SET DATA TYPE"])
        self.emit(f"ALTER TABLE {t.name} ALTER COLUMN {c.name} {verb} {new}{using};", "ALTER COLUMN TYPE", t)
        self.last_fix = ("type", t, c, c.type)
        c.widened_from, c.type = c.type, new
        return f"widen {t.name}.{c.name}"

    def renamable(self, c: Column) -> bool:
        return c.no_rename == 0 and c.kind not in ("key",) and c.name not in ("created_at", "updated_at")

    def rename_word(self, c: Column) -> str:
        if c.kind == "fk":  # customer_id -> customer_ref (never a bare "order": a reserved word)
            return c.name.split("_")[0] + "_ref"
        return self.pick(COLUMN_WORDS[c.kind])

    def op_rename_column(self) -> str | None:
        t = self.pick_table(lambda t: any(self.renamable(c) for c in t.columns))
        if t is None:
            return None
        c = self.pick_column(t, self.renamable)
        new = t.free_name(self.rename_word(c), self)
        if new == c.name:
            new = f"{c.name}_{self.next_id()}"
        self.emit(f"ALTER TABLE {t.name} RENAME COLUMN {c.name} TO {new};", "ALTER TABLE RENAME COLUMN", t)
        self.last_fix = ("rename", t, c, c.name)
        c.renamed_from, c.name = c.name, new
        return f"rename {t.name}.{c.renamed_from}"

    def droppable(self, c: Column) -> bool:
        return c.pins == 0 and c.no_rename == 0 and c.kind != "key"

    def drop_column_state(self, t: Table, c: Column) -> None:
        t.columns.remove(c)
        t.indexes = [i for i in t.indexes if c not in i.columns]
        t.checks = [(n, col) for n, col in t.checks if col is not c]
        if c.kind == "fk":
            c.fk.referenced_by.remove(c)

    def op_drop_column(self) -> str | None:
        t = self.pick_table(lambda t: any(self.droppable(c) for c in t.columns))
        if t is None:
            return None
        c = self.pick_column(t, self.droppable)
        guard = "IF EXISTS " if self.chance(0.3) else ""
        self.emit(f"ALTER TABLE {t.name} DROP COLUMN {guard}{c.name};", "ALTER TABLE DROP COLUMN", t)
        self.drop_column_state(t, c)
        return f"drop {t.name}.{c.name}"

    def default_for(self, c: Column) -> str:
        return {"text": q(self.pick(VALUE_WORDS)), "int": "1", "numeric": "0", "bool": "false", "time": "now()",
                "json": "'{}'", "uuid": "gen_random_uuid()"}.get(c.kind) or q(self.pick(c.enum.values))

    def op_column_default(self) -> str | None:
        plain = lambda c: c.kind not in ("key", "fk") and c.name not in ("created_at", "updated_at")  # noqa: E731
        t = self.pick_table(lambda t: any(plain(c) for c in t.columns))
        if t is None:
            return None
        c = self.pick_column(t, plain)
        choices = ["set_default"]
        if c.default is not None:
            choices.append("drop_default")
        if c.nullable and c.filled:
            choices += ["set_not_null", "set_not_null"]
        if not c.nullable:
            choices.append("drop_not_null")
        action = self.pick(choices)
        if action == "set_default":
            c.default = self.default_for(c)
            sql = f"ALTER COLUMN {c.name} SET DEFAULT {c.default}"
        elif action == "drop_default":
            c.default = None
            sql = f"ALTER COLUMN {c.name} DROP DEFAULT"
        elif action == "set_not_null":
            c.nullable = False
            sql = f"ALTER COLUMN {c.name} SET NOT NULL"
        else:
            c.nullable = True
            sql = f"ALTER COLUMN {c.name} DROP NOT NULL"
        if action == "set_default" and self.chance(0.3) and c.nullable and c.filled:
            c.nullable = False
            sql += f",\n    ALTER COLUMN {c.name} SET NOT NULL"
        self.emit(f"ALTER TABLE {t.name} {sql};", "ALTER COLUMN", t)
        return f"{action.replace('_', ' ')} on {t.name}.{c.name}"

    def op_check(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        if t.checks and self.chance(0.3):
            name, _ = t.checks.pop(self.rng.randrange(len(t.checks)))
            guard = "IF EXISTS " if self.chance(0.5) else ""
            self.emit(f"ALTER TABLE {t.name} DROP CONSTRAINT {guard}{name};", "ALTER TABLE DROP CONSTRAINT", t)
            return f"drop check {name}"
        c = self.pick_column(t, lambda c: c.kind in ("int", "numeric", "text"))
        if c is None:
            return None
        expr = self.check_for(c)
        if self.chance(0.2):
            self.emit(f"ALTER TABLE {t.name} ADD CHECK ({expr});", "ALTER TABLE ADD CONSTRAINT", t)
            return f"check on {t.name}.{c.name}"
        name = f"{t.name}_{c.name}_chk{self.next_id()}"[:63]
        if self.chance(0.25):
            self.emit(f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK ({expr}) NOT VALID;",
                      "ALTER TABLE ADD CONSTRAINT", t)
            self.emit(f"ALTER TABLE {t.name} VALIDATE CONSTRAINT {name};", "ALTER TABLE VALIDATE CONSTRAINT", t)
        else:
            self.emit(f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK ({expr});", "ALTER TABLE ADD CONSTRAINT", t)
        t.checks.append((name, c))
        return f"check on {t.name}.{c.name}"

    def create_index(self, t: Table, cols: list[Column], *, text: str | None = None) -> Index:
        ix = Index(name=f"ix_{t.name}_{self.next_id()}"[:63], columns=cols)
        guard = "IF NOT EXISTS " if self.chance(0.3) else ""
        self.emit(text.format(name=ix.name, guard=guard) if text else
                  f"CREATE INDEX {guard}{ix.name} ON {t.name} ({', '.join(c.name for c in cols)});",
                  "CREATE INDEX", t)
        t.indexes.append(ix)
        return ix

    def op_create_index(self) -> str | None:
        t = self.pick_table(lambda t: len(t.columns) > 1)
        if t is None:
            return None
        plain = [c for c in t.columns if c.kind != "key"]
        c = self.pick(plain)
        shape = self.pick(["plain", "plain", "multi", "desc", "lower", "partial", "unique", "gin"])
        if shape == "multi" and len(plain) > 1:
            c2 = self.pick([x for x in plain if x is not c])
            self.create_index(t, [c, c2])
        elif shape == "desc":
            self.create_index(t, [c], text=f"CREATE INDEX {{guard}}{{name}} ON {t.name} ({c.name} DESC NULLS LAST);")
        elif shape == "lower" and c.kind == "text":
            self.create_index(t, [c], text=f"CREATE INDEX {{guard}}{{name}} ON {t.name} (lower({c.name}));")
        elif shape == "partial":
            self.create_index(t, [c], text=f"CREATE INDEX {{guard}}{{name}} ON {t.name} ({c.name}) "
                                            f"WHERE {c.name} IS NOT NULL;")
        elif shape == "unique":
            self.create_index(t, [c], text=f"CREATE UNIQUE INDEX {{guard}}{{name}} ON {t.name} (id, {c.name});")
        elif shape == "gin" and c.kind == "json":
            self.create_index(t, [c], text=f"CREATE INDEX {{guard}}{{name}} ON {t.name} USING gin ({c.name});")
        else:
            self.create_index(t, [c])
        return f"index {t.name}.{c.name}"

    def op_drop_index(self) -> str | None:
        t = self.pick_table(lambda t: bool(t.indexes))
        if t is None:
            return None
        ix = t.indexes.pop(self.rng.randrange(len(t.indexes)))
        guard = "IF EXISTS " if self.chance(0.5) else ""
        self.emit(f"DROP INDEX {guard}{ix.name};", "DROP INDEX", t)
        return f"drop index {ix.name}"

    def op_rename_index(self) -> str | None:
        t = self.pick_table(lambda t: bool(t.indexes))
        if t is None:
            return None
        ix = self.pick(t.indexes)
        new = f"ix_{t.name}_{ix.columns[0].name}_{self.next_id()}"[:63]
        guard = "IF EXISTS " if self.chance(0.3) else ""
        self.emit(f"ALTER INDEX {guard}{ix.name} RENAME TO {new};", "ALTER INDEX RENAME", t)
        old, ix.name = ix.name, new
        return f"rename index {old}"

    def op_create_enum(self) -> str:
        values = self.rng.sample(ENUM_VALUES, self.rng.randint(2, 5))
        e = Enum(name=f"{self.pick(ENUM_WORDS)}_{self.next_id()}", values=values, created_file=self.file)
        sql = f"CREATE TYPE {e.name} AS ENUM ({', '.join(q(v) for v in values)});"
        if self.chance(0.2):
            sql = (f"DO $$\nBEGIN\n    {sql}\nEXCEPTION\n    WHEN duplicate_object THEN NULL;\nEND\n$$;")
        self.emit(sql, "CREATE TYPE")
        self.enums.append(e)
        return f"create type {e.name}"

    def op_add_enum_value(self) -> str | None:
        candidates = [e for e in self.enums if e.created_file < self.file]
        if not candidates:
            return None
        e = self.pick(candidates)
        free = [v for v in ENUM_VALUES if v not in e.values and v not in e.pending]
        if not free:
            return None
        value = self.pick(free)
        guard = "IF NOT EXISTS " if self.chance(0.3) else ""
        where = ""
        if self.chance(0.3):
            where = f" {self.pick(['BEFORE', 'AFTER'])} {q(self.pick(e.values))}"
        self.emit(f"ALTER TYPE {e.name} ADD VALUE {guard}{q(value)}{where};", "ALTER TYPE ADD VALUE")
        e.pending.append(value)
        return f"add {value} to {e.name}"

    def op_function(self) -> str | None:
        if self.functions and self.chance(0.4):
            name, arg = self.pick(self.functions)
            if self.chance(0.2):
                self.functions.remove((name, arg))
                self.emit(f"DROP FUNCTION IF EXISTS {name}({arg});", "DROP FUNCTION")
                return f"drop function {name}"
        else:
            arg = self.pick(["numeric", "integer", "text"])
            name = f"fn_{self.pick(['compute', 'normalize', 'score', 'format'])}_{self.next_id()}"
            self.functions.append((name, arg))
        ret = {"numeric": "round(p_value * %d.5, 2)", "integer": "p_value * %d",
               "text": "lower(btrim(p_value)) || '-%d'"}[arg] % self.rng.randint(1, 9)
        self.emit(f"CREATE OR REPLACE FUNCTION {name}(p_value {arg})\nRETURNS {arg}\nLANGUAGE plpgsql\n"
                  f"IMMUTABLE\nAS $$\nBEGIN\n    RETURN {ret};\nEND;\n$$;", "CREATE FUNCTION")
        if self.tables and self.chance(0.3):
            t = self.pick_table()
            self.emit(f"CREATE OR REPLACE FUNCTION count_{t.name}()\nRETURNS bigint\nLANGUAGE plpgsql\nSTABLE\n"
                      f"AS $$\nBEGIN\n    RETURN (SELECT count(*) FROM {t.name});\nEND;\n$$;", "CREATE FUNCTION", t)
        return f"function {name}"

    def add_updated_at_trigger(self, t: Table) -> None:
        c = t.column("updated_at")
        c.pins += 1
        c.no_rename += 1
        name = f"trg_{t.name}_updated_at"
        t.triggers.append(name)
        self.emit(f"CREATE TRIGGER {name}\n    BEFORE UPDATE ON {t.name}\n    FOR EACH ROW\n"
                  f"    EXECUTE FUNCTION set_updated_at();", "CREATE TRIGGER", t)

    def op_trigger(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        if t.triggers and self.chance(0.3):
            name = self.pick(t.triggers)
            self.emit(f"DROP TRIGGER IF EXISTS {name} ON {t.name};", "DROP TRIGGER", t)
            kind = "FUNCTION" if self.chance(0.7) else "PROCEDURE"
            function = "set_updated_at()" if name.endswith("_updated_at") else f"{name}_fn()"
            timing = "BEFORE UPDATE" if name.endswith("_updated_at") else "BEFORE INSERT OR UPDATE"
            self.emit(f"CREATE TRIGGER {name}\n    {timing} ON {t.name}\n    FOR EACH ROW\n"
                      f"    EXECUTE {kind} {function};", "CREATE TRIGGER", t)
            return f"recreate trigger {name}"
        if t.column("updated_at") is not None and f"trg_{t.name}_updated_at" not in t.triggers:
            self.add_updated_at_trigger(t)
            return f"updated_at trigger on {t.name}"
        c = self.pick_column(t, lambda c: c.kind == "text" and c.no_rename == 0)
        if c is None:
            return None
        c.pins += 1
        c.no_rename += 1
        name = f"trg_{t.name}_{self.next_id()}"
        self.emit(f"CREATE OR REPLACE FUNCTION {name}_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\nBEGIN\n"
                  f"    NEW.{c.name} := lower(btrim(NEW.{c.name}));\n    RETURN NEW;\nEND;\n$$;", "CREATE FUNCTION", t)
        self.emit(f"CREATE TRIGGER {name}\n    BEFORE INSERT OR UPDATE ON {t.name}\n    FOR EACH ROW\n"
                  f"    EXECUTE FUNCTION {name}_fn();", "CREATE TRIGGER", t)
        t.triggers.append(name)
        return f"normalize trigger on {t.name}.{c.name}"

    def view_sql(self, v: View, verb: str) -> str:
        select = ",\n    ".join(f"{a}.{c.name} AS {alias}" for alias, a, c in v.items)
        (a0, t0) = v.tables[0]
        from_ = f"{t0.name} {a0}"
        if len(v.tables) > 1:
            a1, t1 = v.tables[1]
            from_ += f"\n    LEFT JOIN {t1.name} {a1} ON {a1}.id = {a0}.{v.join_fk.name}"
        where = f"\nWHERE {v.where[0]}.{v.where[1].name} IS TRUE" if v.where else ""
        return f"{verb} {v.name} AS\nSELECT\n    {select}\nFROM {from_}{where};"

    def pin_view(self, v: View, delta: int) -> None:
        for _, _, c in v.items:
            c.pins += delta
        if v.join_fk:
            v.join_fk.pins += delta
        if v.where:
            v.where[1].pins += delta
        for _, t in v.tables:
            t.views += delta

    def op_view(self) -> str | None:
        if self.views and self.chance(0.35):
            v = self.pick(self.views)
            if self.chance(0.5):  # add a column at the end: CREATE OR REPLACE VIEW keeps the others as they are
                a, t = v.tables[0]
                c = self.pick_column(t, lambda c: all(c is not x for _, _, x in v.items))
                if c is not None:
                    alias = f"{c.name}_{self.next_id()}"
                    self.pin_view(v, -1)
                    v.items.append((alias, a, c))
                    self.pin_view(v, +1)
                    self.emit(self.view_sql(v, "CREATE OR REPLACE VIEW"), "CREATE VIEW", t)
                    return f"extend view {v.name}"
            self.emit(f"DROP VIEW IF EXISTS {v.name};", "DROP VIEW", v.tables[0][1])
            self.pin_view(v, -1)
            self.views.remove(v)
            return f"drop view {v.name}"
        t = self.pick_table(lambda t: len(t.columns) > 2)
        if t is None:
            return None
        cols = [c for c in t.columns if c.kind not in ("key", "fk")]
        chosen = self.rng.sample(cols, min(len(cols), self.rng.randint(1, 3)))
        v = View(name=f"v_{t.name}_{self.next_id()}", items=[("id", "t", t.column("id"))], tables=[("t", t)],
                 join_fk=None, where=None)
        v.items += [(c.name, "t", c) for c in chosen]
        fks = [c for c in t.columns if c.kind == "fk"]
        if fks and self.chance(0.5):
            fk = self.pick(fks)
            parent = fk.fk
            pcols = [c for c in parent.columns if c.kind not in ("key", "fk")]
            if pcols and parent is not t:
                pc = self.pick(pcols)
                v.tables.append(("p", parent))
                v.join_fk = fk
                v.items.append((f"parent_{pc.name}", "p", pc))
        bools = [c for c in t.columns if c.kind == "bool"]
        if bools and self.chance(0.5):
            v.where = ("t", self.pick(bools))
        self.pin_view(v, +1)
        self.views.append(v)
        self.emit(self.view_sql(v, self.pick(["CREATE VIEW", "CREATE OR REPLACE VIEW"])), "CREATE VIEW", t)
        return f"view {v.name}"

    def op_do_guard(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        shape = self.pick(["add_column", "add_column", "add_constraint", "create_index", "rename_column"])
        if shape == "add_column":
            col = self.new_column(t, for_rows=True)
            if not col.nullable and col.default is None:
                col.nullable = True
            col.filled = col.default is not None or not t.has_rows
            cond = (f"SELECT 1 FROM information_schema.columns\n        WHERE table_name = {q(t.name)} "
                    f"AND column_name = {q(col.name)}")
            body = f"ALTER TABLE {t.name} ADD COLUMN {self.column_sql(col)};"
            t.columns.append(col)
        elif shape == "add_constraint":
            c = self.pick_column(t, lambda c: c.kind in ("int", "numeric", "text"))
            if c is None:
                return None
            name = f"{t.name}_{c.name}_chk{self.next_id()}"[:63]
            cond = f"SELECT 1 FROM pg_constraint WHERE conname = {q(name)}"
            body = f"ALTER TABLE {t.name} ADD CONSTRAINT {name} CHECK ({self.check_for(c)});"
            t.checks.append((name, c))
        elif shape == "create_index":
            c = self.pick_column(t, lambda c: c.kind != "key")
            if c is None:
                return None
            ix = Index(name=f"ix_{t.name}_{self.next_id()}"[:63], columns=[c])
            cond = f"SELECT 1 FROM pg_indexes WHERE indexname = {q(ix.name)}"
            body = f"CREATE INDEX {ix.name} ON {t.name} ({c.name});"
            t.indexes.append(ix)
        else:
            c = self.pick_column(t, self.renamable)
            if c is None:
                return None
            new = t.free_name(self.rename_word(c), self)
            if new == c.name:
                new = f"{c.name}_{self.next_id()}"
            self.emit(f"DO $$\nBEGIN\n    IF EXISTS (\n        SELECT 1 FROM information_schema.columns\n"
                      f"        WHERE table_name = {q(t.name)} AND column_name = {q(c.name)}\n    ) THEN\n"
                      f"        ALTER TABLE {t.name} RENAME COLUMN {c.name} TO {new};\n    END IF;\nEND\n$$;",
                      "DO", t)
            c.renamed_from, c.name = c.name, new
            return f"guarded rename of {t.name}.{c.renamed_from}"
        self.emit(f"DO $$\nBEGIN\n    IF NOT EXISTS (\n        {cond}\n    ) THEN\n        {body}\n    END IF;\nEND\n$$;",
                  "DO", t)
        return f"guarded {shape.replace('_', ' ')} on {t.name}"

    def insert_rows(self, t: Table) -> None:
        cols = []
        for c in t.columns:
            if c.kind == "key":
                continue
            if c.kind == "fk":
                if self.chance(0.5):
                    cols.append(c)
                continue
            must = (not c.nullable and c.default is None) or c.unique
            if must or self.chance(0.6):
                cols.append(c)
        rows = []
        for _ in range(self.rng.randint(1, 3)):
            values = []
            for c in cols:
                if c.kind == "fk":
                    values.append(f"(SELECT id FROM {c.fk.name} ORDER BY id LIMIT 1)")
                else:
                    values.append(self.value(c))
            rows.append("(" + ", ".join(values) + ")")
        for c in t.columns:
            if c.kind == "fk" and c in cols:
                c.populated = True
            elif c.kind not in ("key", "fk") and c not in cols and c.default is None:
                c.filled = False
        if cols:
            sql = f"INSERT INTO {t.name} ({', '.join(c.name for c in cols)})\nVALUES\n    " + ",\n    ".join(rows) + ";"
        else:
            sql = f"INSERT INTO {t.name} DEFAULT VALUES;"
        self.emit(sql, "INSERT", t)
        t.has_rows = True

    def op_insert(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        self.insert_rows(t)
        return f"seed {t.name}"

    def op_update(self) -> str | None:
        settable = lambda c: (c.kind in ("text", "int", "numeric", "bool", "time", "enum", "json")  # noqa: E731
                              and not c.unique and c.name not in ("created_at", "updated_at"))
        t = self.pick_table(lambda t: t.has_rows and any(settable(c) for c in t.columns))
        if t is None:
            return None
        c = self.pick_column(t, settable)
        sets = [f"{c.name} = {self.value(c)}"]
        if t.column("updated_at") is not None:
            sets.append("updated_at = now()")
        where = self.pick([f"id IN (SELECT id FROM {t.name} ORDER BY id LIMIT 2)", f"{c.name} IS NULL",
                           f"{c.name} IS NOT NULL"])
        self.emit(f"UPDATE {t.name}\nSET {', '.join(sets)}\nWHERE {where};", "UPDATE", t)
        return f"update {t.name}"

    def deletable(self, t: Table, depth: int = 0) -> bool:
        """Deleting rows of t cannot violate a foreign key: every populated reference cascades or sets null."""
        if depth > 8:
            return False
        for c in t.referenced_by:
            if not c.populated or c.fk_action == "SET NULL":
                continue
            if c.fk_action == "CASCADE":
                child = self.owner_of(c)
                if child is not None and (child is t or self.deletable(child, depth + 1)):
                    continue
            return False
        return True

    def owner_of(self, col: Column) -> Table | None:
        return col.table

    def op_delete(self) -> str | None:
        t = self.pick_table(lambda t: t.has_rows)
        if t is None or not self.deletable(t):
            return None
        self.emit(f"DELETE FROM {t.name}\nWHERE id IN (SELECT id FROM {t.name} ORDER BY id DESC LIMIT 1);", "DELETE", t)
        return f"delete from {t.name}"

    def op_comment(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        c = self.pick(t.columns)
        self.emit(f"COMMENT ON COLUMN {t.name}.{c.name} IS {q('Set by file ' + str(self.file) + '.')};", "COMMENT", t)
        return f"comment on {t.name}.{c.name}"

    def op_rename_table(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        new = f"{t.name.rsplit('_', 1)[0]}_{self.next_id()}"
        self.emit(f"ALTER TABLE {t.name} RENAME TO {new};", "ALTER TABLE RENAME", t)
        t.renamed_from, t.name = t.name, new
        return f"rename table {t.renamed_from}"

    def op_drop_table(self) -> str | None:
        t = self.pick_table(lambda t: t.views == 0 and all(self.owner_of(c) is t for c in t.referenced_by))
        if t is None or len(self.tables) < 10 or self.chance(0.5):
            return None
        guard = "IF EXISTS " if self.chance(0.5) else ""
        self.emit(f"DROP TABLE {guard}{t.name};", "DROP TABLE", t)
        for c in t.columns:
            if c.kind == "fk" and c.fk is not t:
                c.fk.referenced_by.remove(c)
        self.tables.remove(t)
        return f"drop table {t.name}"

    def op_sequence(self) -> str | None:
        t = self.pick_table()
        if t is None:
            return None
        seq = f"{t.name}_number_seq"
        if any(c.default == f"nextval('{seq}')" for c in t.columns):
            return None
        self.emit(f"CREATE SEQUENCE IF NOT EXISTS {seq} START WITH 1000;", "CREATE SEQUENCE", t)
        col = Column(name=t.free_name("number", self), type="bigint", kind="int", default=f"nextval('{seq}')")
        self.emit(f"ALTER TABLE {t.name} ADD COLUMN {col.name} bigint DEFAULT nextval('{seq}');",
                  "ALTER TABLE ADD COLUMN", t)
        t.columns.append(col)
        return f"numbering for {t.name}"

    # -- messy files: valid, but redundant or undoing an earlier change ---------------------------------------

    def op_messy(self) -> str | None:
        shape = self.pick(["recreate_table", "add_existing_column", "existing_index", "fix_back", "fix_back",
                           "drop_missing", "guard_existing", "existing_enum_value"])
        t = self.pick_table()
        if t is None:
            return None
        if shape == "recreate_table":
            self.emit(f"CREATE TABLE IF NOT EXISTS {t.name} (\n    id serial PRIMARY KEY,\n    name text\n);",
                      "CREATE TABLE", t)
            return f"re-create {t.name} if missing"
        if shape == "add_existing_column":
            c = self.pick_column(t, lambda c: c.kind not in ("key", "fk"))
            if c is None:
                return None
            self.emit(f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {c.name} {c.type};", "ALTER TABLE ADD COLUMN", t)
            return f"add {t.name}.{c.name} if missing"
        if shape == "existing_index":
            if not t.indexes:
                return None
            ix = self.pick(t.indexes)
            self.emit(f"CREATE INDEX IF NOT EXISTS {ix.name} ON {t.name} ({ix.columns[0].name});", "CREATE INDEX", t)
            return f"index {ix.name} if missing"
        if shape == "fix_back":
            fix, self.last_fix = self.last_fix, None
            if fix is None or fix[1] not in self.tables or fix[2] not in fix[1].columns:
                return None
            what, ft, c, before = fix
            if what == "rename" and c.no_rename == 0 and ft.column(before) is None:
                self.emit(f"ALTER TABLE {ft.name} RENAME COLUMN {c.name} TO {before};", "ALTER TABLE RENAME COLUMN", ft)
                c.name = before
                return f"fix: rename {ft.name}.{before} back"
            if what == "type" and c.pins == 0 and c.widened_from == before:
                self.emit(f"ALTER TABLE {ft.name} ALTER COLUMN {c.name} TYPE {before};", "ALTER COLUMN TYPE", ft)
                c.type, c.widened_from = before, None
                return f"fix: {ft.name}.{c.name} back to {before}"
            return None
        if shape == "drop_missing":
            self.emit(f"DROP INDEX IF EXISTS ix_{t.name}_obsolete;", "DROP INDEX", t)
            if t.triggers or self.chance(0.5):
                self.emit(f"DROP TRIGGER IF EXISTS trg_{t.name}_obsolete ON {t.name};", "DROP TRIGGER", t)
            return f"drop leftovers of {t.name}"
        if shape == "guard_existing":
            c = self.pick_column(t, lambda c: c.kind not in ("key", "fk"))
            if c is None:
                return None
            self.emit(f"DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM information_schema.columns\n"
                      f"        WHERE table_name = {q(t.name)} AND column_name = {q(c.name)}\n    ) THEN\n"
                      f"        ALTER TABLE {t.name} ADD COLUMN {c.name} {c.type};\n    END IF;\nEND\n$$;", "DO", t)
            return f"guarded add of existing {t.name}.{c.name}"
        e = self.pick(self.enums) if self.enums else None
        if e is None or not e.values:
            return None
        self.emit(f"ALTER TYPE {e.name} ADD VALUE IF NOT EXISTS {q(self.pick(e.values))};", "ALTER TYPE ADD VALUE")
        return f"{e.name} value if missing"


# ---- writing histories -------------------------------------------------------------------------------------------


def generate_history(folder: str | Path, files: int, *, seed: int = SEED) -> Stats:
    """Write ``files`` migration files into ``folder`` (created); return what was generated."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    for _ in range(files):
        name, text = gen.next_file()
        (folder / name).write_bytes(text.encode("utf-8"))
    return gen.stats


def tables_file_text(tables: int, *, seed: int = SEED) -> str:
    """One migration creating ``tables`` tables, each with a serial key, a foreign key to an earlier table, a check,
    defaults, and an index on the foreign key."""
    rng = random.Random(seed)
    out = [f"-- 00000_create_{tables}_tables.sql\n-- one file creating {tables} tables\n"]
    for n in range(tables):
        cols = ["    id serial PRIMARY KEY", f"    name varchar({rng.choice([50, 100, 255])}) NOT NULL"]
        if n:
            cols.append(f"    parent_id integer REFERENCES t{rng.randrange(n):05d} (id) ON DELETE CASCADE")
        cols += ["    amount numeric(10,2) NOT NULL DEFAULT 0 CHECK (amount >= 0)",
                 f"    status varchar(20) NOT NULL DEFAULT {q(rng.choice(ENUM_VALUES))}",
                 "    created_at timestamptz NOT NULL DEFAULT now()"]
        out.append(f"CREATE TABLE t{n:05d} (\n" + ",\n".join(cols) + "\n);\n")
        if n:
            out.append(f"CREATE INDEX ix_t{n:05d}_parent_id ON t{n:05d} (parent_id);\n")
    return "\n".join(out)


def generate_tables_file(folder: str | Path, tables: int = 5000, *, seed: int = SEED) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"00000_create_{tables}_tables.sql"
    path.write_bytes(tables_file_text(tables, seed=seed).encode("utf-8"))
    return path
