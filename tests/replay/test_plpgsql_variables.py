"""PL/pgSQL variables, loops and EXECUTE of built strings in DO blocks: the model against PostgreSQL 15.

Each case runs through the model and through a throwaway server (marked `pg`): the file's outcome and SQLSTATE,
the public tables and the triggers (name per table) must agree. Cases outside what is modelled must be
reported with the line, never guessed.
"""

from __future__ import annotations

import psycopg
import pytest

from consolidator.model.catalog import Catalog
from consolidator.replay.engine import replay
from consolidator.verify.legacy import replay_sources
from tests.replay.test_do_block import not_modelled, outcome, sources

SETUP = """CREATE TABLE a (id int PRIMARY KEY, updated_at timestamptz);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER a_touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER b_touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER b_audit AFTER INSERT ON b FOR EACH ROW EXECUTE FUNCTION touch();
"""

CASES = {
    "rename_triggers_over_pg_trigger_join_pg_class": r"""DO $$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   WHERE NOT t.tgisinternal AND t.tgname LIKE '%\_touch' ORDER BY c.relname LOOP
            EXECUTE format('ALTER TRIGGER %I ON %I RENAME TO %I', r.tgname, r.relname, r.relname || '_set_updated_at');
          END LOOP;
        END $$;""",
    "join_written_the_other_way_round": r"""DO $$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT c.relname, t.tgname FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid
                   WHERE c.relkind = 'r' AND NOT t.tgisinternal AND c.relname LIKE 'b' ORDER BY t.tgname LOOP
            EXECUTE format('ALTER TRIGGER %I ON %I RENAME TO %I', r.tgname, r.relname, r.tgname || '_on_b');
          END LOOP;
        END $$;""",
    "loop_query_is_read_once": """DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
                   ORDER BY table_name DESC LOOP
            EXECUTE 'CREATE TABLE ' || quote_ident(r.table_name || '_copy') || ' ()';
          END LOOP; END $$;""",
    "scalar_list_target": """DO $$ DECLARE n name; BEGIN
          FOR n IN SELECT relname FROM pg_class WHERE relname IN ('a', 'b') ORDER BY relname LOOP
            EXECUTE format('CREATE TABLE %s ()', n || '_n');
          END LOOP; END $$;""",
    "defaults_and_constants": """DO $$ DECLARE n int := 2; s text DEFAULT 'p'; c CONSTANT text := 'k'; v varchar(8);
        BEGIN v := s || n; EXECUTE format('CREATE TABLE %I ()', v || c); END $$;""",
    "default_reads_an_earlier_variable": """DO $$ DECLARE a_ int := 3; b_ int := a_ * 2 + 1; BEGIN
        EXECUTE format('CREATE TABLE t%s ()', b_); END $$;""",
    "fori_exit_continue": """DO $$ BEGIN FOR i IN 1..5 LOOP CONTINUE WHEN i = 2; EXIT WHEN i > 3;
        EXECUTE format('CREATE TABLE %I ()', 'f' || i); END LOOP; END $$;""",
    "fori_reverse_by": """DO $$ BEGIN FOR i IN REVERSE 6..1 BY 2 LOOP EXECUTE 'CREATE TABLE r' || i || ' ()';
        END LOOP; END $$;""",
    "while_and_nested_if": """DO $$ DECLARE i int := 0; BEGIN WHILE i < 4 LOOP i := i + 1;
          IF i % 2 = 0 THEN IF i = 4 THEN EXECUTE 'CREATE TABLE four ()'; ELSE EXECUTE 'CREATE TABLE even' || i || ' ()';
          END IF; ELSIF i = 1 THEN EXECUTE 'CREATE TABLE one ()'; ELSE EXECUTE 'CREATE TABLE odd' || i || ' ()'; END IF;
        END LOOP; END $$;""",
    "labelled_exit_from_inner_loop": """DO $$ BEGIN <<outer>> FOR i IN 1..3 LOOP FOR j IN 1..3 LOOP
          EXIT outer WHEN i * j = 4; EXECUTE format('CREATE TABLE %I ()', 'p' || i || '_' || j);
        END LOOP; END LOOP; END $$;""",
    "bare_loop_with_exit": """DO $$ DECLARE i int := 0; BEGIN LOOP i := i + 1; EXIT WHEN i = 3; END LOOP;
        EXECUTE format('CREATE TABLE loop%s ()', i); END $$;""",
    "format_literal_and_quoted_identifier": """DO $$ BEGIN
        EXECUTE format('CREATE TABLE %I (x text DEFAULT %L, y text DEFAULT %L)', 'Mixed Case', 'it''s', NULL);
        EXECUTE format('CREATE TABLE %1$I_%2$s (z text DEFAULT %3$L)', 'pos', 'x', E'back\\\\slash');
        EXECUTE 'CREATE TABLE ' || quote_ident('select') || ' (q text DEFAULT ' || quote_literal('x') || ')';
        END $$;""",
    "smallint_out_of_range": "DO $$ DECLARE s smallint := 40000; BEGIN NULL; END $$;",
    "varchar_too_long": "DO $$ DECLARE v varchar(3); BEGIN v := 'abcd'; END $$;",
    "null_into_not_null": "DO $$ DECLARE v int NOT NULL := 1; BEGIN v := NULL; END $$;",
    "null_loop_bound": "DO $$ BEGIN FOR i IN 1..NULL LOOP NULL; END LOOP; END $$;",
    "zero_step": "DO $$ BEGIN FOR i IN 1..3 BY 0 LOOP NULL; END LOOP; END $$;",
    "record_not_assigned": "DO $$ DECLARE r record; BEGIN EXECUTE format('CREATE TABLE %I ()', r.x); END $$;",
    "record_has_no_field": """DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT relname FROM pg_class WHERE relname = 'a' LOOP EXECUTE 'CREATE TABLE ' || r.nope; END LOOP;
        END $$;""",
    "format_too_few_arguments": "DO $$ BEGIN EXECUTE format('CREATE TABLE %I_%I ()', 'x'); END $$;",
    "format_null_identifier": "DO $$ BEGIN EXECUTE format('CREATE TABLE %I ()', NULL); END $$;",
    "format_unknown_specifier": "DO $$ BEGIN EXECUTE format('CREATE TABLE %x ()', 'y'); END $$;",
    "executed_statement_fails": """DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname LOOP
          EXECUTE format('ALTER TRIGGER %I ON a RENAME TO %I', r.tgname, r.tgname || '_x');
        END LOOP; END $$;""",
    "assign_to_constant": "DO $$ DECLARE c CONSTANT int := 1; BEGIN c := 2; END $$;",
    "not_null_without_default": "DO $$ DECLARE v int NOT NULL; BEGIN NULL; END $$;",
    "continue_in_while": """DO $$ DECLARE i int := 0; BEGIN WHILE i < 3 LOOP i := i + 1; CONTINUE WHEN i = 2;
        EXECUTE format('CREATE TABLE w%s ()', i); END LOOP; END $$;""",
    "execute_using_unused_parameters": """DO $$ DECLARE n text := 'u'; BEGIN
        EXECUTE format('CREATE TABLE %I ()', n) USING n, 1; END $$;""",
    "execute_using_fails_in_its_argument": """DO $$ DECLARE i int := 0; BEGIN
        EXECUTE 'CREATE TABLE never ()' USING 1 / i; END $$;""",
    "raise_with_variables": """DO $$ DECLARE n int := 41; r record; BEGIN
        FOR r IN SELECT relname FROM pg_class WHERE relname = 'a' LOOP
          RAISE NOTICE 'table % and %', r.relname, n + 1;
          IF n > 40 THEN RAISE EXCEPTION 'n is %', n USING ERRCODE = 'check_violation'; END IF;
        END LOOP; END $$;""",
    "division_by_zero": "DO $$ DECLARE i int := 0; BEGIN i := 1 / i; END $$;",
}


