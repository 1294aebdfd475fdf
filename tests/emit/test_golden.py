"""Golden fixture pairs for emit: tests/emit/cases/<name>.sql holds a legacy history and the baseline it compiles to.

    -- case: what the case shows, in a sentence
    -- file: 001_first.sql
    CREATE TABLE ...;
    -- file: 002_second.sql
    ...
    -- ===== expected =====
    <the baseline without its header and provenance comments>

Each case is checked three ways: the baseline is the expected text (read and accepted by a person); it is a fixed
point (compiled again as a one-file history it gives back the same statements); and PostgreSQL 15 says it
builds what the history builds (consolidator verify on the session's server).

    pytest tests/emit --update-golden    rewrites the expected part from what the code emits now (then read it!)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consolidator.build import build
from consolidator.verify.run import VerifyOptions, verify

CASES = sorted((Path(__file__).parent / "cases").glob("*.sql"))
EXPECTED = "-- ===== expected =====\n"
_FILE = re.compile(r"^-- file: (\S+)\n", re.M)


def _read(case: Path) -> tuple[dict[str, str], str]:
    text = case.read_text(encoding="utf-8")
    history, _, expected = text.partition(EXPECTED)
    parts = _FILE.split(history)
    files = {name: body for name, body in zip(parts[1::2], parts[2::2])}
    assert files, f"{case.name}: no '-- file: NAME.sql' in the history"
    return files, expected


def _history(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "history"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def body(sql: str) -> str:
    """A baseline without its header: from its first section to the end."""
    return sql[sql.index("-- ===== "):]


def statements(sql: str) -> str:
    """A baseline without comments, its input fingerprint masked: what a fixed point must give back."""
    lines = [line for line in sql.splitlines() if line.strip() and not line.lstrip().startswith("--")]
    return re.sub(r"'[0-9a-f]{64}'", "'<fingerprint>'", "\n".join(re.sub(r"\s+--.*$", "", line) for line in lines))


@pytest.fixture(params=CASES, ids=[c.stem for c in CASES])
def case(request, tmp_path):
    files, expected = _read(request.param)
    return request.param, _history(tmp_path, files), expected


def test_baseline_is_the_expected_one(case, request):
    path, folder, expected = case
    result = build(folder, provenance=False)
    assert not result.diagnostics or all(d.code != "not-modelled" for d in result.diagnostics), result.diagnostics
    emitted = body(result.sql)
    if request.config.getoption("--update-golden"):
        history = path.read_text(encoding="utf-8").partition(EXPECTED)[0]
        path.write_text(history + EXPECTED + emitted, encoding="utf-8")
        pytest.skip("expected part rewritten: read the diff")
    assert emitted == expected


def test_baseline_is_a_fixed_point(case, tmp_path):
    _, folder, _ = case
    first = build(folder).sql
    again = tmp_path / "again"
    again.mkdir()
    (again / "000_consolidated_baseline.sql").write_text(first, encoding="utf-8")
    second = build(again)
    assert not second.failed_files and not [d for d in second.diagnostics if d.code == "not-modelled"]
    assert statements(second.sql) == statements(first)


def test_postgres_builds_the_same_database(case, pg_server):
    _, folder, _ = case
    report = verify(VerifyOptions(legacy_dir=folder), cluster=pg_server)
    assert report.equivalent and not report.gaps, report.to_text()
