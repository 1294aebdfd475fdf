"""The baseline builds the database the legacy history builds: the judge is a real PostgreSQL 15.

Legacy side: every file of legacy_migrations/ with `psql -1` in apply order, failed files rolled back.
Baseline side: output of `consolidator build`, applied with `psql -v ON_ERROR_STOP=1 -1`.
Compared: `pg_dump --schema-only`, entry by entry (its "-- Name: ...; Type: ..." headers), SQL comments removed,
and `pg_dump --data-only`: every table's rows and every sequence's position, volatile values (now(),
gen_random_uuid()) masked. Only the tracking table schema_migrations, which only the baseline creates, is left out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from consolidator.build import build, volatile_columns
from consolidator.verify.legacy import replay_folder

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "legacy_migrations"
COMMITTED = ROOT / "output" / "000_consolidated_baseline.sql"

NOT_MODELLED_YET: set[str] = set()
TRACKING = "schema_migrations"
_ENTRY = re.compile(r"^-- Name: (?P<name>.*?); Type: (?P<type>[A-Z ]+?); Schema: (?P<schema>[^;]*);.*$", re.M)
_SESSION_NOISE = ("--", "\\restrict", "\\unrestrict", "SET ", "SELECT pg_catalog.set_config")


def dump_entries(server, dbname: str) -> dict[str, str]:
    """pg_dump --schema-only, cut into its entries ('TYPE name' -> SQL without comments), exclusions removed."""
    out = subprocess.run(
        [str(server.bindir / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "-d", server.dsn(dbname)],
        capture_output=True, text=True, check=True,
    ).stdout
    entries: dict[str, str] = {}
    matches = list(_ENTRY.finditer(out))
    for m, nxt in zip(matches, matches[1:] + [None]):
        body = out[m.end(): nxt.start() if nxt else len(out)]
        lines = [
            line for line in body.splitlines()
            if line.strip() and not line.startswith(_SESSION_NOISE)
        ]
        kind, name = m.group("type"), f"{m.group('schema')}.{m.group('name')}"
        if kind in NOT_MODELLED_YET or TRACKING in m.group("name"):
            continue
        entries[f"{kind} {name}"] = "\n".join(lines)
    return entries


@pytest.fixture(scope="module")
def corpus():
    return build(LEGACY)


@pytest.fixture(scope="module")
def databases(pg_server, corpus, tmp_path_factory):
    pg_server.create_database("eq_legacy")
    pg_server.create_database("eq_baseline")
    legacy = replay_folder(pg_server, "eq_legacy", LEGACY)
    baseline = tmp_path_factory.mktemp("baseline") / "000_consolidated_baseline.sql"
    baseline.write_text(corpus.sql, encoding="utf-8")
    applied = pg_server.psql_file("eq_baseline", baseline)
    yield legacy, applied
    pg_server.drop_database("eq_legacy")
    pg_server.drop_database("eq_baseline")


def test_baseline_applies_to_an_empty_database(databases):
    _, applied = databases
    assert applied.returncode == 0, applied.stderr


def test_schema_equals_the_legacy_replay(pg_server, databases):
    legacy = dump_entries(pg_server, "eq_legacy")
    baseline = dump_entries(pg_server, "eq_baseline")
    missing = sorted(set(legacy) - set(baseline))
    extra = sorted(set(baseline) - set(legacy))
    changed = [
        f"{key}:\n  legacy:   {legacy[key]}\n  baseline: {baseline[key]}"
        for key in sorted(set(legacy) & set(baseline))
        if legacy[key] != baseline[key]
    ]
    assert not missing and not extra and not changed, (
        f"missing in baseline: {missing}\nonly in baseline: {extra}\nchanged:\n" + "\n".join(changed)
    )
    assert len(legacy) > 100  # the corpus is rich: the comparison is not vacuous


_COPY = re.compile(r"^COPY (?P<table>\S+) \((?P<columns>[^)]*)\) FROM stdin;$")


def data_dump(server, dbname: str, volatile: set[str]) -> dict[str, list[str]]:
    """pg_dump --data-only cut into each table's rows (sorted: the order rows sit in a table is not part of the
    data) and the sequences' setval lines; a volatile column's value is masked, NULL kept apart from a value."""
    out = subprocess.run(
        [str(server.bindir / "pg_dump"), "--data-only", "--no-owner", "--no-privileges",
         f"--exclude-table-data={TRACKING}", "-d", server.dsn(dbname)],
        capture_output=True, text=True, check=True,
    ).stdout
    tables: dict[str, list[str]] = {}
    lines = iter(out.splitlines())
    for line in lines:
        copy = _COPY.match(line)
        if copy is not None:
            table = copy.group("table").removeprefix("public.")
            columns = [c.strip().strip('"') for c in copy.group("columns").split(",")]
            rows = []
            for row in iter(lambda: next(lines), "\\."):
                values = row.split("\t")
                rows.append("\t".join(v if f"{table}.{c}" not in volatile else ("\\N" if v == "\\N" else "<volatile>")
                                      for c, v in zip(columns, values)))
            tables[table] = sorted(rows)
        elif line.startswith("SELECT pg_catalog.setval("):
            tables.setdefault("(sequences)", []).append(line)
    return tables


def test_data_equals_the_legacy_replay(pg_server, databases, corpus):
    """Seed rows and sequence positions: pg_dump --data-only of both databases, volatile values masked."""
    volatile = {entry.split(":")[0] for entry in volatile_columns(corpus.catalog)}
    legacy = data_dump(pg_server, "eq_legacy", volatile)
    baseline = data_dump(pg_server, "eq_baseline", volatile)
    assert baseline == legacy
    assert sum(len(rows) for name, rows in legacy.items() if name != "(sequences)") >= 20  # not vacuous
    assert len(legacy["(sequences)"]) >= 5


def test_failed_files_are_exactly_the_files_postgres_rejects(databases, corpus):
    legacy, _ = databases
    server = {name: outcome.first_error.sqlstate for name, outcome in legacy.failed.items()}
    model = {name: diagnostic.sqlstate for name, diagnostic in corpus.failed_files.items()}
    assert model == server
    assert len(server) >= 2


def test_committed_output_is_what_the_code_produces(corpus):
    assert COMMITTED.read_text(encoding="utf-8") == corpus.sql, "run `make baseline` and commit output/"


def test_build_is_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        target = tmp_path / f"baseline_{seed}.sql"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run(
            [sys.executable, "-m", "consolidator.cli", "build", str(LEGACY), "-o", str(target), "--quiet"],
            check=True, env=env, cwd=tmp_path,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
