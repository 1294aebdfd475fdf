"""What the contrib extensions create, checked against CREATE EXTENSION on the server."""

from __future__ import annotations

import pytest

from consolidator.pg15 import extensions


def test_examples():
    assert "uuid_generate_v4" in extensions.extension("uuid-ossp").function_names
    pgcrypto = extensions.extension("pgcrypto")
    assert {"gen_random_bytes", "crypt", "digest", "gen_salt"} <= pgcrypto.function_names
    assert {c.name for c in extensions.extension("pg_trgm").opclasses} == {"gin_trgm_ops", "gist_trgm_ops"}
    assert {"citext", "_citext"} <= extensions.extension("citext").type_names
    assert {"ltree", "_ltree", "lquery"} <= extensions.extension("ltree").type_names
    assert extensions.extension("earthdistance").requires == ("cube",)
    assert extensions.extension("plpgsql").schema == "pg_catalog"
    assert extensions.extension("no_such_extension") is None


def test_providers():
    assert extensions.provider_of_function("uuid_generate_v4") == "uuid-ossp"
    assert extensions.provider_of_function("crypt") == "pgcrypto"
    assert extensions.provider_of_function("gen_random_uuid") is None  # built in since PostgreSQL 13
    assert extensions.provider_of_function("lower") is None
    assert extensions.provider_of_function("no_such_function") is None
    assert extensions.provider_of_type("citext") == "citext"
    assert extensions.provider_of_type("_hstore") == "hstore"
    assert extensions.provider_of_type("int4") is None
    assert extensions.provider_of_opclass("gin_trgm_ops") == "pg_trgm"
    assert extensions.provider_of_opclass("gist_trgm_ops", "gist") == "pg_trgm"
    assert extensions.provider_of_opclass("gin_trgm_ops", "btree") is None
    assert extensions.provider_of_opclass("text_ops") is None  # built in
    assert "hstore" in extensions.providers_of_function("hstore")


def test_every_available_extension_is_listed(catalog):
    server = {r[0]: r[1] for r in catalog.execute("SELECT name, default_version FROM pg_available_extensions")}
    assert set(extensions.extension_names()) == set(server)
    for name in server:
        ext = extensions.extension(name)
        assert ext.default_version == server[name]
        assert ext.installable, (name, ext.error)


@pytest.mark.parametrize("name", ["pgcrypto", "citext", "pg_trgm", "earthdistance", "hstore"])
def test_objects_are_what_create_extension_makes(conn, name):
    conn.execute(f'CREATE EXTENSION "{name}" CASCADE')
    members = conn.execute("""
        SELECT d.classid::regclass::text, count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
        WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = %s GROUP BY 1""",
                           (name,)).fetchall()
    counts = dict(members)
    ext = extensions.extension(name)
    assert counts.get("pg_proc", 0) == len(ext.functions)
    assert counts.get("pg_type", 0) == len(ext.types)
    assert counts.get("pg_operator", 0) == len(ext.operators)
    assert counts.get("pg_opclass", 0) == len(ext.opclasses)
    functions = {(r[0], r[1]) for r in conn.execute("""
        SELECT p.proname, p.provolatile::text FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
        JOIN pg_extension e ON e.oid = d.refobjid WHERE d.deptype = 'e' AND e.extname = %s""", (name,))}
    assert functions == {(f.name, f.volatility) for f in ext.functions}
