"""A catalog snapshot of one database: every user object with the attributes PostgreSQL itself reports.

Objects are keyed by ``(kind, name)`` with schema-qualified, unquoted names (the model's keys):
``("table", "public.tickets")``,
``("column", "public.tickets.user_id")``, ``("constraint", "public.tickets.tickets_pkey")``
(constraint, trigger, policy and rule names are unique per table), ``("index", "public.tickets_status_idx")``,
``("function", "public.touch(integer)")``. Attribute values are what the server prints
(``format_type``, ``pg_get_*def``, ``pg_get_expr``), read with ``search_path = public`` on both sides
so the two snapshots are comparable and objects in ``public`` read naturally.

Excluded: system schemas, objects that belong to an extension (they come with ``CREATE EXTENSION``),
and the migration tracking table (``schema_migrations`` by default) with everything hanging off it.
The snapshot is read in one read-only, repeatable-read transaction: safe on a live database.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import psycopg
from psycopg import sql

from consolidator.errors import ConsolidatorError
from consolidator.verify.acl import describe_acl
from consolidator.verify.procedural import ProceduralReaders
from consolidator.verify.opaque import OpaqueReaders
from consolidator.verify.sql_filters import USER_SCHEMA, not_extension_member
from consolidator.verify.snapshot import CatalogObject, Snapshot, TableRows, row_sort_key

__all__ = ["CatalogObject", "DatabaseUnreachable", "Snapshot", "TableRows", "connect", "describe_acl", "redact",
           "snapshot"]

TRACKING_TABLES = frozenset({"schema_migrations"})  # the tool's default; verify passes the baseline's own

class DatabaseUnreachable(ConsolidatorError):
    """The database named by a DSN cannot be connected to or read."""


# -- entry points ---------------------------------------------------------------------------------


def connect(dsn: str, *, what: str = "database") -> psycopg.Connection:
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, autocommit=False)
    except psycopg.Error as e:
        raise DatabaseUnreachable(f"cannot connect to {what} {redact(dsn)}: {_first_line(e)}") from None
    except Exception as e:  # bad conninfo syntax surfaces as ProgrammingError or ValueError
        raise DatabaseUnreachable(f"cannot connect to {what} {redact(dsn)}: {_first_line(e)}") from None
    return conn


def snapshot(
    dsn: str,
    *,
    privileges: bool = False,
    rows: bool = True,
    row_tables: Iterable[str] | None = None,
    exclude_tables: frozenset[str] = TRACKING_TABLES,
    what: str = "database",
) -> Snapshot:
    """Read the catalog (and seed rows) of the database at ``dsn``.

    ``row_tables`` limits the row read to those schema-qualified tables (a live database's user data
    is not seed data: drift mode only reads the tables the baseline seeds).
    """
    with connect(dsn, what=what) as conn:
        try:
            conn.read_only = True
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.cursor() as cur:
                cur.execute("SET LOCAL search_path = public")
                cur.execute("SET LOCAL statement_timeout = '300s'")
                return _Reader(cur, privileges, exclude_tables).read(rows, None if row_tables is None else set(row_tables))
        except psycopg.Error as e:
            raise DatabaseUnreachable(f"cannot read the catalog of {what} {redact(dsn)}: {_first_line(e)}") from None
        finally:
            conn.rollback()


def redact(dsn: str) -> str:
    """The DSN without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        params = conninfo_to_dict(dsn)
    except Exception:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", dsn)
    if "password" not in params:
        return dsn
    params["password"] = "***"
    return make_conninfo(**{k: v for k, v in params.items() if v is not None})


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    line = lines[0] if lines else type(e).__name__
    return line.removeprefix("connection is bad: ")


# -- reading ----------------------------------------------------------------------------------------


