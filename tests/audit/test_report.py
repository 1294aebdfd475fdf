"""consolidator audit as a user runs it: deterministic output, the JSON keys other tools read, every text from the
input escaped for markdown, one clear line and exit 2 when it cannot run."""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from consolidator.audit.history import compile_history, replay_by_file
from consolidator.audit.markdown import code, text, visible
from consolidator.audit.report import Report
from consolidator.build import build
from tests.audit.conftest import LEGACY, one_error_line, run_cli

KEYS = {"format_version", "files", "failures", "duplicate_creates", "fix_migrations", "column_conflicts", "skipped",
        "tables", "dependencies"}


def test_json_keeps_the_documented_keys(corpus_json):
    assert KEYS <= set(corpus_json)
    assert corpus_json["format_version"] == 1
    assert set(corpus_json["files"][0]) == {"name", "status", "sha256"}
    assert {f["status"] for f in corpus_json["files"]} == {"replayed", "failed", "skipped"}
    assert set(corpus_json["failures"][0]) == {"file", "line", "sqlstate", "message"}
    assert {"table", "files"} <= set(corpus_json["duplicate_creates"][0])
    assert set(corpus_json["fix_migrations"][0]) == {"file", "reason"}
    assert set(corpus_json["column_conflicts"][0]) == {"table", "column", "files"}
    assert set(corpus_json["skipped"][0]) == {"file", "reason"}
    assert {"name", "created_in", "last_changed_in", "columns", "seed_rows"} <= set(corpus_json["tables"][0])
    assert {"from_table", "to_table", "file"} <= set(corpus_json["dependencies"][0])


def test_seed_row_counts_are_those_of_the_legacy_replay(corpus_json, pg_server):
    """The inventory's seed rows per table are the rows each table holds once PostgreSQL replayed the history."""
    import psycopg

    from consolidator.verify.legacy import replay_folder

    dsn = pg_server.create_database("audit_rows")
    try:
        replay_folder(pg_server, "audit_rows", LEGACY)
        with psycopg.connect(dsn) as conn:
            server = {t["name"]: conn.execute(
                f"SELECT count(*) FROM {psycopg.sql.Identifier(*t['name'].split('.')).as_string(conn)}").fetchone()[0]
                for t in corpus_json["tables"]}
    finally:
        pg_server.drop_database("audit_rows")
    assert {t["name"]: t["seed_rows"] for t in corpus_json["tables"]} == server
    assert sum(server.values()) >= 20  # the corpus has seed data: the comparison is not vacuous


def test_rows_the_model_lost_and_statements_it_left_out_are_listed(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "001_a.sql").write_text(
        "CREATE TABLE t (id uuid DEFAULT gen_random_uuid(), copy uuid, at timestamptz DEFAULT now());\n"
        "INSERT INTO t (copy) VALUES (NULL);\nUPDATE t SET copy = id;\nCREATE TABLE k (n int);\n"
        "INSERT INTO k VALUES (1), (2);\n", encoding="utf-8")
    report = Report(compile_history(legacy))
    inventory = report.sections["inventory"]
    assert {t.name: t.seed_rows for t in inventory.tables} == {"public.t": None, "public.k": 2}
    assert [(s.file, s.line, s.kind) for s in inventory.not_modelled] == [("001_a.sql", 3, "UpdateStmt")]
    assert [u.table for u in inventory.unknown_rows] == ["public.t"]
    text = report.to_markdown()
    assert "`001_a.sql:3` `UPDATE t SET copy = id`" in text
    assert "| not known |" in text


def test_output_is_byte_identical_across_runs(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert run_cli("audit", str(LEGACY), "-o", str(first)).returncode == 0
    assert run_cli("audit", str(LEGACY), "-o", str(second), "-q").returncode == 0
    assert first.read_bytes() == second.read_bytes()
    one = run_cli("audit", str(LEGACY), "--format", "json").stdout
    assert one == run_cli("audit", str(LEGACY), "--format", "json").stdout
    assert json.loads(one)["source"] == "legacy_migrations"
    assert str(LEGACY.parent) not in one  # the folder as given, never made absolute


def test_the_second_replay_is_the_build_s(corpus_history):
    again = replay_by_file(corpus_history.sources, corpus_history.on_error, lambda name, catalog: None)
    assert [(e.span, e.status, e.effects) for e in again.events] == \
           [(e.span, e.status, e.effects) for e in build(LEGACY).replay.events]


def test_cannot_run_is_one_line(tmp_path):
    assert "legacy folder not found" in one_error_line(run_cli("audit", str(tmp_path / "missing")))
    assert "does not exist" in one_error_line(run_cli("audit", str(LEGACY), "-o", str(tmp_path / "no" / "x.md")))
    assert "--frobnicate" in one_error_line(run_cli("audit", "--frobnicate"))


def test_markdown_escapes():
    assert text("*a* [b](c) <i>|#") == "\\*a\\* \\[b\\]\\(c\\) \\<i\\>\\|\\#"
    assert code("a`b") == "``a`b``" and code("`") == "`` ` ``"
    assert code("a|b", cell=True) == "`a\\|b`"
    assert visible("a\nb\u202ec\\") == "a\\nb\\u202ec\\\\"


HOSTILE = ['<script>alert(1)</script>', "[link](http://x.invalid)", "*bold*", "a|b", "`tick`", "line\nbreak",
           "# heading", "\u202eevil"]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def test_hostile_names_reach_the_markdown_as_text(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    sql = [f"CREATE TABLE {_quoted(n)} ({_quoted('c ' + n)} int PRIMARY KEY);" for n in HOSTILE]
    sql += [f"CREATE TABLE IF NOT EXISTS {_quoted(n)} (x int);" for n in HOSTILE]
    sql += [f"COMMENT ON TABLE {_quoted(n)} IS {chr(39)}{n.replace(chr(39), chr(39) * 2)}{chr(39)};" for n in HOSTILE]
    sql += [f"ALTER TABLE {_quoted(n)} ALTER COLUMN {_quoted('c ' + n)} TYPE bigint;" for n in HOSTILE]
    (legacy / "001_x.sql").write_text("\n".join(sql[:len(HOSTILE)]) + "\n")
    (legacy / "002_again.sql").write_text("\n".join(sql[len(HOSTILE):]) + "\n")
    (legacy / "003_<b>.sql.skip").write_text("x")
    report = Report(compile_history(legacy)).to_markdown()
    html = MarkdownIt("commonmark").enable("table").render(report)
    assert "<script" not in html and "<a " not in html and "<img" not in html and "<b>" not in html
    assert "\u202e" not in report and "line\nbreak" not in report
    headings = [line for line in report.splitlines() if line.startswith("#")]
    assert all(not line.startswith("# heading") for line in headings)
    inventory = report.split("### Tables\n")[1].split("\n### ")[0]
    rows = MarkdownIt("commonmark").enable("table").render(inventory).split("<tr>")[2:]
    assert len(rows) == len(HOSTILE)
    assert all(row.count("<td") == 8 for row in rows)  # no name split a cell or ended the table
