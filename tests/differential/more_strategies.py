"""More statement kinds for the procedural histories (procedural_strategies.py): CREATE TABLE AS and SELECT INTO
over empty and non-empty tables (rows put in with INSERT ... DEFAULT VALUES), tables moved to another schema
(a LANGUAGE sql string body that reads them keeps its text), RETURN / BEGIN ATOMIC bodies over their parameters
only, and the opaque kinds: aggregates, operators, collations, text search configurations, event triggers,
foreign-data wrappers, servers and foreign tables, publications, with RENAME, SET SCHEMA, OWNER TO, COMMENT and
DROP.

OWNER TO names the role the history runs as (CURRENT_USER and the like), PUBLIC or a role that does not exist:
roles are server-wide, and the histories share one server.

Left out on purpose: expressions in CREATE TABLE AS (the model does not type them: reported, so filtered out) and
RETURN / BEGIN ATOMIC bodies that name tables, functions or types (reported: the server tracks those names).
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.differential import strategies as base
from tests.differential.strategies import COLUMNS, TABLES, lit, q

TABLES_AS = ("x1", "x2", "t2")  # "t2" collides with a table
SCHEMAS = ("s1", "s2")
AGGREGATES = ("agg1", "agg2")
OPERATORS = ("===", "<<>>")
COLLATIONS = ("co1", "co2")
TS_CONFIGS = ("ts1", "ts2")
EVENT_TRIGGERS = ("et1", "et2")
WRAPPERS = ("w1", "w2")
SERVERS = ("sv1", "sv2")
FOREIGN_TABLES = ("ft1", "t3")  # "t3" collides with a table
PUBLICATIONS = ("pub1", "pub2")
OWNERS = ("CURRENT_USER", "CURRENT_ROLE", "SESSION_USER", "CURRENT_USER", "PUBLIC", "nosuch_role")


def _ie(draw) -> str:
    return "IF EXISTS " if draw(st.integers(0, 3)) == 0 else ""


def _cascade(draw) -> str:
    return " CASCADE" if draw(st.integers(0, 2)) == 0 else ""


def insert_defaults(draw, s) -> str:
    """A row of defaults (NULLs, serials): a table CREATE TABLE AS then copies (23502 on a NOT NULL column)."""
    table = base._table(draw, s)
    return f"INSERT INTO {q(table)} DEFAULT VALUES"


def table_as(draw, s) -> str:
    """CREATE TABLE AS / SELECT INTO: plain columns of a table (or *), WITH [NO] DATA, a column name list (42601
    when too long), IF NOT EXISTS, a name already taken (42P07)."""
    table = base._table(draw, s)
    known = list(s.tables.get(table, {}))
    pool = known if known and draw(st.integers(0, 4)) > 0 else list(COLUMNS)
    columns = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
    star = draw(st.integers(0, 4)) == 0
    select = "*" if star else ", ".join(q(c) for c in columns)
    name = draw(st.sampled_from(TABLES_AS))
    where = f" WHERE {q(columns[0])} IS NOT NULL" if not star and draw(st.integers(0, 3)) == 0 else ""
    kinds = s.tables.get(table, {})
    made = dict(kinds) if star else {c: kinds.get(c, "int") for c in columns}
    if draw(st.integers(0, 3)) == 0:
        s.tables.setdefault(name, made)
        return f"SELECT {select} INTO {q(name)} FROM {q(table)}{where}"
    aliases = ""
    if not star and draw(st.integers(0, 3)) == 0:
        names = draw(st.lists(st.sampled_from(("p", "q", "r")), min_size=1, max_size=len(columns) + 1, unique=True))
        aliases = f" ({', '.join(names)})"
        made = {n: k for n, k in zip(names, made.values())}
    data = draw(st.sampled_from(("", " WITH DATA", " WITH NO DATA")))
    ine = "IF NOT EXISTS " if draw(st.integers(0, 3)) == 0 else ""
    s.tables.setdefault(name, made)
    s.unsure(name)
    return f"CREATE TABLE {ine}{q(name)}{aliases} AS SELECT {select} FROM {q(table)}{where}{data}"


def move_table(draw, s) -> str:
    """ALTER TABLE ... SET SCHEMA (and back): a sql string body reading the table keeps naming it in public."""
    schema = draw(st.sampled_from(SCHEMAS))
    if draw(st.integers(0, 3)) == 0:
        table = draw(st.sampled_from(TABLES[:3]))
        return f"ALTER TABLE {_ie(draw)}{q(schema)}.{q(table)} SET SCHEMA public"
    table = base._table(draw, s)
    s.tables.pop(table, None)
    s.unsure(table)
    create = f"CREATE SCHEMA IF NOT EXISTS {q(schema)};\n" if draw(st.integers(0, 4)) > 0 else ""
    return f"{create}ALTER TABLE {_ie(draw)}{q(table)} SET SCHEMA {q(schema)}"


def atomic_function(draw, s) -> str:
    """A RETURN or BEGIN ATOMIC body over its parameters only; an empty BEGIN ATOMIC returning a value is 42P13."""
    name = draw(st.sampled_from(("f1", "f2", "g1")))
    replace = "OR REPLACE " if draw(st.booleans()) else ""
    s.functions.setdefault(name, set()).add("a int")
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f"CREATE {replace}FUNCTION {name}(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a + 1"
    if shape == 1:
        return f"CREATE {replace}FUNCTION {name}(a int) RETURNS bigint BEGIN ATOMIC SELECT 1; SELECT a * 2; END"
    if shape == 2:
        returns = draw(st.sampled_from(("int", "void")))
        return f"CREATE {replace}FUNCTION {name}(a int) RETURNS {returns} LANGUAGE sql BEGIN ATOMIC END"
    return f"CREATE {replace}PROCEDURE {name}(a int) LANGUAGE sql BEGIN ATOMIC SELECT a; END"


def _owner(draw) -> str:
    return draw(st.sampled_from(OWNERS))


def _common(draw, what: str, target: str, names: tuple[str, ...], schema: bool = True, rename: bool = True) -> str:
    """RENAME / SET SCHEMA / OWNER TO / COMMENT ON / DROP of one opaque object."""
    verbs = ["owner", "owner", "comment", "drop"] + (["rename"] if rename else []) + (["schema"] if schema else [])
    verb = draw(st.sampled_from(verbs))
    if verb == "owner":
        return f"ALTER {what} {target} OWNER TO {_owner(draw)}"
    if verb == "comment":
        return f"COMMENT ON {what} {target} IS {draw(st.sampled_from(('NULL', lit('an object'))))}"
    if verb == "rename":
        return f"ALTER {what} {target} RENAME TO {q(draw(st.sampled_from(names)))}"
    if verb == "schema":
        create = f"CREATE SCHEMA IF NOT EXISTS {SCHEMAS[0]};\n" if draw(st.booleans()) else ""
        return f"{create}ALTER {what} {target} SET SCHEMA {draw(st.sampled_from(SCHEMAS))}"
    return f"DROP {what} {_ie(draw)}{target}{_cascade(draw)}"


def aggregate(draw, s) -> str:
    name = draw(st.sampled_from(AGGREGATES))
    arg = draw(st.sampled_from(("int", "int", "text")))
    if draw(st.integers(0, 2)) == 0:
        replace = "OR REPLACE " if draw(st.booleans()) else ""
        init = ", initcond = '0'" if draw(st.booleans()) else ""
        return f"CREATE {replace}AGGREGATE {name}(int) (sfunc = int4pl, stype = int{init})"
    return _common(draw, "AGGREGATE", f"{name}({arg})", AGGREGATES)


def operator(draw, s) -> str:
    name = draw(st.sampled_from(OPERATORS))
    right = draw(st.sampled_from(("int", "int", "text")))
    if draw(st.integers(0, 2)) == 0:
        return f"CREATE OPERATOR {name} (leftarg = int, rightarg = int, function = int4eq)"
    return _common(draw, "OPERATOR", f"{name} (int, {right})", OPERATORS, rename=False)


def collation(draw, s) -> str:
    name = draw(st.sampled_from(COLLATIONS))
    what = draw(st.integers(0, 4))
    if what == 0:
        ine = "IF NOT EXISTS " if draw(st.booleans()) else ""
        return f"CREATE COLLATION {ine}{name} (provider = icu, locale = 'und')"
    if what == 1:
        table = base._table(draw, s)
        column = draw(st.sampled_from(COLUMNS))
        s.unsure(table, column)
        return f"ALTER TABLE {q(table)} ADD COLUMN {q(column)} text COLLATE public.{name}"  # unqualified: reported
    return _common(draw, "COLLATION", name, COLLATIONS)


def text_search(draw, s) -> str:
    name = draw(st.sampled_from(TS_CONFIGS))
    if draw(st.integers(0, 2)) == 0:
        source = draw(st.sampled_from(("COPY = english", "COPY = simple", "PARSER = default")))
        return f"CREATE TEXT SEARCH CONFIGURATION {name} ({source})"
    return _common(draw, "TEXT SEARCH CONFIGURATION", name, TS_CONFIGS)


def event_trigger(draw, s) -> str:
    name = draw(st.sampled_from(EVENT_TRIGGERS))
    what = draw(st.integers(0, 5))
    if what == 0:
        return ("CREATE OR REPLACE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;\n"
                f"CREATE EVENT TRIGGER {name} ON ddl_command_end EXECUTE FUNCTION on_ddl()")
    if what == 1:
        return f"ALTER EVENT TRIGGER {name} {draw(st.sampled_from(('ENABLE', 'DISABLE')))}"
    return _common(draw, "EVENT TRIGGER", name, EVENT_TRIGGERS, schema=False)


def foreign(draw, s) -> str:
    what = draw(st.sampled_from(("wrapper", "server", "server", "table", "table")))
    if what == "wrapper":
        name = draw(st.sampled_from(WRAPPERS))
        if draw(st.integers(0, 2)) == 0:
            return f"CREATE FOREIGN DATA WRAPPER {name}"
        return _common(draw, "FOREIGN DATA WRAPPER", name, WRAPPERS, schema=False)
    if what == "server":
        name = draw(st.sampled_from(SERVERS))
        if draw(st.integers(0, 2)) == 0:
            ine = "IF NOT EXISTS " if draw(st.booleans()) else ""
            return f"CREATE SERVER {ine}{name} FOREIGN DATA WRAPPER {draw(st.sampled_from(WRAPPERS))}"
        return _common(draw, "SERVER", name, SERVERS, schema=False)
    name = draw(st.sampled_from(FOREIGN_TABLES))
    verb = draw(st.sampled_from(("create", "create", "rename", "schema", "drop", "comment")))
    if verb == "create":
        return f"CREATE FOREIGN TABLE {q(name)} (a int, b text) SERVER {draw(st.sampled_from(SERVERS))}"
    if verb == "rename":
        return f"ALTER FOREIGN TABLE {_ie(draw)}{q(name)} RENAME TO {q(draw(st.sampled_from(FOREIGN_TABLES)))}"
    if verb == "schema":
        return f"ALTER FOREIGN TABLE {_ie(draw)}{q(name)} SET SCHEMA {draw(st.sampled_from(SCHEMAS))}"
    if verb == "comment":
        return f"COMMENT ON FOREIGN TABLE {q(name)} IS {lit('remote')}"
    return f"DROP FOREIGN TABLE {_ie(draw)}{q(name)}{_cascade(draw)}"


def publication(draw, s) -> str:
    name = draw(st.sampled_from(PUBLICATIONS))
    verb = draw(st.sampled_from(("create", "create", "add", "drop table", "other")))
    table = base._table(draw, s)
    if verb == "create":
        target = draw(st.sampled_from((f" FOR TABLE {q(table)}", "", " FOR ALL TABLES")))
        return f"CREATE PUBLICATION {name}{target}"
    if verb == "add":
        return f"ALTER PUBLICATION {name} {draw(st.sampled_from(('ADD', 'SET')))} TABLE {q(table)}"
    if verb == "drop table":
        return f"ALTER PUBLICATION {name} DROP TABLE {q(table)}"
    return _common(draw, "PUBLICATION", name, PUBLICATIONS, schema=False)


def owner_of_other_kinds(draw, s) -> str:
    """OWNER TO on tables, views, materialized views, sequences, functions, types, domains and schemas."""
    what = draw(st.sampled_from(("TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "FUNCTION", "PROCEDURE",
                                 "TYPE", "DOMAIN", "SCHEMA", "INDEX")))
    if what in ("TABLE", "INDEX"):
        target = q(base._table(draw, s))
    elif what in ("VIEW", "MATERIALIZED VIEW"):
        target = q(base._pick(draw, s.views, ("v1", "mv1", "t1")))
    elif what == "SEQUENCE":
        target = q(base._pick(draw, s.sequences, ("s1", "t1_id_seq")))
    elif what in ("FUNCTION", "PROCEDURE"):
        target = q(base._pick(draw, s.functions, ("f1", "f2", "touch")))
    elif what == "TYPE":
        target = q(base._pick(draw, list(s.composites) + list(s.enums), ("c1", "mood", "t1")))
    elif what == "DOMAIN":
        target = q(base._pick(draw, s.domains, ("d1", "d2")))
    else:
        target = draw(st.sampled_from(SCHEMAS + ("public",)))
    ie = _ie(draw) if what in ("TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "INDEX") else ""
    return f"ALTER {what} {ie}{target} OWNER TO {_owner(draw)}"


MORE = ((owner_of_other_kinds, insert_defaults, insert_defaults, table_as, table_as, table_as, move_table, atomic_function,
         aggregate, operator, collation, text_search, event_trigger, foreign, foreign, publication))
