"""A materialized view holds the rows of its last refresh. The baseline creates it after every row, so it holds
the final rows: right when no row it reads changed since its last REFRESH, listed in the baseline's header
otherwise — and verify, which compares populated materialized views' rows on PostgreSQL 15, finds the difference."""

from __future__ import annotations

from consolidator.build import build
from consolidator.verify.run import VerifyOptions, verify

SETUP = ("CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n"
         "CREATE VIEW odd AS SELECT a FROM t WHERE a % 2 = 1;\n"
         "CREATE MATERIALIZED VIEW mv AS SELECT a FROM odd;\n"
         "CREATE MATERIALIZED VIEW empty AS SELECT a FROM t WITH NO DATA;\n")


def _history(tmp_path, files: dict[str, str]):
    folder = tmp_path / "legacy"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def _stale_section(sql: str) -> list[str]:
    lines = sql.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("-- Materialized views filled")), None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("--   "):
            break
        out.append(line[5:])
    return out


def test_refreshed_after_the_last_change_is_equivalent(tmp_path, pg_server):
    folder = _history(tmp_path, {"001.sql": SETUP, "002.sql": "INSERT INTO t VALUES (3), (4);\n"
                                                              "REFRESH MATERIALIZED VIEW mv;\n",
                                 "003.sql": "DELETE FROM t WHERE a = 2;\n"})  # no row goes: nothing changes
    assert _stale_section(build(folder).sql) == []
    report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
    assert report.equivalent and not report.gaps, report.to_text()
    assert report.rows_compared >= 2  # t and mv


def test_rows_changed_after_the_refresh_are_listed_and_verify_finds_them(tmp_path, pg_server):
    folder = _history(tmp_path, {"001.sql": SETUP, "002.sql": "INSERT INTO t VALUES (3);\n",
                                 "003.sql": "INSERT INTO t VALUES (5);\nINSERT INTO t VALUES ('x');\n"})  # rolled back: no change
    assert _stale_section(build(folder).sql) == ["mv: rows changed at 002.sql:1, no REFRESH since"]
    report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
    assert not report.equivalent
    assert "seed row mv (a)=(3): missing in legacy, present in baseline" in report.to_text()
