"""Differential tests for functions, procedures, triggers, views, materialized views, domains, composite and range
types, partitions and policies: random histories
(procedural_strategies.py) replayed by the model and by PostgreSQL 15 must fail the same files with the same
SQLSTATE and leave the same catalog, procedural objects included (verify's comparison covers functions with their
bodies, triggers, views in PostgreSQL's canonical form and domains).

A history with a statement the build reports as not modelled is not compared (its baseline leaves that statement
out, and says so); the share of such histories is small (Hypothesis fails the test when too many are filtered).

``CONSOLIDATOR_PROCEDURAL_EXAMPLES`` sets the number of histories (50 by default: a few minutes on two cores); set it higher to hunt.
``CONSOLIDATOR_DIFF_PROGRESS`` names a file that gets one line per history that agreed: a digest of the history
(to follow a long run, and to count distinct histories over several). ``CONSOLIDATOR_DIFF_SEED`` replaces the fixed
sequence of histories by the one of that seed, so that runs in parallel try different histories;
``CONSOLIDATOR_DIFF_NO_SHRINK`` reports the first disagreement as found (shrinking one takes minutes).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, seed, settings

from consolidator.build import build

from tests.differential.procedural_strategies import procedural_histories
from tests.differential.test_random_histories import check_history

EXAMPLES = int(os.environ.get("CONSOLIDATOR_PROCEDURAL_EXAMPLES", "50"))
PROGRESS = os.environ.get("CONSOLIDATOR_DIFF_PROGRESS")
SEED = os.environ.get("CONSOLIDATOR_DIFF_SEED")

pytestmark = pytest.mark.pg


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    print_blob=False,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate] if os.environ.get("CONSOLIDATOR_DIFF_NO_SHRINK") else list(Phase),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@(seed(int(SEED)) if SEED else (lambda test: test))
@given(files=procedural_histories())
def test_model_and_postgres_agree_on_procedural_histories(pg_server, files):
    result = _build(files)
    # left out of the baseline on purpose: the catalogs may differ there
    assume(not any(d.code == "not-modelled" for d in result.diagnostics))
    check_history(pg_server, files, result)
    if PROGRESS:
        digest = hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()[:16]
        with open(PROGRESS, "a", encoding="utf-8") as log:
            log.write(f"{digest}\n")


def _build(files: dict[str, str]):
    with tempfile.TemporaryDirectory(prefix="consolidator-diff-") as folder:
        for name, sql in files.items():
            (Path(folder) / name).write_text(sql, encoding="utf-8")
        return build(folder)