class _Reader(ProceduralReaders, OpaqueReaders):
    def __init__(self, cur: psycopg.Cursor, privileges: bool, exclude_tables: frozenset[str]) -> None:
        self.cur = cur
        self.privileges = privileges
        self.exclude = sorted(exclude_tables)
        self.objects: dict[str, dict[str, CatalogObject]] = {}

    def q(self, query: str, params: tuple = ()) -> list[tuple]:
        self.cur.execute(query, params or None)
        return self.cur.fetchall()

    def add(self, kind: str, name: str, /, **attrs: Any) -> None:
        self.objects.setdefault(kind, {})[name] = CatalogObject(kind=kind, name=name, attrs=attrs)

    def acl(self, **attrs: Any) -> dict[str, Any]:
        if not self.privileges:
            return {}
        if "acl" in attrs:
            attrs["acl"] = describe_acl(attrs["acl"])
        return attrs

    def read(self, with_rows: bool, row_tables: set[str] | None) -> Snapshot:
        relations = self._relations()
        self._schemas()
        self._extensions()
        self._tables(relations)
        self._columns(relations)
        self._constraints(relations)
        self._indexes(relations)
        self._sequences()
        self._types()
        self._functions()
        self._triggers(relations)
        self._views()
        self._policies(relations)
        self._rules(relations)
        self._opaque_objects()
        if self.privileges:
            self._default_privileges()
        rows = self._rows(relations, row_tables) if with_rows else {}
        objects = {kind: dict(sorted(v.items())) for kind, v in sorted(self.objects.items())}
        return Snapshot(objects=objects, rows=rows, privileges=self.privileges)

    def _relations(self) -> dict[int, tuple[str, str]]:
        """oid -> (qualified name, relkind) of user tables, views, matviews, foreign tables."""
        found = self.q(
            f"""
            SELECT c.oid, n.nspname || '.' || c.relname, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND {USER_SCHEMA.format(n='n')}
              AND {not_extension_member('pg_class', 'c.oid')}
              AND NOT (c.relkind IN ('r', 'p') AND c.relname = ANY(%s))
            """,
            (self.exclude,),
        )
        return {oid: (name, kind) for oid, name, kind in found}

    def _tables_only(self, relations: dict[int, tuple[str, str]]) -> list[int]:
        return [oid for oid, (_, kind) in relations.items() if kind in ("r", "p", "f")]

    def _schemas(self) -> None:
        for name, owner, acl, comment in self.q(
            f"""
            SELECT n.nspname, pg_get_userbyid(n.nspowner), n.nspacl::text,
                   obj_description(n.oid, 'pg_namespace')
            FROM pg_namespace n
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_namespace', 'n.oid')}
            """
        ):
            self.add("schema", name, comment=comment, **self.acl(owner=owner, acl=acl))

    def _default_privileges(self) -> None:
        """ALTER DEFAULT PRIVILEGES (pg_default_acl): what objects created later will get."""
        kinds = {"r": "tables", "S": "sequences", "f": "functions", "T": "types", "n": "schemas"}
        for role, schema, objtype, acl in self.q(
            """
            SELECT pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype::text, d.defaclacl::text
            FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            """
        ):
            name = f"{role} on new {kinds.get(objtype, objtype)}" + (f" in schema {schema}" if schema else "")
            self.add("default privileges", name, acl=describe_acl(acl))

    def _extensions(self) -> None:
        for name, schema, version, comment in self.q(
            """
            SELECT e.extname, n.nspname, e.extversion, obj_description(e.oid, 'pg_extension')
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            """
        ):
            self.add("extension", name, schema=schema, version=version, comment=comment)

    def _tables(self, relations: dict[int, tuple[str, str]]) -> None:
        oids = self._tables_only(relations)
        for oid, kind, persistence, rls, force_rls, options, partkey, partbound, parents, comment, owner, acl in self.q(
            """
            SELECT c.oid, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,
                   array_to_string(c.reloptions, ', '),
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   pg_get_expr(c.relpartbound, c.oid),
                   (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                      FROM pg_inherits i WHERE i.inhrelid = c.oid),
                   obj_description(c.oid, 'pg_class'), pg_get_userbyid(c.relowner), c.relacl::text
            FROM pg_class c WHERE c.oid = ANY(%s)
            """,
            (oids,),
        ):
            columns = [
                r[0]
                for r in self.q(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                    (oid,),
                )
            ]
            self.add(
                "table",
                relations[oid][0],
                kind={"r": "table", "p": "partitioned table", "f": "foreign table"}[kind],
                unlogged=persistence == "u",
                columns=columns,
                row_security=rls,
                force_row_security=force_rls,
                options=options or None,
                partition_key=partkey,
                partition_bound=partbound,
                inherits=parents,
                comment=comment,
                **self.acl(owner=owner, acl=acl),
            )

    def _columns(self, relations: dict[int, tuple[str, str]]) -> None:
        oids = self._tables_only(relations)
        for relid, name, typ, notnull, default, identity, generated, collation, comment, acl in self.q(
            """
            SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> t.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                   col_description(a.attrelid, a.attnum), a.attacl::text
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
            """,
            (oids,),
        ):
            is_generated = generated == "s"
            self.add(
                "column",
                f"{relations[relid][0]}.{name}",
                type=typ,
                default=None if is_generated else default,
                not_null=notnull,
                identity={"a": "always", "d": "by default"}.get(identity),
                generated=default if is_generated else None,
                collation=collation,
                comment=comment,
                **self.acl(acl=acl),
            )

    def _constraints(self, relations: dict[int, tuple[str, str]]) -> None:
        oids = self._tables_only(relations)
        kinds = {"p": "primary key", "u": "unique", "c": "check", "f": "foreign key", "x": "exclusion", "t": "trigger"}
        for relid, name, contype, definition, comment in self.q(
            """
            SELECT c.conrelid, c.conname, c.contype, pg_get_constraintdef(c.oid, true),
                   obj_description(c.oid, 'pg_constraint')
            FROM pg_constraint c WHERE c.conrelid = ANY(%s)
            """,
            (oids,),
        ):
            self.add(
                "constraint",
                f"{relations[relid][0]}.{name}",
                type=kinds.get(contype, contype),
                definition=definition,
                comment=comment,
            )

    def _indexes(self, relations: dict[int, tuple[str, str]]) -> None:
        # Indexes that implement a primary key / unique / exclusion constraint are the constraint's.
        oids = list(relations)
        for name, relid, definition, comment in self.q(
            """
            SELECT n.nspname || '.' || ic.relname, i.indrelid,
                   pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = ic.relnamespace
            WHERE i.indrelid = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                              WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                AND c.contype IN ('p', 'u', 'x'))
            """,
            (oids,),
        ):
            self.add("index", name, table=relations[relid][0], definition=definition, comment=comment)

    def _sequences(self) -> None:
        found = self.q(
            f"""
            SELECT c.oid, n.nspname || '.' || c.relname,
                   format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                   s.seqcache, s.seqcycle,
                   (SELECT tn.nspname || '.' || t.relname || '.' || a.attname
                      FROM pg_depend d
                      JOIN pg_class t ON t.oid = d.refobjid
                      JOIN pg_namespace tn ON tn.oid = t.relnamespace
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                     LIMIT 1),
                   (SELECT t.relname
                      FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                     LIMIT 1),
                   c.oid::regclass::text,
                   obj_description(c.oid, 'pg_class'), pg_get_userbyid(c.relowner), c.relacl::text,
                   has_sequence_privilege(c.oid, 'SELECT')
            FROM pg_sequence s
            JOIN pg_class c ON c.oid = s.seqrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_class', 'c.oid')}
            """
        )
        excluded = set(self.exclude)
        for oid, name, typ, start, inc, vmin, vmax, cache, cycle, owned_by, owner_table, sql_name, comment, owner, acl, readable in found:
            if owner_table in excluded:
                continue  # the tracking table's own sequence
            next_value: int | str | None = "unknown (no SELECT privilege)"
            position = next_value
            if readable:
                self.cur.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.SQL(sql_name)))
                last_value, is_called = self.cur.fetchone()
                next_value = _next_value(last_value, is_called, inc, vmin, vmax, cycle)
                position = f"last_value {last_value}, is_called {str(is_called).lower()}"
            self.add(
                "sequence",
                name,
                type=typ,
                start=start,
                increment=inc,
                min=vmin,
                max=vmax,
                cache=cache,
                cycle=cycle,
                owned_by=owned_by,
                next_value=next_value,
                position=position,
                comment=comment,
                **self.acl(owner=owner, acl=acl),
            )

    def _types(self) -> None:
        for oid, name, typtype, relkind, comment, owner, acl in self.q(
            f"""
            SELECT t.oid, n.nspname || '.' || t.typname, t.typtype,
                   (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid),
                   obj_description(t.oid, 'pg_type'), pg_get_userbyid(t.typowner), t.typacl::text
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE {USER_SCHEMA.format(n='n')} AND {not_extension_member('pg_type', 't.oid')}
              AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
            """
        ):
            if typtype == "c" and relkind != "c":
                continue  # the row type of a table or view
            extra = self.acl(owner=owner, acl=acl)
            if typtype == "e":
                labels = [r[0] for r in self.q("SELECT enumlabel FROM pg_enum WHERE enumtypid = %s ORDER BY enumsortorder", (oid,))]
                self.add("type", name, type="enum", labels=labels, comment=comment, **extra)
            elif typtype == "d":
                base, notnull, default, collation = self.q(
                    """
                    SELECT format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                           CASE WHEN t.typcollation <> b.typcollation THEN co.collname END
                    FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype
                    LEFT JOIN pg_collation co ON co.oid = t.typcollation
                    WHERE t.oid = %s
                    """,
                    (oid,),
                )[0]
                checks = [
                    f"{n}: {d}"
                    for n, d in self.q(
                        "SELECT quote_ident(conname), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE contypid = %s ORDER BY conname",
                        (oid,),
                    )
                ]
                self.add(
                    "type", name, type="domain", base=base, not_null=notnull, default=default,
                    collation=collation, constraints=checks, comment=comment, **extra,
                )
            elif typtype == "c":
                attributes = [
                    f"{n} {t}"
                    for n, t in self.q(
                        """
                        SELECT quote_ident(a.attname), format_type(a.atttypid, a.atttypmod)
                        FROM pg_attribute a JOIN pg_type t ON t.typrelid = a.attrelid
                        WHERE t.oid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                        """,
                        (oid,),
                    )
                ]
                self.add("type", name, type="composite", attributes=attributes, comment=comment, **extra)
            elif typtype == "r":
                subtype = self.q("SELECT format_type(rngsubtype, NULL) FROM pg_range WHERE rngtypid = %s", (oid,))
                self.add("type", name, type="range", subtype=subtype[0][0] if subtype else None, comment=comment, **extra)
            # multirange types ('m') are created with their range type: nothing of their own to compare

    def _rows(self, relations: dict[int, tuple[str, str]], only: set[str] | None) -> dict[str, TableRows]:
        result: dict[str, TableRows] = {}
        for oid, (table, kind) in sorted(relations.items(), key=lambda item: item[1][0]):
            if kind not in ("r", "p", "m") or (only is not None and table not in only):
                continue
            if kind == "m" and not self.q("SELECT relispopulated FROM pg_class WHERE oid = %s", (oid,))[0][0]:
                continue  # WITH NO DATA: no rows to read (the definitions compare that it is not populated)
            sql_name = sql.SQL(self.q("SELECT %s::regclass::text", (oid,))[0][0])
            columns = [
                r[0]
                for r in self.q(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                    (oid,),
                )
            ]
            # plain unique indexes (no expression, no WHERE): the primary key first, then by name
            unique_keys = [
                list(cols)
                for _, cols in self.q(
                    """
                    SELECT ic.relname, ARRAY(
                        SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, pos)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                        ORDER BY k.pos)
                    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    WHERE i.indrelid = %s AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                    ORDER BY i.indisprimary DESC, ic.relname
                    """,
                    (oid,),
                )
            ]
            has_primary = bool(self.q("SELECT 1 FROM pg_index WHERE indrelid = %s AND indisprimary", (oid,)))
            key = unique_keys[0] if has_primary else []
            if columns:
                select = sql.SQL("SELECT {} FROM ONLY {}").format(
                    sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns),
                    sql_name,
                )
                self.cur.execute(select)
                rows = [list(r) for r in self.cur.fetchall()]
            else:
                self.cur.execute(sql.SQL("SELECT count(*) FROM ONLY {}").format(sql_name))
                rows = [[] for _ in range(self.cur.fetchone()[0])]
            rows.sort(key=row_sort_key)
            result[table] = TableRows(table=table, columns=columns, key=key, unique_keys=unique_keys, rows=rows)
        return result


def _next_value(last: int, is_called: bool, inc: int, vmin: int, vmax: int, cycle: bool) -> int | None:
    """What nextval() would return now; None when the sequence is exhausted."""
    if not is_called:
        return last
    nxt = last + inc
    if vmin <= nxt <= vmax:
        return nxt
    if cycle:
        return vmin if inc > 0 else vmax
    return None

