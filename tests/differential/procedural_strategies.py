"""Hypothesis strategies for the procedural kinds: functions and procedures, trigger functions and triggers, views,
materialized views and domains, mixed with the table statements of strategies.py.

Names come from small pools again, so that overloads, ambiguous drops, replaced functions whose return type or
argument names change, views replaced with other columns, triggers on functions that do not return trigger and
columns or tables that a view still uses meet often. The refusals the issue names come up on their own:
42P13 (CREATE OR REPLACE changes the return type or an argument name), 42725 (DROP FUNCTION of an overloaded name
without arguments), 42883 (no such function), 42P16 (a replaced view drops or changes a column), 42P17 (a trigger
function that does not return trigger), 2BP01 (a dropped column, table or function something still uses),
0A000 (a column type change under a view), 42P01 / 42703 (a LANGUAGE sql body naming a missing table or column).

Left out on purpose: bodies whose type the model would have to check (the model does not type-check expressions),
so a sql body only counts the rows or a column of a table, and views select plain columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.differential import strategies as base
from tests.differential.strategies import COLUMNS, TABLES, Shadow, q

FUNCTIONS = ("f1", "f2", "touch")
VIEWS = ("v1", "v2", "t1")  # "t1" collides with the table
MATVIEWS = ("mv1", "v1")
TRIGGERS = ("tr1", "tr2")
DOMAINS = ("d1", "d2", "t1")  # "t1" collides with the table's row type
ARGUMENT_LISTS = ("", "a int", "b int", "a text", "a int, b int")
RETURNS = {"int": "SELECT 1", "bigint": "SELECT 2::bigint", "text": "SELECT 'x'::text"}


@dataclass
class ProceduralShadow(Shadow):
    functions: dict[str, set[str]] = field(default_factory=dict)  # name -> argument lists declared
    trigger_functions: set[str] = field(default_factory=set)
    views: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # view -> (table, columns)
    triggers: dict[str, str] = field(default_factory=dict)  # trigger -> table
    domains: set[str] = field(default_factory=set)


def _signature(args: str) -> str:
    """'a int, b int' -> '(int, int)'."""
    return "(" + ", ".join(part.split()[-1] for part in args.split(", ") if part) + ")"


def create_function(draw, s: ProceduralShadow) -> str:
    name = draw(st.sampled_from(FUNCTIONS))
    replace = "OR REPLACE " if draw(st.integers(0, 2)) > 0 else ""
    args = draw(st.sampled_from(ARGUMENT_LISTS))
    shape = draw(st.integers(0, 5))
    s.functions.setdefault(name, set()).add("" if shape == 0 else args)
    if shape == 0:
        s.trigger_functions.add(name)
        return (f"CREATE {replace}FUNCTION {q(name)}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                "BEGIN\n  RETURN NEW;\nEND\n$$")
    if shape == 1:  # a body that reads a table: checked at creation (42P01, 42703)
        table = base._table(draw, s)
        column = draw(st.sampled_from(list(s.tables.get(table, {})) + ["*", draw(st.sampled_from(COLUMNS))]))
        target = "*" if column == "*" else q(column)
        return (f"CREATE {replace}FUNCTION {q(name)}({args}) RETURNS bigint LANGUAGE sql STABLE AS "
                f"$$ SELECT count({target}) FROM {q(table)} $$")
    if shape == 2:
        return f"CREATE {replace}PROCEDURE {q(name)}({args}) LANGUAGE sql AS $$ SELECT 1 $$"
    returns = draw(st.sampled_from(sorted(RETURNS)))
    volatility = draw(st.sampled_from(("", " IMMUTABLE", " STABLE")))
    return (f"CREATE {replace}FUNCTION {q(name)}({args}) RETURNS {returns} LANGUAGE sql{volatility} AS "
            f"$$ {RETURNS[returns]} $$")


def drop_function(draw, s: ProceduralShadow) -> str:
    name = base._pick(draw, s.functions, FUNCTIONS)
    kind = draw(st.sampled_from(("FUNCTION", "FUNCTION", "ROUTINE", "PROCEDURE")))
    signature = ""
    if draw(st.booleans()):
        signature = _signature(draw(st.sampled_from(sorted(s.functions.get(name, ())) or list(ARGUMENT_LISTS))))
    ie = "IF EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP {kind} {ie}{q(name)}{signature}{cascade}"


def create_view(draw, s: ProceduralShadow) -> str:
    table = base._table(draw, s)
    known = list(s.tables.get(table, {}))
    if known and draw(st.integers(0, 3)) > 0:
        columns = draw(st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True))
    else:
        columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=2, unique=True))
    select = "*" if draw(st.integers(0, 4)) == 0 else ", ".join(q(c) for c in columns)
    where = ""
    if draw(st.integers(0, 3)) == 0:
        where = f" WHERE {q(draw(st.sampled_from(columns)))} IS NOT NULL"
    if draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(MATVIEWS))
        data = draw(st.sampled_from(("", " WITH DATA", " WITH NO DATA")))
        s.views[name] = (table, columns)
        return f"CREATE MATERIALIZED VIEW {q(name)} AS SELECT {select} FROM {q(table)}{where}{data}"
    name = draw(st.sampled_from(VIEWS))
    source = q(table)
    if s.views and draw(st.integers(0, 3)) == 0:  # a view on a view
        inner = draw(st.sampled_from(sorted(s.views)))
        source, select = q(inner), "*"
    replace = "OR REPLACE " if draw(st.integers(0, 2)) > 0 else ""
    s.views[name] = (table, columns)
    return f"CREATE {replace}VIEW {q(name)} AS SELECT {select} FROM {source}{where}"


def drop_view(draw, s: ProceduralShadow) -> str:
    name = base._pick(draw, s.views, VIEWS + MATVIEWS)
    s.views.pop(name, None)
    kind = draw(st.sampled_from(("VIEW", "VIEW", "MATERIALIZED VIEW")))
    ie = "IF EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP {kind} {ie}{q(name)}{cascade}"


def create_trigger(draw, s: ProceduralShadow) -> str:
    table = base._table(draw, s)
    name = draw(st.sampled_from(TRIGGERS))
    function = base._pick(draw, s.trigger_functions, FUNCTIONS)
    s.triggers[name] = table
    timing = draw(st.sampled_from(("BEFORE INSERT", "AFTER UPDATE", "BEFORE INSERT OR UPDATE", "AFTER DELETE")))
    level = draw(st.sampled_from(("FOR EACH ROW", "FOR EACH ROW", "FOR EACH STATEMENT")))
    replace = "OR REPLACE " if draw(st.integers(0, 2)) == 0 else ""
    return f"CREATE {replace}TRIGGER {q(name)} {timing} ON {q(table)} {level} EXECUTE FUNCTION {q(function)}()"


def drop_trigger(draw, s: ProceduralShadow) -> str:
    name = base._pick(draw, s.triggers, TRIGGERS)
    table = s.triggers.pop(name, None) or base._table(draw, s)
    ie = "IF EXISTS " if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP TRIGGER {ie}{q(name)} ON {q(table)}"


def rename_procedural(draw, s: ProceduralShadow) -> str:
    what = draw(st.sampled_from(("view", "function", "trigger")))
    if what == "view":
        old = base._pick(draw, s.views, VIEWS)
        new = draw(st.sampled_from(VIEWS + TABLES[1:2]))
        if old in s.views:
            s.views[new] = s.views.pop(old)
        return f"ALTER VIEW {q(old)} RENAME TO {q(new)}"
    if what == "function":
        old = base._pick(draw, s.functions, FUNCTIONS)
        new = draw(st.sampled_from(FUNCTIONS))
        signature = _signature(draw(st.sampled_from(sorted(s.functions.get(old, ())) or [""])))
        if old in s.functions:
            s.functions.setdefault(new, set()).update(s.functions.pop(old))
        return f"ALTER FUNCTION {q(old)}{signature} RENAME TO {q(new)}"
    old = base._pick(draw, s.triggers, TRIGGERS)
    table = s.triggers.get(old) or base._table(draw, s)
    new = draw(st.sampled_from(TRIGGERS))
    if old in s.triggers:
        s.triggers[new] = s.triggers.pop(old)
    return f"ALTER TRIGGER {q(old)} ON {q(table)} RENAME TO {q(new)}"


def create_domain(draw, s: ProceduralShadow) -> str:
    name = draw(st.sampled_from(DOMAINS))
    s.domains.add(name)
    base_type, check = draw(st.sampled_from((("int", "VALUE > 0"), ("text", "VALUE <> ''"),
                                             ("numeric", "VALUE >= 0"))))
    parts = [f"CREATE DOMAIN {q(name)} AS {base_type}"]
    if draw(st.booleans()):
        parts.append(f"CHECK ({check})")
    if draw(st.integers(0, 3)) == 0:
        parts.append("NOT NULL")
    return " ".join(parts)


def use_domain(draw, s: ProceduralShadow) -> str:
    """A column of a domain type, or the domain dropped (2BP01 while a column uses it)."""
    name = base._pick(draw, s.domains, DOMAINS)
    if draw(st.booleans()):
        cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
        s.domains.discard(name)
        return f"DROP DOMAIN {'IF EXISTS ' if draw(st.booleans()) else ''}{q(name)}{cascade}"
    table = base._table(draw, s)
    column = draw(st.sampled_from(COLUMNS))
    s.unsure(table, column)
    return f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} {q(name)}"


PROCEDURAL = ((create_function,) * 4 + (drop_function,) * 2 + (create_view,) * 4 + (drop_view,) * 2
              + (create_trigger,) * 2 + (drop_trigger, rename_procedural, rename_procedural, create_domain,
                                         use_domain))
TABLE_STATEMENTS = (base.alter_table,) * 3 + (base.rename,) * 2 + (base.drop_table, base.create_table)


@st.composite
def procedural_statement(draw, shadow: ProceduralShadow) -> str:
    make = draw(st.sampled_from(PROCEDURAL + TABLE_STATEMENTS))
    return make(draw, shadow)


@st.composite
def procedural_histories(draw, max_files: int = 5, max_statements: int = 4) -> dict[str, str]:
    """{file name: SQL}: a first file of tables, then files mixing procedural statements with table changes
    (the changes that a view, a trigger or a function body depends on)."""
    shadow = ProceduralShadow()
    setup = [base.create_table(draw, shadow, chaos=False) for _ in range(draw(st.integers(1, 2)))]
    files = {"001_m.sql": setup}
    for i in range(draw(st.integers(1, max_files - 1))):
        files[f"{i + 2:03d}_m.sql"] = draw(st.lists(procedural_statement(shadow), min_size=1,
                                                    max_size=max_statements))
    return {name: "".join(f"{stmt};\n" for stmt in stmts) for name, stmts in files.items()}