def _triggers(catalog: Catalog) -> set[tuple[str, str]]:
    return {(t.key.split(".", 1)[1], trigger.name) for t in catalog.tables.values() if t.key.startswith("public.")
            for trigger in t.triggers}


@pytest.mark.parametrize("name", sorted(CASES))
def test_model_agrees_with_postgresql(pg_database, name):
    folder = sources(SETUP, CASES[name])
    model = replay(folder)
    server = replay_sources(pg_database.server, pg_database.name, folder)

    assert not not_modelled(model), not_modelled(model)
    served = server.files[-1]
    expected = (served.status, served.first_error.sqlstate if served.first_error else None)
    assert outcome(model) == expected, served.describe()
    with psycopg.connect(pg_database.dsn) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        triggers = set(conn.execute(
            "SELECT c.relname::text, t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace").fetchall())
    assert {k.split(".", 1)[1] for k in model.catalog.tables if k.startswith("public.")} == tables
    assert _triggers(model.catalog) == triggers


@pytest.mark.parametrize("body, reason", [
    ("DECLARE r record; BEGIN FOR r IN SELECT relname FROM pg_class WHERE relname IN ('a', 'b') LOOP NULL; "
     "END LOOP; END", "order"),
    ("DECLARE r record; BEGIN FOR r IN SELECT tgname FROM pg_trigger ORDER BY tgname LOOP NULL; END LOOP; END",
     "does not know"),
    ("DECLARE r record; BEGIN FOR r IN SELECT id FROM a ORDER BY id LOOP NULL; END LOOP; END", "ORDER BY"),
    # b's foreign key triggers are on a relation the model cannot name: the join may pair them with b
    ("DECLARE r record; BEGIN FOR r IN SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
     "WHERE c.relname = 'b' ORDER BY t.tgname LOOP NULL; END LOOP; END", "does not know"),
    ("DECLARE t text := 'a'; r record; BEGIN FOR r IN SELECT relname FROM pg_class WHERE relname = t LOOP NULL; "
     "END LOOP; END", "reads PL/pgSQL variables"),
    ("DECLARE x numeric := 1; BEGIN NULL; END", "numeric"),
    ("BEGIN EXECUTE 'CREATE TABLE q (x int DEFAULT $1)' USING 1; END", "USING"),
    ("DECLARE x int; BEGIN x := length('abc'); END", "length"),
    ("DECLARE x text := 'a'; BEGIN IF x < 'b' THEN NULL; END IF; END", "operator <"),
])
def test_what_is_not_modelled_is_reported_with_its_line(body, reason):
    result = replay(sources(SETUP, f"DO $$\n{body}\n$$;"))
    assert outcome(result) == ("ok", None)
    (message,) = not_modelled(result)
    assert reason in message
    diagnostic = next(d for d in result.diagnostics if d.code == "not-modelled")
    assert diagnostic.span.file == "001_case.sql" and diagnostic.span.line == 1


