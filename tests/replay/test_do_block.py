"""DO blocks: catalog before → DO statement → catalog after, and the server's verdict where it matters.

The cases of `SERVER_CASES` run twice: through the model, and through a throwaway PostgreSQL 15
(marked `pg`); file outcome, SQLSTATE and the public tables / enum types / indexes must agree.
"""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pglast import ast

from consolidator.errors import PgError, SourceSpan
from consolidator.model.catalog import Catalog
from consolidator.parse.postgres import parse_file
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.engine import ReplayResult, replay
import consolidator.replay.handlers  # noqa: F401  (registers the handlers)
from consolidator.replay.dispatch import dispatch
from consolidator.replay.effects import describe
from consolidator.source.discover import SourceFile, Sources
from consolidator.verify.legacy import replay_sources

SETUP = """CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL);
CREATE TYPE mood AS ENUM ('x');
CREATE INDEX t_a_idx ON t (a);
"""


def sources(*files: str) -> Sources:
    migrations = [
        SourceFile(name=f"{i:03d}_case.sql", version=f"{i:03d}", sha256=hashlib.sha256(sql.encode()).hexdigest(),
                   data=sql.encode())
        for i, sql in enumerate(files)
    ]
    return Sources(folder=".", migrations=migrations, skipped=[], duplicate_versions={})


def run(*files: str) -> ReplayResult:
    return replay(sources(*files))


def outcome(result: ReplayResult, index: int = -1) -> tuple[str, str | None]:
    f = result.files[index]
    return ("failed", f.first_error.sqlstate) if f.failed else ("ok", None)


def do_events(result: ReplayResult, index: int = -1):
    name = result.files[index].name
    return [e for e in result.events if e.span.file == name and e.kind == "DoStmt"]


def not_modelled(result: ReplayResult) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == "not-modelled"]


def public_objects(catalog: Catalog) -> dict[str, set[str]]:
    indexes = {k.split(".", 1)[1] for k in catalog.indexes if k.startswith("public.")}
    for table in catalog.tables.values():
        if table.key.startswith("public."):
            indexes |= {c.name for c in table.constraints if c.has_index}
    return {
        "tables": {k.split(".", 1)[1] for k in catalog.tables if k.startswith("public.")},
        "types": {k.split(".", 1)[1] for k in catalog.types if k.startswith("public.")},
        "indexes": indexes,
    }


def apply_do(catalog: Catalog, sql: str) -> str:
    """Run one DO statement straight through dispatch (no engine): the handler's own contract."""
    (stmt,) = parse_file("direct.sql", sql.encode())
    ctx = ReplayContext(catalog=catalog, span=stmt.span, text=stmt.text)
    return describe(dispatch(ctx, stmt.node))


def base_catalog() -> Catalog:
    return run(SETUP).catalog


# ---- the shapes, in the model ------------------------------------------------------------------


def test_true_guard_adds_the_column_where_the_inner_statement_is():
    result = run(SETUP, """-- add b when missing
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 't' AND column_name = 'b') THEN
        ALTER TABLE t ADD COLUMN b integer;
    END IF;
END $$;
""")
    assert outcome(result) == ("ok", None)
    column = result.catalog.tables["public.t"].column("b")
    assert column is not None and column.type.sql == "integer"
    assert (column.provenance.created.file, column.provenance.created.line) == ("001_case.sql", 6)
    (event,) = do_events(result)
    assert event.status == "applied"
    assert "is true → added column b" in event.description


def test_false_guard_changes_nothing():
    before = base_catalog()
    result = run(SETUP, """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'a') THEN
        ALTER TABLE t ADD COLUMN a integer;  -- would fail: a exists
    END IF;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert result.catalog.model_dump() == before.model_dump()
    assert do_events(result)[0].description.endswith("is false")


def test_else_branch_runs_when_the_guard_is_false():
    result = run(SETUP, """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'a') THEN
        ALTER TABLE t ADD COLUMN a integer;
    ELSE
        CREATE INDEX IF NOT EXISTS t_id_a_idx ON t (id, a);
    END IF;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert "public.t_id_a_idx" in result.catalog.indexes
    assert "ELSE → created index t_id_a_idx" in do_events(result)[0].description


