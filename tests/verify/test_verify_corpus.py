"""`consolidator verify` on the project's own corpus, legacy_migrations/: the baseline must be equivalent.

Differences in what the model does not carry yet (seed rows, until the seed-data issue) are gaps: verify
tells them apart from findings, explained by the statements the build listed as not modelled, and fails on
them all the same. Shrink NOT_MODELLED_YET as the model grows: the goal is an empty set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidator.verify.run import VerifyOptions, verify

LEGACY = Path(__file__).resolve().parents[2] / "legacy_migrations"
NOT_MODELLED_YET = {"seed row", "seed rows of"}


@pytest.fixture(scope="module")
def report(pg_server):
    return verify(VerifyOptions(legacy_dir=LEGACY), cluster=pg_server)


def test_the_server_replays_the_whole_corpus(report):
    assert len(report.files) >= 56
    assert all(f.status in ("ok", "failed") for f in report.files)


def test_verify_finds_no_difference_on_the_corpus(report):
    assert [f.message for f in report.findings] == []
    assert report.dump_entries_compared > 100  # the pg_dump backstop ran on both sides


def test_gaps_are_only_the_kinds_not_modelled_yet(report):
    assert {f.kind for f in report.gaps} <= NOT_MODELLED_YET
    assert report.exit_code == (1 if report.gaps else 0)
