"""The comparison on hand-made snapshots (no server): sentences, provenance, volatility, predictions."""

from __future__ import annotations

from consolidator.errors import Diagnostic, Severity, SourceSpan
from consolidator.verify.compare import compare, find_volatile, short_type
from consolidator.verify.introspect import CatalogObject, Snapshot, TableRows
from consolidator.verify.legacy import FileOutcome, LegacyReplay
from consolidator.verify.predictions import compare_predictions
from consolidator.verify.psql_messages import parse_messages


def snap(objects: list[CatalogObject], rows: list[TableRows] = ()) -> Snapshot:
    grouped: dict = {}
    for o in objects:
        grouped.setdefault(o.kind, {})[o.name] = o
    return Snapshot(objects=grouped, rows={r.table: r for r in rows})


def column(name: str, **attrs) -> CatalogObject:
    base = {"type": "text", "default": None, "not_null": False, "identity": None, "generated": None, "collation": None, "comment": None}
    return CatalogObject(kind="column", name=name, attrs={**base, **attrs})


def table(name: str, columns: list[str]) -> CatalogObject:
    return CatalogObject(kind="table", name=name, attrs={"kind": "table", "columns": columns})


def test_the_sentence_of_the_issue_with_provenance():
    legacy = snap([table("public.openphone_conversations", ["phone_number"]),
                   column("public.openphone_conversations.phone_number", type="character varying(20)")])
    baseline = snap([table("public.openphone_conversations", ["phone_number"]),
                     column("public.openphone_conversations.phone_number", type="character varying(50)")])
    calls = []

    def origin(kind, name):
        calls.append((kind, name))
        return "last changed in 025_fix_openphone_column_types.sql:14"

    [finding] = compare(legacy, baseline, origin=origin)
    assert finding.message == (
        "column openphone_conversations.phone_number: type varchar(20) in legacy, varchar(50) in baseline "
        "(last changed in 025_fix_openphone_column_types.sql:14)"
    )
    assert calls == [("column", "public.openphone_conversations.phone_number")]


def test_a_failing_origin_lookup_does_not_hide_the_finding():
    def origin(kind, name):
        raise KeyError(name)

    [finding] = compare(snap([table("public.t", [])]), snap([]), origin=origin)
    assert finding.message == "table t: present in legacy, missing in baseline"


def test_children_of_a_missing_table_are_not_listed_one_by_one():
    legacy = snap([table("public.t", ["a"]), column("public.t.a"),
                   CatalogObject(kind="index", name="public.t_a_idx", attrs={"table": "public.t", "definition": "CREATE INDEX"})])
    assert [f.message for f in compare(legacy, snap([]))] == ["table t: present in legacy, missing in baseline"]


def test_short_types():
    assert short_type("timestamp(3) with time zone") == "timestamptz(3)"
    assert short_type("character varying(20)[]") == "varchar(20)[]"
    assert short_type("character(2)") == "char(2)"
    assert short_type("numeric(10,2)") == "numeric(10,2)"


def test_volatile_columns_are_found_without_matching_rows():
    def rows(values):
        return TableRows(table="public.t", columns=["id", "token", "name"], key=["id"], rows=values)

    first = snap([], [rows([["u1", "x", "a"], ["u2", "y", "b"]])])
    second = snap([], [rows([["u7", "z", "a"], ["u8", "w", "b"]])])
    volatility = find_volatile(first, second)
    assert volatility.columns == {"public.t": ["id", "token"]}
    # with the random primary key masked, rows are compared as a multiset of what is left
    baseline = snap([], [rows([["u9", "q", "a"]])])
    [finding] = compare(first, baseline, volatility=volatility)
    assert finding.message == "seed row t (name)=(b): present in legacy, missing in baseline"


def test_row_findings_are_capped_per_table():
    legacy = snap([], [TableRows(table="public.t", columns=["id"], key=["id"], rows=[[str(i)] for i in range(30)])])
    baseline = snap([], [TableRows(table="public.t", columns=["id"], key=["id"], rows=[])])
    findings = compare(legacy, baseline)
    assert len(findings) == 21
    assert findings[0].message == "seed row t (id)=(0): present in legacy, missing in baseline"
    assert findings[-1].message == "seed rows of t: 10 more row differences not listed"


def _replay(*files: FileOutcome) -> LegacyReplay:
    return LegacyReplay(on_error="file", files=list(files))


def _rejected(name: str, state: str, message: str) -> FileOutcome:
    error = Diagnostic(severity=Severity.ERROR, code="server-message", message=message,
                       span=SourceSpan(file=name, line=7), sqlstate=state)
    return FileOutcome(name=name, status="failed", errors=[error])


def _predicted(state: str, message: str, line: int = 5) -> Diagnostic:
    return Diagnostic(severity=Severity.ERROR, code="failed-statement", message=message,
                      span=SourceSpan(file="x.sql", line=line), sqlstate=state)


def test_predictions_that_match_the_server_are_silent():
    replay = _replay(FileOutcome(name="001.sql", status="ok"), _rejected("002.sql", "42P07", 'relation "t" already exists'))
    assert compare_predictions(replay, {"002.sql": _predicted("42P07", 'relation "t" already exists')}) == []


def test_every_disagreement_is_a_compiler_defect():
    replay = _replay(
        _rejected("001.sql", "42703", 'column "x" does not exist'),
        FileOutcome(name="002.sql", status="ok"),
        _rejected("003.sql", "42P07", 'relation "t" already exists'),
        FileOutcome(name="004.sql", status="not-run"),
    )
    predicted = {
        "002.sql": _predicted("42P01", 'relation "u" does not exist'),
        "003.sql": _predicted("42P01", 'relation "t" does not exist'),
        "004.sql": _predicted("42P01", "never compared: the server did not run it"),
    }
    assert [f.message for f in compare_predictions(replay, predicted)] == [
        'compiler defect: 001.sql: PostgreSQL rejected it (line 7, 42703: column "x" does not exist), the compiler applied it',
        'compiler defect: 002.sql: the compiler reported it failed (line 5, 42P01: relation "u" does not exist), PostgreSQL applied it',
        'compiler defect: 003.sql: PostgreSQL rejected it with line 7, 42P07: relation "t" already exists; '
        'the compiler predicted line 5, 42P01: relation "t" does not exist',
    ]


def test_psql_messages_with_multi_line_text_and_fields():
    stderr = (
        "psql:/tmp/f.sql:1: NOTICE:  42P07: relation \"a\" already exists, skipping\n"
        "LOCATION:  transformCreateStmt, parse_utilcmd.c:207\n"
        "psql:/tmp/f.sql:4: ERROR:  P0001: multi\n"
        "line\n"
        "DETAIL:  dd\n"
        "HINT:  hh\n"
        "CONTEXT:  PL/pgSQL function inline_code_block line 3 at RAISE\n"
        "LOCATION:  exec_stmt_raise, pl_exec.c:3891\n"
    )
    notice, error = parse_messages(stderr, "/tmp/f.sql")
    assert (notice.severity, notice.is_error) == ("NOTICE", False)
    assert (error.line, error.sqlstate, error.message, error.detail, error.hint) == (4, "P0001", "multi\nline", "dd", "hh")
    assert error.one_line() == "multi line"