def test_elsif_takes_the_first_true_branch_only():
    result = run(SETUP, """DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'nope') THEN
        CREATE TABLE first_branch ();
    ELSIF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
        CREATE TABLE second_branch ();
    ELSIF EXISTS (SELECT 1 FROM pg_class WHERE relname = 't_a_idx') THEN
        CREATE TABLE third_branch ();
    ELSE
        CREATE TABLE else_branch ();
    END IF;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert public_objects(result.catalog)["tables"] == {"t", "second_branch"}


def test_execute_of_a_string_literal_is_dispatched():
    result = run(SETUP, """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 't_id_idx') THEN
        EXECUTE 'CREATE INDEX t_id_idx ON t (id)';
        EXECUTE 'COMMENT ON TABLE t IS ''it''''s t''';
    END IF;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert result.catalog.indexes["public.t_id_idx"].table == "public.t"
    assert result.catalog.tables["public.t"].comment == "it's t"
    assert result.catalog.indexes["public.t_id_idx"].provenance.created.line == 3


def test_exception_when_duplicate_object_swallows_and_restores_the_catalog():
    result = run(SETUP, """DO $$ BEGIN
    CREATE TABLE made_before_the_error ();
    CREATE TYPE mood AS ENUM ('y', 'z');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;""")
    assert outcome(result) == ("ok", None)
    # the subtransaction is rolled back: the table created before the error is gone too
    assert public_objects(result.catalog)["tables"] == {"t"}
    assert result.catalog.types["public.mood"].labels == ["x"]
    (event,) = do_events(result)
    assert event.status == "applied"
    assert "42710" in event.description and "duplicate_object" in event.description


def test_exception_block_without_error_keeps_its_work():
    result = run("""DO $$ BEGIN
    CREATE TYPE door_action AS ENUM ('unlock', 'lock');
EXCEPTION
    WHEN duplicate_object THEN null;
END $$;
CREATE TABLE door_log (action door_action NOT NULL);""")
    assert outcome(result) == ("ok", None)
    assert result.catalog.types["public.door_action"].labels == ["unlock", "lock"]


def test_handler_that_does_not_match_lets_the_error_through():
    result = run(SETUP, """CREATE TABLE before_do ();
DO $$ BEGIN
    CREATE TABLE t ();
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;""")
    assert outcome(result) == ("failed", "42P07")  # duplicate_table, not duplicate_object
    assert "public.before_do" not in result.catalog.tables  # the whole file is rolled back


def test_class_and_others_conditions_catch_and_the_handler_runs():
    result = run(SETUP, """DO $$ BEGIN
    BEGIN
        CREATE TABLE t ();
    EXCEPTION WHEN syntax_error_or_access_rule_violation THEN
        CREATE TABLE caught_by_class ();
    END;
    BEGIN
        CREATE INDEX t_a_idx ON t (a);
    EXCEPTION WHEN others THEN
        CREATE TABLE caught_by_others ();
    END;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert public_objects(result.catalog)["tables"] == {"t", "caught_by_class", "caught_by_others"}


def test_error_inside_a_guard_propagates_with_its_sqlstate():
    result = run(SETUP, """CREATE TABLE also_rolled_back ();
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 't') THEN
        CREATE INDEX t_a_idx ON t (a);
    END IF;
END $$;
CREATE TABLE never_reached ();""")
    assert outcome(result) == ("failed", "42P07")
    failure = result.files[-1].first_error
    assert failure.span.line == 2 and "line 5" in failure.message
    assert public_objects(result.catalog)["tables"] == {"t"}


def test_reraise_keeps_the_sqlstate():
    result = run(SETUP, "DO $$ BEGIN CREATE TABLE t (); EXCEPTION WHEN others THEN RAISE NOTICE '%', SQLERRM; RAISE; END $$;")
    assert outcome(result) == ("failed", "42P07")


@pytest.mark.parametrize("body, sqlstate", [
    ("RAISE EXCEPTION 'stop %', 'here';", "P0001"),
    ("RAISE 'dup' USING ERRCODE = 'unique_violation';", "23505"),
    ("RAISE division_by_zero;", "22012"),
    ("RAISE SQLSTATE 'XX123' USING MESSAGE = 'custom';", "XX123"),
    ("RAISE EXCEPTION 'a' USING ERRCODE = 'not_a_condition';", "42704"),
    ("RAISE;", "0Z002"),
    ("ASSERT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'nope'), 'missing';", "P0004"),
    ("CASE WHEN false THEN NULL; END CASE;", "20000"),
    ("EXECUTE NULL;", "22004"),
    ("EXECUTE 'CREATE TABL x ()';", "42601"),
    ("COMMIT;", "2D000"),
    ("SAVEPOINT s;", "0A000"),
    ("IF EXISTS (SELECT 1 FROM pg_indexes WHERE idxname = 'x') THEN NULL; END IF;", "42703"),
    ("IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'nosuch'::regclass) THEN NULL; END IF;", "42P01"),
    ("IF EXISTS (SELECT 1 FROM information_schema.nosuch) THEN NULL; END IF;", "42P01"),
    ("IF false THEN CREATE TABL x (); END IF;", "42601"),  # compile time: also in a branch never taken
    ("NULL; EXCEPTION WHEN no_such_condition THEN NULL;", "42704"),
])
def test_errors_have_the_servers_sqlstate(body, sqlstate):
    result = run(SETUP, f"DO $$ BEGIN {body} END $$;")
    assert outcome(result) == ("failed", sqlstate)


def test_raise_notice_and_return_and_exit_control_the_flow():
    result = run(SETUP, """DO $$ <<outer>> BEGIN
    RAISE NOTICE 'starting %', 1;
    CREATE TABLE kept_1 ();
    EXIT outer WHEN EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'kept_1');
    CREATE TABLE skipped_1 ();
