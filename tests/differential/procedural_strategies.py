"""Hypothesis strategies for the procedural kinds: functions and procedures, trigger functions and triggers, views,
materialized views, domains (ALTER DOMAIN on domains columns use), composite and range types, partitioned tables
(PARTITION OF, ATTACH / DETACH PARTITION, ADD COLUMN), row-level security and policies, mixed with the table
statements of strategies.py and the kinds of more_strategies.py (CREATE TABLE AS, SET SCHEMA, RETURN / BEGIN ATOMIC
bodies, OWNER TO, the opaque kinds). A second file of objects that exist for sure (an overloaded function, a trigger
function, a view) makes the refusals below come up often.

Names come from small pools again, so that overloads, ambiguous drops, replaced functions whose return type or
argument names change, views replaced with other columns, triggers on functions that do not return trigger and
columns or tables that a view still uses meet often. The refusals the issue names come up on their own:
42P13 (CREATE OR REPLACE changes the return type or an argument name), 42725 (DROP FUNCTION of an overloaded name
without arguments), 42883 (no such function), 42P16 (a replaced view drops or changes a column), 42P17 (a trigger
function that does not return trigger), 2BP01 (a dropped column, table or function something still uses),
0A000 (a column type change under a view; a unique index of a partitioned table without its key), 42P01 / 42703 (a
LANGUAGE sql body naming a missing table or column), 42804 (a table attached with a column missing, extra, retyped
or nullable).

Left out on purpose: bodies whose type the model would have to check (the model does not type-check expressions),
so a sql body only counts the rows or a column of a table, and views select plain columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.differential import strategies as base
from tests.differential.more_strategies import MORE
from tests.differential.strategies import COLUMNS, TABLES, Shadow, lit, q

FUNCTIONS = ("f1", "f2", "touch")
VIEWS = ("v1", "v2", "t1")  # "t1" collides with the table
MATVIEWS = ("mv1", "v1")
TRIGGERS = ("tr1", "tr2")
DOMAINS = ("d1", "d2", "t1")  # "t1" collides with the table's row type
DOMAIN_CONSTRAINTS = ("d1_check", "d2_check", "dc1", "dc2")
COMPOSITES = ("c1", "c2", "d1")  # "d1" collides with a domain
ATTRIBUTES = ("x", "y", "z")
RANGES = ("r1", "intrange", "d2")  # intrange's multirange is intmultirange; "d2" collides with a domain
PARTITIONED = ("pt1", "pt2")
PARTITIONS = ("pa", "pb", "pc", "t3")  # "t3" collides with a table
POLICIES = ("pol1", "pol2")
ARGUMENT_LISTS = ("", "a int", "b int", "a text", "a int, b int")
RETURNS = {"int": "SELECT 1", "bigint": "SELECT 2::bigint", "text": "SELECT 'x'::text"}


@dataclass
class ProceduralShadow(Shadow):
    functions: dict[str, set[str]] = field(default_factory=dict)  # name -> argument lists declared
    trigger_functions: set[str] = field(default_factory=set)
    views: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # view -> (table, columns)
    triggers: dict[str, str] = field(default_factory=dict)  # trigger -> table
    domains: dict[str, str] = field(default_factory=dict)  # domain -> base type
    domain_constraints: dict[str, set[str]] = field(default_factory=dict)
    composites: dict[str, list[str]] = field(default_factory=dict)  # type -> attributes
    ranges: set[str] = field(default_factory=set)
    partitioned: dict[str, str] = field(default_factory=dict)  # partitioned table -> strategy
    partitions: dict[str, str] = field(default_factory=dict)  # partition -> parent
    partition_keys: dict[str, str] = field(default_factory=dict)  # partitioned table -> its key's type
    policies: dict[str, str] = field(default_factory=dict)  # policy -> table


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
    overloaded = len(s.functions.get(name, ())) > 1  # without a signature: 42725
    if draw(st.integers(0, 3 if overloaded else 1)) == 1:
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
    base_type, check = draw(st.sampled_from((("int", "VALUE > 0"), ("text", "VALUE <> ''"),
                                             ("numeric", "VALUE >= 0"))))
    s.domains.setdefault(name, base_type)
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
        s.domains.pop(name, None)
        return f"DROP DOMAIN {'IF EXISTS ' if draw(st.booleans()) else ''}{q(name)}{cascade}"
    table = base._table(draw, s)
    column = draw(st.sampled_from(COLUMNS))
    s.unsure(table, column)
    return f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} {q(name)}"


_DOMAIN_CHECKS = {"int": ("VALUE > 0", "VALUE < 1000"), "numeric": ("VALUE >= 0",), "text": ("VALUE <> ''",
                                                                                               "length(VALUE) < 9")}


def alter_domain(draw, s: ProceduralShadow) -> str:
    """ALTER DOMAIN on a domain that columns may already use: constraints, NOT NULL, the default, renames."""
    name = base._pick(draw, s.domains, DOMAINS)
    known = s.domain_constraints.setdefault(name, {f"{name}_check"})
    what = draw(st.sampled_from(("add", "add", "drop", "not null", "default", "rename constraint", "rename")))
    if what == "add":
        checks = _DOMAIN_CHECKS.get(s.domains.get(name, ""), ()) + ("VALUE IS NOT NULL",)
        constraint = draw(st.sampled_from((None,) + DOMAIN_CONSTRAINTS))
        known.add(constraint or f"{name}_check")
        named = f"CONSTRAINT {q(constraint)} " if constraint else ""
        valid = " NOT VALID" if draw(st.integers(0, 4)) == 0 else ""
        return f"ALTER DOMAIN {q(name)} ADD {named}CHECK ({draw(st.sampled_from(checks))}){valid}"
    if what == "drop":
        constraint = base._pick(draw, known, DOMAIN_CONSTRAINTS)
        known.discard(constraint)
        ie = "IF EXISTS " if draw(st.booleans()) else ""
        return f"ALTER DOMAIN {q(name)} DROP CONSTRAINT {ie}{q(constraint)}"
    if what == "not null":
        return f"ALTER DOMAIN {q(name)} {draw(st.sampled_from(('SET', 'DROP')))} NOT NULL"
    if what == "default":
        value = {"int": "7", "numeric": "1.5", "text": "'x'"}.get(s.domains.get(name, ""))
        if value is None or draw(st.integers(0, 2)) == 0:
            return f"ALTER DOMAIN {q(name)} DROP DEFAULT"
        return f"ALTER DOMAIN {q(name)} SET DEFAULT {value}"
    if what == "rename constraint":
        old = base._pick(draw, known, DOMAIN_CONSTRAINTS)
        new = draw(st.sampled_from(DOMAIN_CONSTRAINTS))
        known.discard(old)
        known.add(new)
        return f"ALTER DOMAIN {q(name)} RENAME CONSTRAINT {q(old)} TO {q(new)}"
    new = draw(st.sampled_from(DOMAINS))
    if name in s.domains:
        s.domains[new] = s.domains.pop(name)
        s.domain_constraints[new] = s.domain_constraints.pop(name, set())
    return f"ALTER DOMAIN {q(name)} RENAME TO {q(new)}"


def replace_view(draw, s: ProceduralShadow) -> str:
    """CREATE OR REPLACE VIEW of a known view: a column added at the end (accepted), or one dropped, moved or
    renamed (42P16)."""
    plain = [v for v in s.views if v in VIEWS]
    if not plain:
        return create_view(draw, s)
    name = draw(st.sampled_from(sorted(plain)))
    table, columns = s.views[name]
    known = list(s.tables.get(table, {}))
    how = draw(st.sampled_from(("extend", "extend", "shrink", "swap", "alias")))
    new = list(columns)
    extra = [c for c in known if c not in columns]
    if how == "extend" and extra:
        new.append(draw(st.sampled_from(extra)))
    elif how == "shrink" and len(new) > 1:
        new.pop(draw(st.integers(0, len(new) - 1)))
    elif how == "swap" and len(new) > 1:
        new[0], new[1] = new[1], new[0]
    select = ", ".join(q(c) for c in new)
    if how == "alias":
        select = ", ".join(f"{q(c)} AS {q(c + '_2')}" if i == len(new) - 1 else q(c) for i, c in enumerate(new))
    s.views[name] = (table, new)
    return f"CREATE OR REPLACE VIEW {q(name)} AS SELECT {select} FROM {q(table)}"


def break_view(draw, s: ProceduralShadow) -> str:
    """What a view still uses, dropped or retyped: its column (2BP01, 0A000), its table (2BP01), or CASCADE."""
    if not s.views:
        return drop_view(draw, s)
    name = draw(st.sampled_from(sorted(s.views)))
    table, columns = s.views[name]
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    what = draw(st.sampled_from(("column", "column", "type", "table")))
    if what == "table":
        s.unsure(table)
        return f"DROP TABLE {q(table)}{cascade}"
    column = draw(st.sampled_from(columns))
    s.unsure(table, column)
    if what == "type":
        kind = s.tables.get(table, {}).get(column)
        target = {"int": "bigint", "serial": "bigint", "text": "varchar(300)", "varchar": "text"}.get(kind, "text")
        if s.pinned.get((table, column)) not in (None, "integer", "text"):
            target = kind or "text"
        return f"ALTER TABLE {q(table)} ALTER COLUMN {q(column)} TYPE {target}"
    return f"ALTER TABLE {q(table)} DROP COLUMN {q(column)}{cascade}"


def composite_type(draw, s: ProceduralShadow) -> str:
    """CREATE TYPE ... AS (...), ALTER TYPE ... ADD / DROP / RENAME ATTRIBUTE, a column of that type, DROP TYPE."""
    what = draw(st.sampled_from(("create", "create", "add", "drop attribute", "rename", "use", "drop")))
    if what == "create":
        name = draw(st.sampled_from(COMPOSITES))
        attributes = draw(st.lists(st.sampled_from(ATTRIBUTES), min_size=1, max_size=3, unique=True))
        s.composites.setdefault(name, attributes)
        types = draw(st.lists(st.sampled_from(("int", "text", "numeric(8,2)", "boolean")), min_size=len(attributes),
                              max_size=len(attributes)))
        body = ", ".join(f"{a} {t}" for a, t in zip(attributes, types))
        return f"CREATE TYPE {q(name)} AS ({body})"
    name = base._pick(draw, s.composites, COMPOSITES)
    attributes = s.composites.get(name, [])
    if what == "add":
        attribute = draw(st.sampled_from(ATTRIBUTES))
        attributes.append(attribute)
        return f"ALTER TYPE {q(name)} ADD ATTRIBUTE {attribute} {draw(st.sampled_from(('int', 'text')))}"
    if what == "drop attribute":
        attribute = base._pick(draw, attributes, ATTRIBUTES)
        if attribute in attributes:
            attributes.remove(attribute)
        ie = "IF EXISTS " if draw(st.booleans()) else ""
        cascade = " CASCADE" if draw(st.integers(0, 3)) == 0 else ""
        return f"ALTER TYPE {q(name)} DROP ATTRIBUTE {ie}{attribute}{cascade}"
    if what == "rename":
        old = base._pick(draw, attributes, ATTRIBUTES)
        new = draw(st.sampled_from(ATTRIBUTES))
        return f"ALTER TYPE {q(name)} RENAME ATTRIBUTE {old} TO {new}"
    if what == "use":
        table = base._table(draw, s)
        column = draw(st.sampled_from(COLUMNS))
        s.unsure(table, column)
        return f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} {q(name)}"
    s.composites.pop(name, None)
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP TYPE {'IF EXISTS ' if draw(st.booleans()) else ''}{q(name)}{cascade}"


def range_type(draw, s: ProceduralShadow) -> str:
    """CREATE TYPE ... AS RANGE, a column of the range or of its multirange, DROP TYPE (the multirange refused)."""
    what = draw(st.sampled_from(("create", "create", "use", "drop")))
    if what == "create":
        name = draw(st.sampled_from(RANGES))
        s.ranges.add(name)
        subtype = draw(st.sampled_from(("int4", "numeric", "date")))
        multirange = f", multirange_type_name = {name}_many" if draw(st.integers(0, 3)) == 0 else ""
        return f"CREATE TYPE {q(name)} AS RANGE (subtype = {subtype}{multirange})"
    name = base._pick(draw, s.ranges, RANGES)
    if what == "use":
        table = base._table(draw, s)
        column = draw(st.sampled_from(COLUMNS))
        s.unsure(table, column)
        return f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} {q(name)}"
    if draw(st.integers(0, 3)) == 0:
        name = "intmultirange" if name == "intrange" else f"{name}_multirange"
    s.ranges.discard(name)
    cascade = " CASCADE" if draw(st.integers(0, 2)) == 0 else ""
    return f"DROP TYPE {'IF EXISTS ' if draw(st.booleans()) else ''}{q(name)}{cascade}"


_BOUNDS = (1, 5, 10, 20)


def partitioned_table(draw, s: ProceduralShadow) -> str:
    """A partitioned table by range, list or hash; a partition with a bound that may overlap a sibling's (42P17),
    a default partition, an index or a unique key on the parent (0A000 without the key column); DROP."""
    what = draw(st.sampled_from(("create", "partition", "partition", "partition", "index", "drop", "attach",
                                 "attach", "detach", "add column")))
    if what == "create" or not s.partitioned:
        name = draw(st.sampled_from(PARTITIONED))
        strategy = draw(st.sampled_from(("RANGE", "LIST", "HASH")))
        s.partitioned[name] = strategy
        key = "k text" if strategy == "LIST" and draw(st.booleans()) else "k int"
        s.partition_keys[name] = key[2:]
        pk = ", PRIMARY KEY (id, k)" if draw(st.integers(0, 3)) == 0 else ""
        return f"CREATE TABLE {q(name)} (id int NOT NULL, {key} NOT NULL, note text{pk}) PARTITION BY {strategy} (k)"
    parent = draw(st.sampled_from(sorted(s.partitioned)))
    strategy = s.partitioned[parent]
    if what in ("partition", "attach"):
        name = draw(st.sampled_from(PARTITIONS))
        s.partitions[name] = parent
        if strategy != "HASH" and draw(st.integers(0, 4)) == 0:
            bound = "DEFAULT"
        elif strategy == "RANGE":
            low, high = sorted(draw(st.lists(st.sampled_from(_BOUNDS), min_size=2, max_size=2)))
            low = "MINVALUE" if draw(st.integers(0, 5)) == 0 else low
            bound = f"FOR VALUES FROM ({low}) TO ({high})"
        elif strategy == "LIST":
            values = draw(st.lists(st.sampled_from(_BOUNDS), min_size=1, max_size=2, unique=True))
            bound = f"FOR VALUES IN ({', '.join(lit(str(v)) for v in values)})"
        else:
            modulus = draw(st.sampled_from((2, 4, 3)))
            bound = f"FOR VALUES WITH (MODULUS {modulus}, REMAINDER {draw(st.integers(0, modulus))})"
        if what == "partition":
            return f"CREATE TABLE {q(name)} PARTITION OF {q(parent)} {bound}"
        # a table of its own first: columns in another order, or one missing, retyped or nullable (42804)
        columns = ["note text", f"k {s.partition_keys.get(parent, 'int')}", "id int NOT NULL"]
        flaw = draw(st.sampled_from((None, None, None, "missing", "type", "nullable", "extra")))
        if flaw == "missing":
            columns.pop(0)
        elif flaw == "type":
            columns[1] = "k bigint"
        elif flaw == "nullable":
            columns[2] = "id int"
        elif flaw == "extra":
            columns.append("more int")
        create = f"CREATE TABLE {q(name)} ({', '.join(columns)})"
        if draw(st.integers(0, 2)) == 0:
            create += f";\nCREATE INDEX ON {q(name)} ({draw(st.sampled_from(('k', 'note', 'id, k')))})"
        return f"{create};\nALTER TABLE {q(parent)} ATTACH PARTITION {q(name)} {bound}"
    if what == "detach":
        name = base._pick(draw, [p for p, of in s.partitions.items() if of == parent], PARTITIONS)
        s.partitions.pop(name, None)
        return f"ALTER TABLE {q(parent)} DETACH PARTITION {q(name)}"
    if what == "add column":
        extra = draw(st.sampled_from(("extra int", "extra text DEFAULT 'x'", "note int", "flag boolean NOT NULL DEFAULT true")))
        return f"ALTER TABLE {q(parent)} ADD COLUMN {'IF NOT EXISTS ' if draw(st.booleans()) else ''}{extra}"
    if what == "index":
        columns = draw(st.sampled_from(("k", "id", "id, k", "note")))
        unique = "UNIQUE " if draw(st.integers(0, 2)) == 0 else ""
        return f"CREATE {unique}INDEX ON {q(parent)} ({columns})"
    target = parent if draw(st.booleans()) or not s.partitions else draw(st.sampled_from(sorted(s.partitions)))
    s.partitioned.pop(target, None)
    s.partitions.pop(target, None)
    return f"DROP TABLE {'IF EXISTS ' if draw(st.booleans()) else ''}{q(target)}"


def row_security(draw, s: ProceduralShadow) -> str:
    """ENABLE / FORCE ROW LEVEL SECURITY, CREATE / ALTER / RENAME / DROP POLICY over a table's columns."""
    what = draw(st.sampled_from(("enable", "create", "create", "alter", "rename", "drop")))
    if what == "enable":
        table = base._table(draw, s)
        flag = draw(st.sampled_from(("ENABLE", "DISABLE", "FORCE", "NO FORCE")))
        return f"ALTER TABLE {q(table)} {flag} ROW LEVEL SECURITY"
    if what == "create":
        table = base._table(draw, s)
        name = draw(st.sampled_from(POLICIES))
        s.policies[name] = table
        column = base._column(draw, s, table)
        command = draw(st.sampled_from(("", " FOR SELECT", " FOR INSERT", " FOR UPDATE", " FOR ALL")))
        using = "" if command == " FOR INSERT" else f" USING ({q(column)} IS NOT NULL)"
        check = f" WITH CHECK ({q(column)} IS NULL)" if command in (" FOR INSERT", " FOR UPDATE") else ""
        restrictive = " AS RESTRICTIVE" if draw(st.integers(0, 3)) == 0 else ""
        return f"CREATE POLICY {q(name)} ON {q(table)}{restrictive}{command} TO PUBLIC{using}{check}"
    name = base._pick(draw, s.policies, POLICIES)
    table = s.policies.get(name) or base._table(draw, s)
    if what == "alter":
        column = base._column(draw, s, table)
        return f"ALTER POLICY {q(name)} ON {q(table)} USING ({q(column)} IS NOT NULL)"
    if what == "rename":
        new = draw(st.sampled_from(POLICIES))
        if name in s.policies:
            s.policies[new] = s.policies.pop(name)
        return f"ALTER POLICY {q(name)} ON {q(table)} RENAME TO {q(new)}"
    s.policies.pop(name, None)
    return f"DROP POLICY {'IF EXISTS ' if draw(st.booleans()) else ''}{q(name)} ON {q(table)}"


