"""Differential tests: random legacy histories, replayed by the model and by a real PostgreSQL 15.

For each history (see strategies.py for what is generated):

1. ``build(folder)`` replays it into the model (each file one transaction) and emits the baseline;
2. on the session's server the same folder is replayed with psql into one fresh database
   (``replay_folder``) and the baseline is applied to another (it must apply: ``psql -1 ON_ERROR_STOP``);
3. the files the server rejected must be exactly the model's failed files, with the same SQLSTATE,
   and the two catalogs must compare equal (``verify.compare``; the tracking table is not compared).

The suite is deterministic (``derandomize``) and bounded: ``CONSOLIDATOR_DIFF_EXAMPLES`` sets the number
of examples (100 by default: about a minute on two cores); set it to 500 or more to hunt locally.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings

from consolidator.build import build
from consolidator.verify.legacy import replay_folder

from tests.differential.strategies import histories
from tests.seed_state import baseline_findings
from tests.differential.test_regressions import CASES

EXAMPLES = int(os.environ.get("CONSOLIDATOR_DIFF_EXAMPLES", "100"))
_counter = itertools.count(1)

pytestmark = pytest.mark.pg


@dataclass
class Replayed:
    """One history on the server: replayed into `legacy_db` (psql, each file one transaction) and its baseline
    applied to `baseline_db` (`applied`: psql's result)."""

    folder: Path
    result: object  # the model's BuildResult
    legacy: object  # the server's LegacyReplay
    legacy_db: str
    baseline_db: str
    applied: object
    history: str  # the files, for messages


@contextmanager
def replayed(server, files: dict[str, str], result=None) -> Iterator[Replayed]:
    """Build `files` (unless `result` is that build already), replay them on the server and apply the baseline to a
    fresh database; both databases are dropped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="consolidator-diff-"))
    n = next(_counter)
    legacy_db, baseline_db = f"diff{n}_legacy", f"diff{n}_baseline"
    try:
        for name, sql in files.items():
            (folder / name).write_text(sql, encoding="utf-8")
        result = result if result is not None else build(folder)
        history = "\n".join(f"-- {name}\n{sql}" for name, sql in files.items())
        _databases(server, f'CREATE DATABASE "{legacy_db}" TEMPLATE template0 STRATEGY = FILE_COPY',
                   f'CREATE DATABASE "{baseline_db}" TEMPLATE template0 STRATEGY = FILE_COPY')
        legacy = replay_folder(server, legacy_db, folder)
        (folder / "baseline.out").write_text(result.sql, encoding="utf-8")
        applied = server.psql_file(baseline_db, folder / "baseline.out")
        yield Replayed(folder, result, legacy, legacy_db, baseline_db, applied, history)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _databases(server, f'DROP DATABASE IF EXISTS "{legacy_db}" WITH (FORCE)',
                   f'DROP DATABASE IF EXISTS "{baseline_db}" WITH (FORCE)')


def check_history(server, files: dict[str, str], result=None) -> None:
    """Model and server agree on which files fail (and why) and on the resulting catalog. `result`: the build of
    `files` when the caller has it already."""
    with replayed(server, files, result) as r:
        result, history = r.result, r.history
        assert r.applied.returncode == 0, f"the baseline does not apply:\n{r.applied.stderr}\n{result.sql}\n{history}"

        on_server = {name: o.first_error.sqlstate for name, o in r.legacy.failed.items()}
        in_model = {name: d.sqlstate for name, d in result.failed_files.items()}
        # both roll the file back; which statement failed first is open when one the model could not follow
        # (seed rows of a type it does not evaluate) came at or before the server's failing line
        for name, outcome in r.legacy.failed.items():
            if name in in_model and in_model[name] != on_server[name] and any(
                    e.status in ("not-modelled", "rolled-back") and e.reason and e.span.file == name
                    and e.span.line <= outcome.first_error.line for e in result.replay.events):
                in_model[name] = on_server[name]
        server_errors = "\n".join(o.describe() for o in r.legacy.failed.values())
        model_errors = "\n".join(f"{name}: {d}" for name, d in result.failed_files.items())
        assert in_model == on_server, (
            f"failed files differ\nserver:\n{server_errors}\nmodel:\n{model_errors}\n\n{history}"
        )

        # seed rows (INSERT ... DEFAULT VALUES, CREATE TABLE AS): compared as verify does, volatile values masked
        findings = baseline_findings(result, server.dsn(r.legacy_db), server.dsn(r.baseline_db))
        assert not findings, "catalogs differ:\n" + "\n".join(str(f) for f in findings) + (
            f"\n\nmodel failures:\n{model_errors}\n\n{history}\n\nbaseline:\n{result.sql}"
        )


_admin: dict[int, psycopg.Connection] = {}


def _databases(server, *statements: str) -> None:
    """CREATE / DROP DATABASE over one connection kept per server (two psql processes fewer per history); FILE_COPY
    copies template0 as files, several times faster here than through the WAL."""
    conn = _admin.get(id(server))
    if conn is None or conn.closed:
        conn = _admin[id(server)] = psycopg.connect(server.dsn("postgres"), autocommit=True)
    for statement in statements:
        conn.execute(statement)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(files=histories())
def test_model_and_postgres_agree_on_random_histories(pg_server, files):
    check_history(pg_server, files)


@pytest.mark.parametrize("files", [pytest.param(files, id=case_id) for case_id, files, _ in CASES])
def test_histories_that_once_disagreed(pg_server, files):
    check_history(pg_server, files)