TEXT_FUNCTIONS = [
    ("format", ["%I.%I", "public", "Mixed Case"]), ("format", ["%L, %L, %s|", "it's", None, None]),
    ("format", ["%L", "back\\slash"]), ("format", ["%2$s %1$s %s", "a", "b"]), ("format", ["100%% %s", 7]),
    ("quote_ident", ["select"]), ("quote_ident", ["user_id"]), ("quote_ident", ["Tab\"le"]), ("quote_ident", ["1x"]),
    ("quote_literal", ["o'k\\n"]), ("quote_literal", [None]), ("quote_nullable", [None]),
]


@pytest.mark.parametrize("function, args", TEXT_FUNCTIONS)
def test_text_functions_agree_with_postgresql(pg_database, function, args):
    from consolidator.query import functions

    implemented = {"format": lambda *a: functions.format_text(a[0], list(a[1:])),
                   "quote_ident": functions.quote_ident, "quote_literal": functions.quote_literal,
                   "quote_nullable": functions.quote_nullable}[function]
    casts = ", ".join("%s::int" if isinstance(a, int) else "%s::text" for a in args)
    with psycopg.connect(pg_database.dsn) as conn:
        (expected,) = conn.execute(f"SELECT {function}({casts})", args).fetchone()
    assert implemented(*args) == expected