def comment_on_routine(draw, s: ProceduralShadow) -> str:
    name = base._pick(draw, s.functions, FUNCTIONS)
    signature = _signature(draw(st.sampled_from(sorted(s.functions.get(name, ())) or [""])))
    kind = draw(st.sampled_from(("FUNCTION", "ROUTINE", "PROCEDURE")))
    return f"COMMENT ON {kind} {q(name)}{signature} IS {draw(st.sampled_from(('NULL', lit('a routine'))))}"


PROCEDURAL = ((create_function,) * 4 + (drop_function,) * 2 + (create_view,) * 4 + (drop_view,) * 2
              + (create_trigger,) * 2 + (drop_trigger, rename_procedural, rename_procedural, create_domain,
                                         use_domain)
              + (alter_domain, drop_function, replace_view, replace_view, replace_view, break_view, break_view, break_view, composite_type, range_type,
                 partitioned_table, partitioned_table, row_security, comment_on_routine))
TABLE_STATEMENTS = (base.alter_table,) * 3 + (base.rename,) * 2 + (base.drop_table, base.create_table)


@st.composite
def procedural_statement(draw, shadow: ProceduralShadow) -> str:
    make = draw(st.sampled_from(PROCEDURAL + TABLE_STATEMENTS + MORE))
    return make(draw, shadow)


