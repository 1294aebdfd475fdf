"""Differential tests for functions, procedures, triggers, views, materialized views and domains: random histories
(procedural_strategies.py) replayed by the model and by PostgreSQL 15 must fail the same files with the same
SQLSTATE and leave the same catalog, procedural objects included (verify's comparison covers functions with their
bodies, triggers, views in PostgreSQL's canonical form and domains).

A history with a statement the build reports as not modelled is not compared (its baseline leaves that statement
out, and says so); the share of such histories is small (Hypothesis fails the test when too many are filtered).

``CONSOLIDATOR_PROCEDURAL_EXAMPLES`` sets the number of histories (50 by default: a few minutes on two cores); set it higher to hunt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from consolidator.build import build

from tests.differential.procedural_strategies import procedural_histories
from tests.differential.test_random_histories import check_history

EXAMPLES = int(os.environ.get("CONSOLIDATOR_PROCEDURAL_EXAMPLES", "50"))

pytestmark = pytest.mark.pg


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=procedural_histories())
def test_model_and_postgres_agree_on_procedural_histories(pg_server, files):
    assume(not _reports_not_modelled(files))  # left out of the baseline on purpose: the catalogs may differ there
    check_history(pg_server, files)


def _reports_not_modelled(files: dict[str, str]) -> bool:
    with tempfile.TemporaryDirectory(prefix="consolidator-diff-") as folder:
        for name, sql in files.items():
            (Path(folder) / name).write_text(sql, encoding="utf-8")
        return any(d.code == "not-modelled" for d in build(folder).diagnostics)
