"""Sequence options and positions against PostgreSQL 15: the same statements replayed into the model and run on a
server fail with the same SQLSTATE and message, and the baseline built from the model leaves every sequence at
the position (last_value, is_called) the legacy history leaves it on the server.

Statements are one per line, so the model's line (where a statement starts) is psql's (where it ends).
"""

from __future__ import annotations

import psycopg
import pytest

from consolidator.build import build
from consolidator.model.sequence_params import settled
from consolidator.verify.psql_messages import parse_messages

_SEQUENCES = "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " \
             "WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"


def _run_on_server(database, path) -> tuple[int, str, str] | None:
    """The first error of a file run in one transaction: (line, SQLSTATE, message), or None."""
    result = database.psql_file(path, single_transaction=True, on_error_stop=True)
    errors = [m for m in parse_messages(result.stderr, str(path)) if m.is_error]
    return (errors[0].line, errors[0].sqlstate, errors[0].message) if errors else None


def _positions(dsn: str) -> dict[str, tuple[int, bool]]:
    with psycopg.connect(dsn) as conn:
        names = [row[0] for row in conn.execute(_SEQUENCES)]
        return {name: conn.execute(f"SELECT last_value, is_called FROM {name}").fetchone() for name in names}  # regclass text: quoted


REJECTED = [
    # ALTER SEQUENCE s INCREMENT BY 10 MINVALUE 5 on a sequence starting at 1: the first report of issue 9
    "CREATE SEQUENCE s;\nALTER SEQUENCE s INCREMENT BY 10 MINVALUE 5;",
    "CREATE SEQUENCE s;\nALTER SEQUENCE s MINVALUE 5 START 5;",  # the current value is checked too
    "CREATE SEQUENCE s INCREMENT 0;",
    "CREATE SEQUENCE s INCREMENT 0 CACHE 0 MAXVALUE 1000000 AS smallint;",  # INCREMENT is checked first
    "CREATE SEQUENCE s AS smallint MAXVALUE 100000;",
    "CREATE SEQUENCE s AS smallint MINVALUE 100000;",
    "CREATE SEQUENCE s MINVALUE 10 MAXVALUE 5;",
    "CREATE SEQUENCE s MINVALUE 100 MAXVALUE 5 START 1000;",
    "CREATE SEQUENCE s CACHE 0 START 100 MAXVALUE 10;",
    "CREATE SEQUENCE s START 0 MINVALUE 1 MAXVALUE 30;",
    "CREATE SEQUENCE s START 31 MINVALUE 1 MAXVALUE 30;",
    "CREATE SEQUENCE s CACHE 0;",
    "CREATE SEQUENCE s MAXVALUE 10;\nALTER SEQUENCE s RESTART 11;",
    "CREATE SEQUENCE s MAXVALUE 10;\nALTER SEQUENCE s RESTART WITH 0;",
    "CREATE SEQUENCE s;\nALTER SEQUENCE s INCREMENT -1 NO MAXVALUE;",  # MINVALUE stays 1, MAXVALUE becomes -1
    "CREATE SEQUENCE s MAXVALUE 100000;\nALTER SEQUENCE s AS smallint;",
    "CREATE SEQUENCE s;\nSELECT setval('s', 100000, false);\nALTER SEQUENCE s AS smallint;",  # max reset to 32767
    "CREATE SEQUENCE s MAXVALUE 10;\nSELECT setval('s', 11);",
    "CREATE SEQUENCE s MAXVALUE 10;\nSELECT setval('s', 0, false);",
    "CREATE SEQUENCE s MAXVALUE 2;\nSELECT nextval('s'), nextval('s'), nextval('s');",
    "CREATE SEQUENCE s INCREMENT -1 MINVALUE -2;\nSELECT nextval('s'), nextval('s'), nextval('s');",
    "SELECT setval('nosuch', 5);",
    "CREATE TABLE t (a int);\nSELECT setval('t', 5);",
    "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (MAXVALUE 10));\nALTER TABLE t ALTER COLUMN id RESTART WITH 11;",
    "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\nALTER TABLE t ALTER COLUMN id SET INCREMENT BY 0;",
]


@pytest.mark.parametrize("sql", REJECTED)
def test_rejected_as_the_server_rejects(sql, replay_sql, pg_database, tmp_path):
    path = tmp_path / "001_a.sql"
    path.write_text(sql + "\n", encoding="utf-8")
    on_server = _run_on_server(pg_database, path)
    assert on_server is not None, "the case's expectation is wrong: PostgreSQL accepts it"
    failed = replay_sql({"001_a.sql": sql + "\n"}).failed_files["001_a.sql"]
    assert (failed.span.line, failed.sqlstate, failed.message) == (*on_server[:2], f"{on_server[2]} (001_a.sql rolled back)")