def _procedural_setup(draw, s: ProceduralShadow) -> list[str]:
    """A file of objects that exist for sure once the tables do (a trigger function, an overloaded function, a
    view over known columns), so that later files meet what uses them: a drop that is ambiguous (42725) or still
    needed (2BP01), a trigger on a function that is not a trigger function (42P17), a view replaced (42P16)."""
    out = []
    if draw(st.booleans()):
        s.functions.setdefault("touch", set()).add("")
        s.trigger_functions.add("touch")
        out.append("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND\n$$")
    for args in draw(st.lists(st.sampled_from(("", "a int", "a text")), max_size=2, unique=True)):
        s.functions.setdefault("f1", set()).add(args)
        out.append(f"CREATE FUNCTION f1({args}) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$")
    tables = sorted(t for t, columns in s.tables.items() if columns)
    if tables and draw(st.booleans()):
        table = draw(st.sampled_from(tables))
        columns = draw(st.lists(st.sampled_from(sorted(s.tables[table])), min_size=1, max_size=2, unique=True))
        s.views["v1"] = (table, columns)
        out.append(f"CREATE VIEW v1 AS SELECT {', '.join(q(c) for c in columns)} FROM {q(table)}")
    return out


@st.composite
def procedural_histories(draw, max_files: int = 5, max_statements: int = 4) -> dict[str, str]:
    """{file name: SQL}: a first file of tables, then files mixing procedural statements with table changes
    (the changes that a view, a trigger or a function body depends on)."""
    shadow = ProceduralShadow()
    setup = [base.create_table(draw, shadow, chaos=False) for _ in range(draw(st.integers(1, 2)))]
    files = {"001_m.sql": setup}
    objects = _procedural_setup(draw, shadow)
    if objects:
        files["002_m.sql"] = objects
    for i in range(len(files) - 1, len(files) - 1 + draw(st.integers(1, max_files - 1))):
        files[f"{i + 2:03d}_m.sql"] = draw(st.lists(procedural_statement(shadow), min_size=1,
                                                    max_size=max_statements))
    return {name: "".join(f"{stmt};\n" for stmt in stmts) for name, stmts in files.items()}
