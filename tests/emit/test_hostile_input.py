"""No text from the input becomes SQL the model did not decide on (issue 10): identifiers, comments, string
literals (seed values among them), file names (one of a file run outside a transaction) and the excerpts of rejected statements are generated with newlines, carriage returns,
Unicode line separators, `*/`, `--`, `;` and quotes, and the baseline must parse to exactly the statements the
model emitted. A sample is applied to PostgreSQL 15: it builds exactly the tables the model holds, and its seed
values read back as the model holds them.

CONSOLIDATOR_HOSTILE_EXAMPLES sets how many histories the parse check tries (200 by default).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pglast
import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pglast.stream import RawStream

from consolidator.build import build
from consolidator.emit.baseline import Header, render_baseline

EXAMPLES = int(os.environ.get("CONSOLIDATOR_HOSTILE_EXAMPLES", "200"))
_NASTY = "\n\r\u2028\u2029\u0085\x0b\x0c\t*/--;'\"\\$ "
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00") | st.sampled_from(_NASTY),
               min_size=1, max_size=24)
file_names = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/") |
                     st.sampled_from("\n\r\u2028 -;'"), min_size=1, max_size=20).filter(lambda n: not n.startswith("."))


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@st.composite
def histories(draw) -> dict[str, str]:
    table, column, other = draw(text), draw(text), draw(text)
    first = (f"CREATE TABLE {ident(table)} (id int PRIMARY KEY, {ident(column + 'c')} text DEFAULT {lit(draw(text))});\n"
             f"COMMENT ON TABLE {ident(table)} IS {lit(draw(text))};\n"
             f"COMMENT ON COLUMN {ident(table)}.{ident(column + 'c')} IS {lit(draw(text))};\n"
             f"CREATE INDEX {ident(other + 'i')} ON {ident(table)} ({ident(column + 'c')});\n"
             # seed rows: a hostile string value, and the hostile default filled in
             f"INSERT INTO {ident(table)} VALUES (1, {lit(draw(text))}), (2, DEFAULT);\n")
    rejected = f"CREATE TABLE {ident(table)} (x int);\n-- {draw(text)}\n"  # 42P07: the identifier is in the message
    broken = f"CREATE TABLE {draw(text)} (;\n"  # a syntax error: the excerpt is in the message
    # run outside a transaction: its name and reason reach the header's list of such files
    concurrently = f"CREATE INDEX CONCURRENTLY {ident(other + 'j')} ON {ident(table)} (id);\n"
    names = draw(st.lists(file_names, min_size=4, max_size=4, unique=True))
    return {f"1{names[0]}.sql": first, f"2{names[1]}.sql": rejected, f"3{names[2]}.sql": broken,
            f"4{names[3]}.autocommit.sql": concurrently}


def _write(folder: Path, files: dict[str, str]) -> bool:
    for name, body in files.items():
        try:
            (folder / name).write_text(body, encoding="utf-8")
        except OSError:  # a name the file system refuses (too long in bytes)
            return False
    return True


def statements(sql: str) -> list[str]:
    return [RawStream()(raw.stmt) for raw in pglast.parse_sql(sql)]


def _comment_free(result) -> str:
    """The same baseline with nothing from the input in its comments: a fixed header, no provenance."""
    header = Header(source="x", fingerprint="0" * 64, counts={}, tracking=_tracking(result.sql))
    return render_baseline(result.plan, header, provenance=False).replace("0" * 64, _fingerprint(result.sql))


def _tracking(sql: str):
    from consolidator.model import tracking

    return tracking.TrackingTable(tracking.of_baseline(sql), "the default")


def _fingerprint(sql: str) -> str:
    return sql.split("Input fingerprint (sha256 over the replayed files): ", 1)[1][:64]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_comments_hold_no_code(files):
    with tempfile.TemporaryDirectory() as tmp:
        if not _write(Path(tmp), files):
            return
        result = build(tmp)
    assert statements(result.sql) == statements(_comment_free(result))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=histories())
def test_the_baseline_builds_only_what_the_model_holds(files, pg_server):
    with tempfile.TemporaryDirectory() as tmp:
        if not _write(Path(tmp), files):
            return
        result = build(tmp)
        baseline = Path(tmp) / "baseline.out"
        baseline.write_text(result.sql, encoding="utf-8")
        name = f"hostile_{abs(hash(result.sql)) % 10**9}"
        pg_server.create_database(name)
        try:
            applied = pg_server.psql_file(name, baseline)
            assert applied.returncode == 0, applied.stderr
            with psycopg.connect(pg_server.dsn(name)) as conn:
                rows = conn.execute("SELECT schemaname || '.' || tablename FROM pg_tables "
                                    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").fetchall()
                seeded = {key: conn.execute(f"SELECT * FROM {_relation(key)} ORDER BY id").fetchall()
                          for key in result.catalog.tables_with_rows()}
        finally:
            pg_server.drop_database(name)
    assert {r[0] for r in rows} == set(result.catalog.tables) | {"public.schema_migrations"}
    assert seeded and all(seeded.values())
    for key, got in seeded.items():
        held = [tuple(value.text for value in row.values()) for row in result.catalog.rows(key)]
        assert [tuple(None if v is None else str(v) for v in r) for r in got] == held


def _relation(key: str) -> str:
    schema, name = key.split(".", 1)
    return f"{ident(schema)}.{ident(name)}"
