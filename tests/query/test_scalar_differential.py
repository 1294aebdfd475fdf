"""Differential test of the scalar evaluator: random expressions (scalar_strategies.py) computed by the model and
by PostgreSQL 15 must give the same text output, or fail with the same SQLSTATE, whenever the model computes them
(an expression it reports as not modelled is counted, not compared).

Each example is a batch of expressions sent to the server at once. ``CONSOLIDATOR_SCALAR_EXAMPLES`` sets the
number of expressions (200 by default, seconds); set it higher to hunt. A failing batch is not shrunk
(batches shrink slowly): every disagreeing expression of it is listed, small enough to read.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.query.scalar_server import model_outcome, server_outcomes
from tests.query.scalar_strategies import expressions

EXPRESSIONS = int(os.environ.get("CONSOLIDATOR_SCALAR_EXAMPLES", "200"))
BATCH = 25
COUNTS: Counter = Counter()

pytestmark = pytest.mark.pg


@settings(max_examples=max(1, EXPRESSIONS // BATCH), deadline=None, derandomize=True, database=None,
          print_blob=False, report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(batch=st.lists(expressions(), min_size=BATCH, max_size=BATCH))
def test_model_and_postgres_agree_on_random_expressions(pg_database, batch):
    disagreements = []
    for text, want in zip(batch, server_outcomes(pg_database.dsn, batch)):
        got = model_outcome(text)
        COUNTS["expressions"] += 1
        if got[0] == "not modelled":
            COUNTS["not modelled"] += 1
            COUNTS[f"not modelled: {got[1]}"] += 1
            continue
        COUNTS[f"compared ({want[0]})"] += 1
        if got != want:
            disagreements.append((text, got, want))
    assert not disagreements, "\n".join(f"{t}\n    model {g}\n    server {w}" for t, g, w in disagreements)


def teardown_module():
    if COUNTS:
        print("\nscalar differential:", {k: v for k, v in COUNTS.most_common() if not k.startswith("not modelled: ")})
        for reason, n in COUNTS.most_common():
            if reason.startswith("not modelled: "):
                print(f"  {n:5d}  {reason[14:]}")
