"""The objects each contrib extension creates: CREATE EXTENSION in a scratch database, pg_depend, ROLLBACK."""

from __future__ import annotations

import psycopg

from . import catalog
from .catalog import sort_rows

_MEMBERS = """
SELECT d.classid::regclass::text, d.objid::int, d.objsubid FROM pg_depend d
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
WHERE d.deptype = 'e' AND e.extname = %s
"""


def _members(conn: psycopg.Connection, name: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for classid, objid, subid in conn.execute(_MEMBERS, (name,)):
        out.setdefault(classid, []).append((objid, subid))
    return out


def _objects(conn: psycopg.Connection, name: str, install_schema: str) -> dict:
    names = catalog.type_names(conn, ("pg_catalog", install_schema))
    members = _members(conn, name)

    def oids(classid: str) -> list[int]:
        return sort_rows(objid for objid, _ in members.pop(classid, []))

    def rows(sql: str, classid: str) -> list[tuple]:
        ids = oids(classid)
        return conn.execute(sql, (ids,)).fetchall() if ids else []

    functions = sort_rows(
        [p, [names[a] for a in args], names[ret], kind, vol]
        for p, args, ret, kind, vol in rows(
            "SELECT proname, proargtypes::oid[]::int[], prorettype::int, prokind::text, provolatile::text"
            " FROM pg_proc WHERE oid = ANY(%s)", "pg_proc"))
    types = []
    for oid, typtype, cat, pref, array, inp, out in rows(
            "SELECT oid::int, typtype::text, typcategory::text, typispreferred, typarray::int, typinput::text,"
            " typoutput::text FROM pg_type WHERE oid = ANY(%s)", "pg_type"):
        types.append([names[oid], typtype, cat, pref, names[array] if array else None, inp, out])
    operators = sort_rows(
        [n, names[left] if left else None, names[right], names[res]]
        for n, left, right, res in rows(
            "SELECT oprname, oprleft::int, oprright::int, oprresult::int FROM pg_operator WHERE oid = ANY(%s)",
            "pg_operator"))
    opclasses = sort_rows(
        [n, am, names[intype], default, family]
        for n, am, intype, default, family in rows(
            "SELECT c.opcname, am.amname, c.opcintype::int, c.opcdefault, f.opfname FROM pg_opclass c"
            " JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily"
            " WHERE c.oid = ANY(%s)", "pg_opclass"))
    opfamilies = sort_rows(
        [n, am] for n, am in rows(
            "SELECT f.opfname, am.amname FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod"
            " WHERE f.oid = ANY(%s)", "pg_opfamily"))
    casts = sort_rows(
        [names[s], names[t], ctx, method] for s, t, ctx, method in rows(
            "SELECT castsource::int, casttarget::int, castcontext::text, castmethod::text FROM pg_cast"
            " WHERE oid = ANY(%s)", "pg_cast"))
    relations = sort_rows(
        [n if ns == install_schema else f"{ns}.{n}", kind] for n, ns, kind in rows(
            "SELECT c.relname, n.nspname, c.relkind::text FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY(%s)", "pg_class"))
    schemas = sort_rows(r[0] for r in rows("SELECT nspname FROM pg_namespace WHERE oid = ANY(%s)", "pg_namespace"))
    other = []
    for classid in sort_rows(members):
        for objid, subid in members[classid]:
            desc = conn.execute("SELECT pg_describe_object(%s::regclass, %s, %s)", (classid, objid, subid)).fetchone()
            other.append([classid, desc[0]])
    return {
        "functions": functions, "types": sort_rows(types), "operators": operators, "opclasses": opclasses,
        "opfamilies": opfamilies, "casts": casts, "relations": relations, "schemas": schemas,
        "other": sort_rows(other),
    }


_KINDS = ("functions", "types", "operators", "opclasses", "opfamilies", "casts", "relations", "schemas", "other")


def extensions(conn: psycopg.Connection, controls: dict[str, dict]) -> list[dict]:
    """One record per available extension; ``conn`` is an autocommit connection to a scratch database."""
    available = dict(conn.execute("SELECT name, default_version FROM pg_available_extensions").fetchall())
    if set(available) != set(controls):
        raise SystemExit(f"gen_pg15: pg_available_extensions and extension/*.control disagree: "
                         f"{sort_rows(set(available) ^ set(controls))}")
    out = []
    for name in sort_rows(available):
        control = controls[name]
        if control["default_version"] != available[name]:
            raise SystemExit(f"gen_pg15: {name}: control file says {control['default_version']}, "
                             f"server says {available[name]}")
        record = {"name": name, **control, "error": None, "installed_schema": None, **dict.fromkeys(_KINDS, [])}
        conn.execute("BEGIN")
        try:
            conn.execute(f'CREATE EXTENSION IF NOT EXISTS "{name}" CASCADE')
            install_schema = conn.execute(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                " WHERE e.extname = %s", (name,)).fetchone()[0]
            record["installed_schema"] = install_schema
            record.update(_objects(conn, name, install_schema))
        except psycopg.Error as e:
            record["error"] = f"{e.sqlstate}: {e.diag.message_primary or str(e).strip()}"
        finally:
            conn.execute("ROLLBACK")
        out.append(record)
    return out
