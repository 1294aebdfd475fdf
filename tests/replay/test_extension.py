"""CREATE / DROP EXTENSION and what the known extensions bring (functions in defaults, types, operator classes).

Every expected SQLSTATE and outcome below was checked on PostgreSQL 15 first.
"""

from __future__ import annotations

import pytest

from consolidator.errors import SourceSpan


def test_create_extension_and_use_its_function_and_type(replay_sql):
    result = replay_sql({"001_a.sql": 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE EXTENSION citext;\n'
                                      "CREATE TABLE t (id uuid DEFAULT uuid_generate_v4(), email citext, emails citext[]);\n"})
    assert result.failed_files == {}
    ext = result.catalog.extensions["uuid-ossp"]
    assert (ext.schema_name, ext.provenance.created) == ("public", SourceSpan(file="001_a.sql", line=1, column=1))
    assert [c.type.sql for c in result.catalog.tables["public.t"].columns] == ["uuid", "citext", "citext[]"]
    assert [e.description for e in result.events][:2] == ["created extension uuid-ossp", "created extension citext"]


@pytest.mark.parametrize(("statement", "sqlstate"), [
    ("CREATE TABLE t (id uuid DEFAULT uuid_generate_v4())", "42883"),
    ("CREATE TABLE t (h bytea DEFAULT digest('x', 'sha256'))", "42883"),
    ("CREATE TABLE t (e citext)", "42704"),
    ("CREATE TABLE t (h hstore)", "42704"),
    ("CREATE TABLE t (a text);\nCREATE INDEX ON t USING gin (a gin_trgm_ops)", "42704"),
    ('CREATE EXTENSION "uuid-ossp" SCHEMA zz', "3F000"),
    ("DROP EXTENSION pgcrypto", "42704"),
])
def test_using_an_extension_before_it_exists_fails(replay_sql, statement, sqlstate):
    result = replay_sql({"001_a.sql": statement + ";\n"})
    assert result.failed_files["001_a.sql"].sqlstate == sqlstate


def test_create_extension_twice(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE EXTENSION pgcrypto;\n", "002_b.sql": "CREATE EXTENSION pgcrypto;\n",
                         "003_c.sql": "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"})
    assert result.failed_files["002_b.sql"].sqlstate == "42710"
    assert "003_c.sql" not in result.failed_files
    assert result.events[-1].description == "extension pgcrypto already exists, skipped (IF NOT EXISTS)"


def test_extension_in_its_own_schema(replay_sql):
    result = replay_sql({"001_a.sql": 'CREATE SCHEMA ext;\nCREATE EXTENSION "uuid-ossp" SCHEMA ext;\n'
                                      "CREATE TABLE t (id uuid DEFAULT ext.uuid_generate_v4());\n"})
    assert result.failed_files == {}
    assert result.catalog.extensions["uuid-ossp"].schema_name == "ext"


def test_drop_extension_with_dependents_needs_cascade(replay_sql):
    result = replay_sql({
        "001_a.sql": ('CREATE EXTENSION "uuid-ossp";\nCREATE EXTENSION citext;\nCREATE EXTENSION pg_trgm;\n'
                      "CREATE TABLE t (id uuid DEFAULT uuid_generate_v4(), e citext, es citext[], n text);\n"
                      "CREATE INDEX t_n_trgm ON t USING gin (n gin_trgm_ops);\n"),
        "002_b.sql": 'DROP EXTENSION "uuid-ossp";\n',
        "003_c.sql": "DROP EXTENSION citext;\n",
        "004_d.sql": "DROP EXTENSION pg_trgm;\n",
        "005_e.sql": 'DROP EXTENSION "uuid-ossp", citext, pg_trgm CASCADE;\n',
    })
    assert [result.failed_files.get(f, None) and result.failed_files[f].sqlstate
            for f in ("002_b.sql", "003_c.sql", "004_d.sql", "005_e.sql")] == ["2BP01", "2BP01", "2BP01", None]
    t = result.catalog.tables["public.t"]
    assert [c.name for c in t.columns] == ["id", "n"]  # the citext columns went, the uuid column lost its default
    assert t.column("id").default is None
    assert result.catalog.indexes == {} and result.catalog.extensions == {}


def test_drop_extension_if_exists(replay_sql):
    result = replay_sql({"001_a.sql": "CREATE EXTENSION pgcrypto;\nDROP EXTENSION IF EXISTS pgcrypto;\nDROP EXTENSION IF EXISTS pgcrypto;\n"})
    assert result.failed_files == {} and result.catalog.extensions == {}
    assert result.events[-1].description == "extension pgcrypto does not exist, skipped (IF EXISTS)"


def test_an_unknown_extension_is_trusted_to_bring_its_types(replay_sql):
    # The replay does not know every extension a server may have: it assumes the one named exists (the server
    # may say 0A000 "is not available"; verify decides) and that unknown types belong to it.
    result = replay_sql({"001_a.sql": "CREATE EXTENSION vector;\nCREATE TABLE t (embedding vector(3));\n"})
    assert result.failed_files == {}
    assert result.catalog.tables["public.t"].column("embedding").type.sql == "vector(3)"
