"""Facts read from the catalogs of a fresh PostgreSQL 15 database (read-only queries)."""

from __future__ import annotations

import json

import psycopg

# How a type is named in the data: bare for pg_catalog (and, for extensions, their install schema),
# schema-qualified otherwise (information_schema.cardinal_number).
TYPE_NAMES_SQL = """
SELECT t.oid::int, n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
"""


def sort_rows(rows) -> list:
    """Rows in a total, stable order (None sorts; nested lists compare as their JSON)."""
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def type_names(conn: psycopg.Connection, bare_schemas: tuple[str, ...] = ("pg_catalog",)) -> dict[int, str]:
    out: dict[int, str] = {}
    for oid, schema, name in conn.execute(TYPE_NAMES_SQL):
        out[oid] = name if schema in bare_schemas else f"{schema}.{name}"
    return out


def _names(names: dict[int, str], oids) -> list[str]:
    return [names[o] for o in oids]


def _opt(names: dict[int, str], oid: int) -> str | None:
    return names[oid] if oid else None


def types(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT t.oid::int, n.nspname, t.typname, format_type(t.oid, NULL), format_type(t.oid, -1),
               t.typtype::text, t.typcategory::text, t.typispreferred, t.typlen::int, t.typelem::int,
               t.typarray::int, t.typbasetype::int, coalesce(r.rngsubtype, mr.rngsubtype, 0)::int,
               t.typinput::text, t.typoutput::text, nullif(t.typsubscript::text, '-'), t.typcollation <> 0,
               t.typmodin <> 0
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_range r ON r.rngtypid = t.oid LEFT JOIN pg_range mr ON mr.rngmultitypid = t.oid
        WHERE n.nspname IN ('pg_catalog', 'information_schema')
    """).fetchall()
    out = []
    for (oid, schema, name, fmt, colfmt, typtype, cat, pref, length, elem, array, base, subtype, tin, tout, sub,
         coll, tmod) in rows:
        out.append([names[oid], oid, schema, name, fmt, colfmt, typtype, cat, pref, length, _opt(names, elem),
                    _opt(names, array), _opt(names, base), _opt(names, subtype), tin, tout, sub, coll, tmod])
    return sort_rows(out)


# format: format_type(oid, NULL); column_format: format_type(oid, -1), as a column without a typmod shows it
# (they differ for bpchar and bit); base: a domain's base type; subtype: a range's or multirange's element.
TYPES_HEADER = ["key", "oid", "schema", "name", "format", "column_format", "typtype", "category", "preferred",
                "len", "elem", "array", "base", "subtype", "input", "output", "subscript", "collatable", "typmod"]


def casts(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT castsource::int, casttarget::int, castcontext::text, castmethod::text, castfunc::int FROM pg_cast
    """).fetchall()
    return sort_rows([names[s], names[t], ctx, method, func or None] for s, t, ctx, method, func in rows)


CASTS_HEADER = ["source", "target", "context", "method", "function"]


def functions(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT p.oid::int, p.proname, n.nspname, p.proargtypes::oid[]::int[], p.provariadic::int,
               p.prorettype::int, p.proretset, p.prokind::text, p.provolatile::text, p.proisstrict,
               p.proleakproof, p.pronargdefaults::int
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    """).fetchall()
    out = []
    for oid, name, schema, args, variadic, result, retset, kind, vol, strict, leak, ndef in rows:
        out.append([name, schema, _names(names, args), oid, _opt(names, variadic), _opt(names, result),
                    retset, kind, vol, strict, leak, ndef])
    return sort_rows(out)


FUNCTIONS_HEADER = ["name", "schema", "args", "oid", "variadic", "result", "retset", "kind", "volatility",
                    "strict", "leakproof", "ndefaults"]


def operators(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT o.oprname, o.oprleft::int, o.oprright::int, o.oprresult::int, o.oprcode::oid::int, o.oid::int
        FROM pg_operator o
    """).fetchall()
    return sort_rows([name, _opt(names, left), names[right], _opt(names, result), code or None, oid]
                  for name, left, right, result, code, oid in rows)


OPERATORS_HEADER = ["name", "left", "right", "result", "function", "oid"]


