"""The system objects of a fresh database, checked against the server."""

from __future__ import annotations

from consolidator.pg15 import system


def test_relations_are_the_servers(catalog):
    rows = catalog.execute("""
        SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('pg_catalog', 'information_schema')""").fetchall()
    assert {(r.schema, r.name, r.kind) for r in system.relations()} == set(rows)
    assert system.relation_names("information_schema", "r") == {
        "sql_features", "sql_implementation_info", "sql_parts", "sql_sizing"}
    assert "pg_tables" in system.relation_names("pg_catalog", "v")
    assert "pg_class" in system.relation_names("pg_catalog", "r")


def test_view_columns_are_information_schema_columns(catalog):
    for schema, name in [("pg_catalog", "pg_tables"), ("pg_catalog", "pg_indexes"), ("pg_catalog", "pg_class"),
                         ("information_schema", "columns"), ("information_schema", "tables"),
                         ("pg_catalog", "pg_constraint"), ("pg_catalog", "pg_sequences"), ("pg_catalog", "pg_trigger")]:
        rows = catalog.execute(
            "SELECT column_name::text, coalesce(domain_schema, udt_schema)::text, coalesce(domain_name, udt_name)::text"
            " FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", (schema, name)).fetchall()
        expected = tuple((c, t if s == "pg_catalog" else f"{s}.{t}") for c, s, t in rows)
        assert system.columns(schema, name) == expected, (schema, name)
    assert system.relation("pg_catalog", "pg_tables").column_names[:2] == ("schemaname", "tablename")
    assert system.columns("pg_catalog", "no_such_view") is None


def test_every_view_comes_from_a_share_script():
    views = system.relations(kind="v")
    assert views and all(v.source for v in views)
    assert "pg_tables" in system.views_defined_in("system_views.sql")
    assert "columns" in system.views_defined_in("information_schema.sql")


def test_indexes_and_constraints(catalog):
    server = dict(catalog.execute("""
        SELECT i.relname, con.conname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_namespace n ON n.oid = i.relnamespace LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid
        WHERE n.nspname = 'pg_catalog'""").fetchall())
    assert {r.name: r.constraint for r in system.indexes()} == server
    assert any(c is None for c in server.values())  # some catalog indexes back no constraint
    cons = {(c.name, c.contype) for c in system.constraints()}
    assert ("pg_class_oid_index", "p") in cons
    assert ("cardinal_number_domain_check", "c") in cons
    assert len(system.constraints()) == catalog.execute("SELECT count(*) FROM pg_constraint").fetchone()[0]


def test_schemas_and_type_names(catalog):
    server = {r[0] for r in catalog.execute("SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'")}
    assert set(system.schemas()) == server == {"information_schema", "pg_catalog", "pg_toast", "public"}
    assert "public" not in system.system_schemas()
    names = {r[0] for r in catalog.execute("SELECT typname FROM pg_type")}
    assert system.system_type_names() == names
    assert {"_int4", "int4", "yes_or_no", "_yes_or_no", "pg_class"} <= names
