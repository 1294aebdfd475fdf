"""What the random-history differential tests share: Hypothesis settings read from the environment, and the
progress file.

``CONSOLIDATOR_DIFF_PROGRESS`` names a file that gets one line per history compared: a digest of the history and
how it ended (to follow a long run, and to count distinct histories over several). ``CONSOLIDATOR_DIFF_SEED``
replaces the fixed sequence of histories by the one of that seed, so that runs in parallel try different histories;
``CONSOLIDATOR_DIFF_NO_SHRINK`` reports the first disagreement as found (shrinking one takes minutes).
"""

from __future__ import annotations

import hashlib
import os

from hypothesis import HealthCheck, Phase, seed, settings

PROGRESS = os.environ.get("CONSOLIDATOR_DIFF_PROGRESS")
SEED = os.environ.get("CONSOLIDATOR_DIFF_SEED")


def history_settings(examples: int):
    """The decorator for a test drawing `examples` histories (deterministic unless CONSOLIDATOR_DIFF_SEED is set)."""
    configured = settings(
        max_examples=examples,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        print_blob=False,
        report_multiple_bugs=False,
        phases=[Phase.explicit, Phase.generate] if os.environ.get("CONSOLIDATOR_DIFF_NO_SHRINK") else list(Phase),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    def decorate(test):
        test = configured(test)
        return seed(int(SEED))(test) if SEED else test

    return decorate


def record_progress(files: dict[str, str], outcome: str = "agreed") -> None:
    if PROGRESS:
        digest = hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()[:16]
        with open(PROGRESS, "a", encoding="utf-8") as log:
            log.write(f"{digest} {outcome}\n")
