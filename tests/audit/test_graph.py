"""The dependency graph: output/schema_graph.mmd parses with the real Mermaid parser, its foreign-key edges are exactly
the foreign keys of the applied baseline (read from pg_constraint), and no name from the input escapes its label."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from consolidator.audit import graph_render
from consolidator.audit.graph import schema_graph
from consolidator.build import build
from tests.audit.conftest import LEGACY, OUTPUT, one_error_line, run_cli

PARSER = Path(__file__).parent / "mermaid"


def mermaid_parse(text: str) -> dict:
    """What the real Mermaid parser understands of `text` (tests/audit/mermaid/parse.mjs, installed by make)."""
    node = shutil.which("node")
    if node is None or not (PARSER / "node_modules" / "mermaid").is_dir():
        pytest.fail("the Mermaid parser is not installed: run `make install` (npm ci --prefix tests/audit/mermaid)",
                    pytrace=False)
    done = subprocess.run([node, str(PARSER / "parse.mjs")], input=text, capture_output=True, text=True, timeout=120)
    assert done.stdout, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def corpus():
    result = build(LEGACY)
    return result, schema_graph(result.catalog, result.plan.tables)


def _applied(result, pg_database, *queries: str) -> list[list[tuple]]:
    """The rows of each catalog query once the baseline is applied to an empty database."""
    import psycopg

    pg_database.execute(result.sql)
    with psycopg.connect(pg_database.dsn) as conn:
        return [conn.execute(q).fetchall() for q in queries]


def test_the_committed_graph_is_current(corpus):
    assert (OUTPUT / "schema_graph.mmd").read_text(encoding="utf-8") == graph_render.to_mermaid(corpus[1]), \
        "output/schema_graph.mmd is out of date: run make baseline"


def test_the_committed_graph_parses_as_mermaid(corpus):
    parsed = mermaid_parse((OUTPUT / "schema_graph.mmd").read_text(encoding="utf-8"))
    assert parsed["ok"], parsed.get("error")
    assert parsed["type"] == "flowchart-v2"
    graph = corpus[1]
    ids = {graph_render.node_id(n.id): n for n in graph.nodes}
    assert {n["id"]: n["label"] for n in parsed["nodes"]} == {i: n.label for i, n in ids.items()}
    assert len(parsed["edges"]) == len(graph.edges)
    cyclic = [e for e in parsed["edges"] if e["label"].endswith("(cycle)")]
    assert {(ids[e["from"]].id, ids[e["to"]].id) for e in cyclic} == {
        ("public.tickets", "public.users"), ("public.users", "public.tickets"),
        ("public.ticket_comments", "public.ticket_comments")}


def test_foreign_key_edges_are_those_of_the_applied_baseline(corpus, pg_database):
    result, graph = corpus
    (rows,) = _applied(result, pg_database,
                       "SELECT sn.nspname || '.' || s.relname, tn.nspname || '.' || t.relname, c.conname "
                       "FROM pg_constraint c "
                       "JOIN pg_class s ON s.oid = c.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace "
                       "JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
                       "WHERE c.contype = 'f' AND c.conparentid = 0")  # a partition's clone is its parent's key
    applied = set(rows)
    assert {(e.source, e.target, e.name) for e in graph.foreign_keys()} == applied
    parsed = mermaid_parse(graph_render.to_mermaid(graph))
    ids = {graph_render.node_id(n.id): n.id for n in graph.nodes}
    fk_edges = {(ids[e["from"]], ids[e["to"]], e["label"].removesuffix(" (cycle)"))
                for e in parsed["edges"] if e["stroke"] == "normal"}
    assert fk_edges == applied


def test_view_and_trigger_edges_are_those_of_the_applied_baseline(corpus, pg_database):
    """A view's edges are the relations its stored query reads (pg_depend through its rewrite rule), a trigger's
    edge goes from its table to its function (pg_trigger)."""
    result, graph = corpus
    reads, triggers = _applied(
        result, pg_database,
        "SELECT DISTINCT vn.nspname || '.' || v.relname, tn.nspname || '.' || t.relname "
        "FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
        "JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace "
        "JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass "
        "JOIN pg_namespace tn ON tn.oid = t.relnamespace "
        "WHERE v.relkind IN ('v', 'm') AND t.oid <> v.oid AND vn.nspname NOT IN ('pg_catalog', 'information_schema')",
        "SELECT n.nspname || '.' || c.relname, t.tgname, p.proname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal")
    assert {(e.source, e.target) for e in graph.edges if e.kind == "reads"} == set(reads)
    assert len(reads) >= 3
    functions = {n.id: n.label for n in graph.nodes if n.kind == "function"}
    assert {(e.source, e.name, functions[e.target].split("(")[0]) for e in graph.edges if e.kind == "trigger"} \
        == set(triggers)
    assert len(triggers) >= 5


HOSTILE = ['we"ird', "a|b", "x]; click n1 call alert(1) %%", "<img src=x onerror=alert(1)>", "line\nbreak",
           "end", "#quot;", "semi;colon", "%%{init: {'theme':'dark'}}%%", "ünïcode ✓", "back\\slash"]


def test_hostile_names_stay_inside_their_labels(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    sql = []
    for i, name in enumerate(HOSTILE):
        quoted = '"' + name.replace('"', '""') + '"'
        sql.append(f"CREATE TABLE {quoted} (id int PRIMARY KEY, parent int);")
        if i:
            fk = '"' + f"fk {name}".replace('"', '""') + '"'
            prev = '"' + HOSTILE[i - 1].replace('"', '""') + '"'
            sql.append(f"ALTER TABLE {quoted} ADD CONSTRAINT {fk} FOREIGN KEY (parent) REFERENCES {prev} (id);")
    (legacy / "001_hostile.sql").write_text("\n".join(sql) + "\n", encoding="utf-8")
    result = build(legacy)
    graph = schema_graph(result.catalog, result.plan.tables)
    assert len(graph.nodes) == len(HOSTILE)
    parsed = mermaid_parse(graph_render.to_mermaid(graph))
    assert parsed["ok"], parsed.get("error")
    assert sorted(n["label"] for n in parsed["nodes"]) == sorted(HOSTILE)
    assert sorted(e["label"] for e in parsed["edges"]) == sorted(f"fk {n}" for n in HOSTILE[1:])
    dot = graph_render.to_dot(graph)
    for name in HOSTILE:
        assert graph_render.dot_string(name) in dot
    assert "\nbreak" not in dot


def test_dot_strings_escape_quotes_and_backslashes():
    assert graph_render.dot_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_graph_json_has_the_documented_shape(tmp_path):
    out = tmp_path / "graph.json"
    result = run_cli("graph", str(LEGACY), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["format_version"] == 1
    assert {"id": "public.users", "kind": "table", "label": "users", "modelled": True} in data["nodes"]
    edge = next(e for e in data["edges"] if e["name"] == "tickets_user_id_fkey")
    assert (edge["from"], edge["to"], edge["kind"], edge["file"], edge["cycle"]) == (
        "public.tickets", "public.users", "foreign_key", "000_baseline_schema.sql", True)


def test_graph_formats_and_errors(tmp_path):
    dot = run_cli("graph", str(LEGACY), "--format", "dot")
    assert dot.returncode == 0 and dot.stdout.startswith("// ") and "digraph schema {" in dot.stdout
    assert "svg" in one_error_line(run_cli("graph", str(LEGACY), "--format", "svg"))
    one_error_line(run_cli("graph", str(tmp_path / "missing")))
