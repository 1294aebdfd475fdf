"""Differential tests for functions, procedures, triggers, views, materialized views, domains, composite and range
types, partitions and policies: random histories
(procedural_strategies.py) replayed by the model and by PostgreSQL 15 must fail the same files with the same
SQLSTATE and leave the same catalog, procedural objects included (verify's comparison covers functions with their
bodies, triggers, views in PostgreSQL's canonical form and domains).

A history with a statement the build reports as not modelled is not compared (its baseline leaves that statement
out, and says so); the share of such histories is small (Hypothesis fails the test when too many are filtered).

``CONSOLIDATOR_PROCEDURAL_EXAMPLES`` sets the number of histories (50 by default: a few minutes on two cores); set it higher to hunt.
``CONSOLIDATOR_DIFF_PROGRESS``, ``CONSOLIDATOR_DIFF_SEED`` and ``CONSOLIDATOR_DIFF_NO_SHRINK``: see run_settings.py.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given

from consolidator.build import build

from tests.differential.procedural_strategies import procedural_histories
from tests.differential.run_settings import history_settings, record_progress
from tests.differential.test_random_histories import check_history

EXAMPLES = int(os.environ.get("CONSOLIDATOR_PROCEDURAL_EXAMPLES", "50"))

pytestmark = pytest.mark.pg


@history_settings(EXAMPLES)
@given(files=procedural_histories())
def test_model_and_postgres_agree_on_procedural_histories(pg_server, files):
    result = _build(files)
    # left out of the baseline on purpose: the catalogs may differ there
    assume(not any(d.code == "not-modelled" for d in result.diagnostics))
    check_history(pg_server, files, result)
    record_progress(files)


def _build(files: dict[str, str]):
    with tempfile.TemporaryDirectory(prefix="consolidator-diff-") as folder:
        for name, sql in files.items():
            (Path(folder) / name).write_text(sql, encoding="utf-8")
        return build(folder)