END outer $$;
DO $$ BEGIN CREATE TABLE kept_2 (); RETURN; CREATE TABLE skipped_2 (); END $$;""")
    assert outcome(result) == ("ok", None)
    assert public_objects(result.catalog)["tables"] == {"t", "kept_1", "kept_2"}


def test_system_objects_answer_as_on_the_server():
    result = run(SETUP, """DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'text')
       AND EXISTS (SELECT 1 FROM pg_type WHERE typname = '_t')  -- the array type of table t
       AND EXISTS (SELECT 1 FROM pg_type WHERE typname = '_mood')
       AND EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'columns')
       AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'plpgsql')
       AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public')
       AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'pg_nothing_like_this')
    THEN
        CREATE TABLE all_true ();
    END IF;
END $$;""")
    assert outcome(result) == ("ok", None)
    assert "public.all_true" in result.catalog.tables


def test_statements_the_model_cannot_represent_are_reported_with_what_was_applied():
    result = run(SETUP, "DO $$ BEGIN CREATE TABLE n1 (id int); INSERT INTO n1 VALUES (1); "
                        "INSERT INTO n1 SELECT 2 LIMIT 1; END $$;")
    assert outcome(result) == ("ok", None)
    assert "public.n1" in result.catalog.tables
    assert [r["id"].text for r in result.catalog.rows("public.n1")] == ["1"]
    (message,) = not_modelled(result)
    assert "created table n1" in message and "inserted 1 row" in message and "LIMIT" in message


@pytest.mark.parametrize("body, construct", [
    ("DECLARE n numeric; BEGIN n := 1; END", "numeric"),
    ("BEGIN CREATE TABLE z (); FOR i IN 1..20000 LOOP NULL; END LOOP; END", "iterations"),
    ("DECLARE a int; BEGIN CREATE TABLE z (); FOREACH a IN ARRAY ARRAY[1] LOOP NULL; END LOOP; END", "FOREACH"),
    ("BEGIN CREATE TABLE z (); PERFORM 1 FROM pg_class; END", "PERFORM"),
    ("BEGIN CREATE TABLE z (); EXECUTE format('CREATE TABLE %*s ()', 5, 'q'); END", "widths"),
    ("BEGIN CREATE TABLE z (); EXECUTE 'CREATE TABLE q (a int DEFAULT $1)' USING 1; END", "USING"),
    ("BEGIN CREATE TABLE z (); IF (SELECT relkind FROM pg_class LIMIT 1) = 'r' THEN NULL; END IF; END", "condition"),
    ("BEGIN CREATE TABLE z (); IF EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 't%') THEN NULL; END IF; END",
     "condition"),
    ("BEGIN CREATE TABLE z (); IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'pg_toast_16384') THEN NULL; END IF; END",
     "may hold rows"),
    ("BEGIN CREATE TABLE z (); IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_default = '0') THEN "
     "NULL; END IF; END", "not modelled"),
    ("BEGIN CREATE TABLE z (); CASE 1 WHEN 1 THEN NULL; END CASE; END", "simple CASE"),
    ("BEGIN CREATE TABLE z (); SELECT 1; END", "SELECT"),
    ("BEGIN CREATE TABLE z (); RAISE NOTICE '%', now(); END", "expression"),
])
def test_unsupported_constructs_leave_the_catalog_as_before(body, construct):
    before = base_catalog()
    result = run(SETUP, f"DO $$ {body} $$;")
    assert outcome(result) == ("ok", None)
    (message,) = not_modelled(result)
    assert construct in message
    assert public_objects(result.catalog) == public_objects(before)


def test_an_extension_the_model_does_not_know_makes_negative_answers_uncertain():
    result = run('CREATE EXTENSION IF NOT EXISTS "vector";', """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'embedding') THEN CREATE TABLE x (); END IF;
