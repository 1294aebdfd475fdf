"""What every runner command starts from: the settings, the baseline (when there is one) and the tracking
table's name, decided once so that every command uses the same table."""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.errors import InputError
from consolidator.model import tracking
from consolidator.runner import baseline_file
from consolidator.runner.baseline_file import Baseline
from consolidator.runner.config import Settings


@dataclass(frozen=True)
class Project:
    settings: Settings
    baseline: Baseline | None
    tracking_table: str
    tracking_reason: str  # said by status: where the name comes from

    @property
    def known_versions(self) -> frozenset[str]:
        """Versions a requirement may name besides the migrations: the baseline's."""
        return frozenset({baseline_file.VERSION})


def load(settings: Settings) -> Project:
    """The baseline is `settings.baseline` (it must exist when given explicitly; the default is used when present).
    The tracking table: the baseline's header, or the explicit name (which must agree with it), else the default."""
    baseline = None
    if settings.baseline_explicit or settings.baseline.is_file():
        baseline = baseline_file.read(settings.baseline)
    explicit = settings.tracking_table
    if baseline is not None:
        if explicit is not None and explicit != baseline.tracking_table:
            raise InputError(f"the baseline {settings.baseline} keeps its row in {baseline.tracking_table}, but the "
                             f"tracking table is set to {explicit}: they must agree")
        return Project(settings, baseline, baseline.tracking_table, f"named by {settings.baseline}")
    if explicit is not None:
        return Project(settings, None, explicit, "set explicitly")
    return Project(settings, None, tracking.DEFAULT_NAME, f"the default; no baseline at {settings.baseline}")