def opclasses(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT am.amname, c.opcname, n.nspname, c.opcintype::int, f.opfname, c.opcdefault, c.opckeytype::int
        FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_namespace n ON n.oid = c.opcnamespace
             JOIN pg_opfamily f ON f.oid = c.opcfamily
    """).fetchall()
    return sort_rows([am, name, schema, names[intype], family, default, _opt(names, key)]
                  for am, name, schema, intype, family, default, key in rows)


OPCLASSES_HEADER = ["am", "name", "schema", "intype", "family", "default", "keytype"]


def opfamilies(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    """btree and hash operator families with their equality members (btree strategy 3, hash strategy 1)."""
    families = conn.execute("""
        SELECT f.oid::int, am.amname, f.opfname FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
        WHERE am.amname IN ('btree', 'hash')
    """).fetchall()
    members: dict[int, list] = {oid: [] for oid, _, _ in families}
    for family, left, right in conn.execute("""
        SELECT a.amopfamily::int, a.amoplefttype::int, a.amoprighttype::int
        FROM pg_amop a JOIN pg_am am ON am.oid = a.amopmethod
        WHERE (am.amname = 'btree' AND a.amopstrategy = 3) OR (am.amname = 'hash' AND a.amopstrategy = 1)
    """):
        members[family].append([names[left], names[right]])
    return sort_rows([am, name, sort_rows(members[oid])] for oid, am, name in families)


OPFAMILIES_HEADER = ["am", "name", "equality"]


def keywords(conn: psycopg.Connection) -> list[list]:
    return sort_rows(list(r) for r in conn.execute("SELECT word, catcode::text, barelabel FROM pg_get_keywords()"))


KEYWORDS_HEADER = ["word", "catcode", "barelabel"]


def schemas(conn: psycopg.Connection) -> list[list]:
    return sort_rows([r[0]] for r in conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'"))


SCHEMAS_HEADER = ["name"]


def relations(conn: psycopg.Connection, names: dict[int, str], sources: dict[tuple[str, str], str]) -> list[list]:
    """Relations of pg_catalog and information_schema; columns (attnum order) of tables and views."""
    rels = conn.execute("""
        SELECT c.oid::int, n.nspname, c.relname, c.relkind::text FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('pg_catalog', 'information_schema')
    """).fetchall()
    columns: dict[int, list] = {}
    for relid, attname, typid in conn.execute("""
        SELECT a.attrelid::int, a.attname, a.atttypid::int FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
    """):
        columns.setdefault(relid, []).append([attname, names[typid]])
    index_info: dict[int, tuple[str, str | None]] = {}
    for indexrelid, table, conname in conn.execute("""
        SELECT i.indexrelid::int, t.relname, con.conname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
    """):
        index_info[indexrelid] = (table, conname)
    out = []
    for oid, schema, name, kind in rels:
        table, constraint = index_info.get(oid, (None, None))
        out.append([schema, name, kind, columns.get(oid) if kind != "i" else None, table, constraint,
                    sources.get((schema, name))])
    return sort_rows(out)


RELATIONS_HEADER = ["schema", "name", "kind", "columns", "table", "constraint", "source"]


def constraints(conn: psycopg.Connection, names: dict[int, str]) -> list[list]:
    rows = conn.execute("""
        SELECT n.nspname, c.conname, c.contype::text, t.relname, c.contypid::int, i.relname
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        LEFT JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class i ON i.oid = c.conindid
    """).fetchall()
    return sort_rows([schema, name, contype, table, _opt(names, typid), index]
                  for schema, name, contype, table, typid, index in rows)


CONSTRAINTS_HEADER = ["schema", "name", "contype", "table", "domain", "index"]


def text_search(conn: psycopg.Connection) -> list[list]:
    """pg_catalog's text search parsers (with their token types), templates, dictionaries (with their template) and
    configurations (with their parser and the token types they map)."""
    parsers = conn.execute("SELECT prsname FROM pg_ts_parser WHERE prsnamespace = 'pg_catalog'::regnamespace").fetchall()
    rows = [["parser", p, [t for (t,) in conn.execute("SELECT alias FROM ts_token_type(%s) ORDER BY tokid", (p,))]]
            for (p,) in parsers]
    rows += [["template", t, []] for (t,) in conn.execute(
        "SELECT tmplname FROM pg_ts_template WHERE tmplnamespace = 'pg_catalog'::regnamespace")]
    rows += [["dictionary", d, [t]] for d, t in conn.execute(
        "SELECT d.dictname, t.tmplname FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate"
        " WHERE d.dictnamespace = 'pg_catalog'::regnamespace")]
    rows += [["configuration", c, [p, *mapped]] for c, p, mapped in conn.execute(
        "SELECT c.cfgname, p.prsname, ARRAY(SELECT DISTINCT t.alias FROM pg_ts_config_map m"
        " JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype WHERE m.mapcfg = c.oid ORDER BY 1)"
        " FROM pg_ts_config c JOIN pg_ts_parser p ON p.oid = c.cfgparser"
        " WHERE c.cfgnamespace = 'pg_catalog'::regnamespace")]
    return sort_rows(rows)


TEXT_SEARCH_HEADER = ["kind", "name", "detail"]


def collations(conn: psycopg.Connection) -> list[list]:
    """pg_catalog's collations that do not depend on the locales of the machine: C, POSIX, ucs_basic, default."""
    return sort_rows([[n, p] for n, p in conn.execute(
        "SELECT collname, collprovider FROM pg_collation WHERE collnamespace = 'pg_catalog'::regnamespace"
        " AND collname IN ('C', 'POSIX', 'ucs_basic', 'default', 'und-x-icu')")])


COLLATIONS_HEADER = ["name", "provider"]