END $$;""")
    assert "may hold rows" in not_modelled(result)[-1]


def test_other_languages():
    result = run("DO LANGUAGE sql $$ SELECT 1 $$;")
    assert outcome(result) == ("failed", "0A000")
    result = run("DO LANGUAGE plpython3u $$ pass $$;")
    assert outcome(result) == ("ok", None)
    assert "plpython3u" in not_modelled(result)[0]


def test_direct_dispatch_restores_the_catalog_object_on_failure():
    catalog = base_catalog()
    before = catalog.model_dump()
    with pytest.raises(PgError) as failure:
        apply_do(catalog, "DO $$ BEGIN CREATE TABLE a1 (); ALTER TABLE t ADD COLUMN c int; CREATE INDEX t_a_idx ON t (a); END $$;")
    assert failure.value.sqlstate == "42P07"
    assert catalog.model_dump() == before
    with pytest.raises(NotModelled):
        apply_do(catalog, "DO $$ BEGIN CREATE TABLE a1 (); PERFORM 1 FROM pg_class; END $$;")
    assert catalog.model_dump() == before


@pytest.mark.parametrize("sql", [
    "DO $$ $$;",
    "DO $$ BEGIN END $$;",
    "DO $$BEGIN\n\n\nEND$$;",
    "DO 'BEGIN CREATE TABLE single_quoted (); END';",
    "DO $$ BEGIN EXECUTE ''; END $$;",
    "DO $$ BEGIN EXECUTE '   -- only a comment'; END $$;",
    "DO $$ BEGIN EXECUTE 'DO $i$ BEGIN CREATE TABLE nested (); END $i$'; END $$;",
    "DO $$ BEGIN IF NULL THEN CREATE TABLE never (); END IF; END $$;",
    "DO $$ BEGIN IF NOT NULL THEN CREATE TABLE never (); END IF; END $$;",
    "DO $$ BEGIN " + "IF true THEN " * 200 + "NULL;" + " END IF;" * 200 + " END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT FROM pg_type WHERE typname = 'mood' LIMIT 0) THEN NULL; END IF; END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT * FROM pg_type t WHERE t.typname IN ('a', 'mood') AND t.typname <> 'b') THEN NULL; END IF; END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '\"T\"'::regclass) THEN NULL; END IF; END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'a..b'::regclass) THEN NULL; END IF; END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '12345'::regclass) THEN NULL; END IF; END $$;",
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE relname = E'\\x00') THEN NULL; END IF; END $$;",
    "DO $$ BEGIN RAISE NOTICE '%%'; RAISE WARNING 'x % %', NULL, true; END $$;",
    "DO $x$ BEGIN EXECUTE $$CREATE TABLE dollar ()$$; END $x$;",
])
def test_odd_bodies_never_crash(sql):
    catalog = base_catalog()
    before = catalog.model_dump()
    try:
        assert apply_do(catalog, sql).startswith("DO block")
    except (PgError, NotModelled):
        assert catalog.model_dump() == before


_FRAGMENTS = [
    "BEGIN", "END", "END IF", "IF", "THEN", "ELSE", "ELSIF", "EXCEPTION", "WHEN", "others", "duplicate_object",
    "NULL", ";", "(", ")", "'", "''", "$$", "$q$", "EXISTS", "NOT", "SELECT 1 FROM pg_type WHERE typname = 'mood'",
    "CREATE TABLE f ()", "CREATE TYPE mood AS ENUM ('q')", "EXECUTE", "'CREATE INDEX ON t (a)'", "RAISE", "EXCEPTION",
    "'m %'", ",", "1", "RETURN", "LOOP", "DECLARE", "x", "int", ":=", "<<l>>", "EXIT", "l", "CASE", "ASSERT", "AND",
    "OR", "information_schema.columns", "pg_class", "relname", "=", "::regclass", "--", "/*", "*/", "\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=25))
def test_random_bodies_raise_only_pg_errors_or_not_modelled(pieces):
    body = " ".join(pieces).replace("\x00", "")
    catalog = base_catalog()
    before = catalog.model_dump()
    ctx = ReplayContext(catalog=catalog, span=SourceSpan(file="fuzz.sql"), text="")
    node = ast.DoStmt(args=(ast.DefElem(defname="as", arg=ast.String(sval=body)),))
    try:
        dispatch(ctx, node)
    except (PgError, NotModelled):
        pass
    else:
        return
    assert catalog.model_dump() == before


# ---- the same cases on PostgreSQL 15 ------------------------------------------------------------

LONG = "l" * 70  # truncated to 63 bytes by the server, in identifiers and in name literals

SERVER_CASES = {
    "true_guard": """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b') THEN
            ALTER TABLE t ADD COLUMN b int; CREATE INDEX t_b_idx ON t (b);
        END IF; END $$;""",
    "false_guard": """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                       AND table_name = 't' AND column_name = 'a') THEN
            ALTER TABLE t ADD COLUMN a int;
        END IF; END $$;""",
    "else": """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 't_a_idx' AND tablename = 't') THEN
            CREATE INDEX t_a_idx ON t (a);
        ELSE CREATE TABLE else_ran ();
        END IF; END $$;""",
    "elsif": """DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'nope') THEN CREATE TABLE one ();
        ELSIF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_pkey' AND conrelid = 't'::regclass)
            THEN CREATE TABLE two ();
        ELSE CREATE TABLE three ();
        END IF; END $$;""",
    "execute_literal": """DO $$ BEGIN EXECUTE 'CREATE INDEX t_id_a_idx ON t (id, a)';
        EXECUTE 'CREATE TABLE m1 (); CREATE TABLE m2 ()'; END $$;""",
    "duplicate_object_swallowed": """DO $$ BEGIN CREATE TABLE side (); CREATE TYPE mood AS ENUM ('y');
        EXCEPTION WHEN duplicate_object THEN NULL; END $$;""",
    "duplicate_table_not_caught": """DO $$ BEGIN CREATE TABLE t ();
        EXCEPTION WHEN duplicate_object THEN NULL; END $$;""",
    "class_caught": """DO $$ BEGIN CREATE TABLE t ();
        EXCEPTION WHEN syntax_error_or_access_rule_violation THEN CREATE TABLE handled (); END $$;""",
    "nested_blocks": """DO $$ BEGIN
        CREATE TABLE outer_kept ();
        BEGIN CREATE TABLE inner_lost (); CREATE INDEX t_a_idx ON t (a);
        EXCEPTION WHEN duplicate_table THEN CREATE TABLE inner_handler (); END;
        CREATE TABLE after_inner ();
        END $$;""",
    "reraise": "DO $$ BEGIN CREATE TABLE t (); EXCEPTION WHEN others THEN RAISE; END $$;",
    "error_in_guard": """DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 't') THEN
            CREATE INDEX t_a_idx ON t (a);
        END IF; END $$;""",
    "raise_exception": "DO $$ BEGIN RAISE EXCEPTION 'stop %', 1; END $$;",
    "raise_errcode": "DO $$ BEGIN RAISE 'x' USING ERRCODE = 'unique_violation'; END $$;",
    "regclass_missing": "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'nosuch'::regclass) "
                        "THEN NULL; END IF; END $$;",
    "bad_column": "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_indexes WHERE idxname = 'x') THEN NULL; END IF; END $$;",
    "system_names": """DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'text') AND EXISTS (SELECT 1 FROM pg_type WHERE typname = '_t')
           AND EXISTS (SELECT 1 FROM pg_type WHERE typname = '_mood') AND EXISTS (SELECT 1 FROM pg_type WHERE typname = 't')
           AND EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'columns')
           AND EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'pg_class_oid_index')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'pg_class_tblspc_relfilenode_index')
           AND EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'pg_class_oid_index' AND schemaname = 'pg_catalog')
           AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'plpgsql')
           AND EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'pg_toast')
           AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'pg_nothing') THEN
            CREATE TABLE all_true ();
        END IF; END $$;""",
    "constraints_view": """DO $$ BEGIN
        IF (SELECT count(*) FROM information_schema.table_constraints
            WHERE table_name = 't' AND constraint_type = 'CHECK') = 2  -- the NOT NULLs of id and a
           AND EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE constraint_name = 't_pkey'
                       AND constraint_type = 'PRIMARY KEY' AND is_deferrable = 'NO')
           AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'a'
                       AND data_type = 'text' AND is_nullable = 'NO')
           AND EXISTS (SELECT 1 FROM pg_class WHERE relname IN ('t_a_idx', 'zz') AND relkind = 'i')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_pkey' AND contype <> 'p')
        THEN CREATE TABLE views_agree (); END IF; END $$;""",
    "same_table_name_in_two_schemas": """CREATE SCHEMA other; CREATE TABLE other.t (z int, a text); CREATE TABLE u (a int);
        DO $$ BEGIN
        IF (SELECT count(*) FROM information_schema.columns WHERE column_name = 'a' AND table_name = 't') = 2
           AND (SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND table_schema = 'other') = 2
           AND (SELECT count(*) FROM information_schema.table_constraints WHERE table_name = 'u') = 0
           AND (SELECT count(*) FROM information_schema.tables WHERE 't' = table_name) = 2
           AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'v')
        THEN CREATE TABLE counted_by_table_name (); END IF; END $$;""",
    "counted_by_object_name": """CREATE SCHEMA o2;
        CREATE TABLE o2.w (id int CONSTRAINT w_key PRIMARY KEY, b int CONSTRAINT w_b CHECK (b > 0));
        CREATE TABLE w (id int CONSTRAINT w_key UNIQUE, b int CONSTRAINT w_b CHECK (b > 0));
        CREATE INDEX w_b_idx ON o2.w (b); CREATE INDEX w_b_idx ON w (b);
        DO $$ BEGIN
        IF (SELECT count(*) FROM pg_constraint WHERE conname = 'w_key') = 2
           AND (SELECT count(*) FROM pg_constraint WHERE conname = 'w_b' AND contype = 'c') = 2
           AND (SELECT count(*) FROM pg_constraint WHERE conname = 'w_key' AND conrelid = 'o2.w'::regclass) = 1
           AND (SELECT count(*) FROM pg_indexes WHERE indexname = 'w_key') = 2
           AND (SELECT count(*) FROM pg_indexes WHERE indexname = 'w_b_idx' AND schemaname = 'o2') = 1
           AND (SELECT count(*) FROM pg_indexes WHERE 'w_b_idx' = indexname AND tablename = 'w') = 2
           AND NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'w_b')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'w_b_idx')
        THEN CREATE TABLE counted_by_object_name (); END IF; END $$;""",
    "long_names": f"""CREATE TYPE {LONG} AS ENUM ('a');
        DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_type WHERE typname = '{LONG}') THEN CREATE TABLE truncated (); END IF;
        END $$;""",
    "syntax_error_unreached": "DO $$ BEGIN IF false THEN CREATE TABL x (); END IF; END $$;",
    "unknown_condition": "DO $$ BEGIN NULL; EXCEPTION WHEN nope THEN NULL; END $$;",
    "case_not_found": "DO $$ BEGIN CASE WHEN false THEN NULL; END CASE; END $$;",
    "assert": "DO $$ BEGIN ASSERT NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 't'); END $$;",
    "return_exit": """DO $$ <<b>> BEGIN CREATE TABLE e1 (); EXIT b; CREATE TABLE e2 (); END b $$;
        DO $$ BEGIN CREATE TABLE r1 (); RETURN; CREATE TABLE r2 (); END $$;""",
    "language_sql": "DO LANGUAGE sql $$ SELECT 1 $$;",
    "execute_null": "DO $$ BEGIN EXECUTE NULL; END $$;",
    "commit": "DO $$ BEGIN COMMIT; END $$;",
    "empty": "DO $$ $$;",
    "in_and_null": """DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_type WHERE typname IN ('nope', NULL)) OR NULL THEN CREATE TABLE wrong (); END IF;
        IF EXISTS (SELECT 1 FROM pg_type WHERE typname NOT IN ('nope', NULL)) THEN CREATE TABLE wrong2 (); END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood' LIMIT 0) THEN CREATE TABLE limit_zero (); END IF;
        END $$;""",
}


@pytest.mark.parametrize("name", sorted(SERVER_CASES))
def test_model_agrees_with_postgresql(pg_database, name):
    folder = sources(SETUP, SERVER_CASES[name])
    model = replay(folder)
    server = replay_sources(pg_database.server, pg_database.name, folder)

    assert not not_modelled(model), not_modelled(model)
    served = server.files[-1]
    expected = (served.status, served.first_error.sqlstate if served.first_error else None)
    assert outcome(model) == expected, served.describe()
    with psycopg.connect(pg_database.dsn) as conn:
        actual = {
            "tables": {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")},
            "types": {r[0] for r in conn.execute(
                "SELECT typname FROM pg_type WHERE typtype = 'e' AND typnamespace = 'public'::regnamespace")},
            "indexes": {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")},
        }
    assert public_objects(model.catalog) == actual