MOVED = {
    "setval forms": """CREATE SEQUENCE s MAXVALUE 100;
SELECT setval('s', 42);
CREATE SCHEMA app;
CREATE SEQUENCE app."Odd'Seq";
SELECT pg_catalog.setval('app."Odd''Seq"'::regclass, 7, false);
CREATE SEQUENCE big;
SELECT setval('big', 5000000000);
CREATE SEQUENCE untouched START 9;
""",
    "nextval, cycle and descending": """CREATE SEQUENCE c MAXVALUE 3 CYCLE;
SELECT nextval('c'), nextval('c'), nextval('c'), nextval('c');
CREATE SEQUENCE d INCREMENT -2;
SELECT nextval('d'), nextval('d');
CREATE SEQUENCE n;
SELECT nextval('n');
""",
    "restart forms": """CREATE SEQUENCE s START 5;
SELECT setval('s', 50);
ALTER SEQUENCE s START 7;
CREATE SEQUENCE r START 5;
SELECT setval('r', 50);
ALTER SEQUENCE r START 7 RESTART;
CREATE SEQUENCE w;
ALTER SEQUENCE w RESTART WITH 40 INCREMENT 3;
CREATE SEQUENCE back START 3;
SELECT setval('back', 3, false);
CREATE SEQUENCE created_restarted START 1 RESTART 5;
""",
    "serial and identity columns": """CREATE TABLE t (id serial PRIMARY KEY, b bigint GENERATED BY DEFAULT AS IDENTITY, c int GENERATED ALWAYS AS IDENTITY);
SELECT setval('t_id_seq', 10, false);
ALTER TABLE t ALTER COLUMN b RESTART WITH 77;
ALTER TABLE t ALTER COLUMN c SET INCREMENT BY 5 RESTART;
SELECT nextval('t_c_seq');
""",
    "options changed after a move": """CREATE SEQUENCE s;
SELECT setval('s', 20);
ALTER SEQUENCE s INCREMENT -1;
CREATE SEQUENCE i AS smallint;
ALTER SEQUENCE i AS integer;
SELECT setval('i', 100000);
""",
}


@pytest.mark.parametrize("title", sorted(MOVED))
def test_baseline_leaves_the_positions_the_history_leaves(title, pg_server, tmp_path):
    sql = MOVED[title]
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "001_a.sql").write_text(sql, encoding="utf-8")
    result = build(legacy, provenance=False)
    assert result.replay.failed_files == {}
    assert not [d for d in result.replay.diagnostics if d.code == "not-modelled"]

    dsn_legacy, dsn_baseline = pg_server.create_database("seq_legacy"), pg_server.create_database("seq_baseline")
    try:
        pg_server.execute("seq_legacy", sql)
        baseline = tmp_path / "000_consolidated_baseline.sql"
        baseline.write_text(result.sql, encoding="utf-8")
        assert pg_server.psql_file("seq_baseline", baseline, single_transaction=True, on_error_stop=True).returncode == 0
        expected = _positions(dsn_legacy)
        assert _positions(dsn_baseline) == expected
        with psycopg.connect(dsn_legacy) as conn:
            keys = {name: conn.execute("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                                       "ON n.oid = c.relnamespace WHERE c.oid = %s::regclass", (name,)).fetchone()[0]
                    for name in expected}
        model = {name: (settled(result.catalog.sequences[key]).last_value, settled(result.catalog.sequences[key]).is_called)
                 for name, key in keys.items()}
        assert model == expected
    finally:
        pg_server.drop_database("seq_legacy")
        pg_server.drop_database("seq_baseline")


def test_fresh_sequences_get_no_setval(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "001_a.sql").write_text("CREATE SEQUENCE s START 5;\nSELECT setval('s', 5, false);\n"
                                      "CREATE SEQUENCE m;\nSELECT setval('m', 2);\nCREATE SEQUENCE a;\nSELECT nextval('a');\n",
                                      encoding="utf-8")
    lines = [line for line in build(legacy, provenance=False).sql.splitlines() if line.startswith("SELECT pg_catalog.setval")]
    assert lines == ["SELECT pg_catalog.setval('a', 1, true);", "SELECT pg_catalog.setval('m', 2, true);"]


def test_verify_tells_positions_apart(pg_server):
    """A lost setval is a difference, even where nextval would give the same value next (currval, last_value
    differ); a sequence used in the live database is not drift."""
    from consolidator.verify.compare import compare
    from consolidator.verify.introspect import snapshot

    databases = {"seq_moved": "SELECT setval('s', 5, false);", "seq_called": "SELECT setval('s', 4);",
                 "seq_fresh": "SELECT 1;"}
    snaps, created = {}, []
    try:
        for name, statement in databases.items():
            dsn = pg_server.create_database(name)
            created.append(name)
            pg_server.execute(name, f"CREATE SEQUENCE s;\n{statement}\n")
            snaps[name] = snapshot(dsn)
        assert compare(snaps["seq_moved"], snaps["seq_moved"]) == []
        moved_vs_called = [(f.kind, f.name, f.attribute) for f in compare(snaps["seq_moved"], snaps["seq_called"])]
        assert moved_vs_called == [("sequence", "s", "position")]
        lost = {(f.attribute, f.reference, f.baseline) for f in compare(snaps["seq_moved"], snaps["seq_fresh"])}
        assert lost == {("next_value", 5, 1), ("position", "last_value 5, is_called false", "last_value 1, is_called false")}
        assert compare(snaps["seq_called"], snaps["seq_fresh"], sequences_may_advance=True) == []
    finally:
        for name in created:
            pg_server.drop_database(name)
