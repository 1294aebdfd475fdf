"""What the tracking table says against what is on disk: each migration applied, pending, changed since it was
applied (its checksum differs), applied but missing from disk, or failed (a migration outside a transaction that
stopped half way). The baseline is checked too: its recorded checksum against the file's fingerprint."""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.runner import baseline_file, files, ordering
from consolidator.runner.connection import Database
from consolidator.runner.files import Migration
from consolidator.runner.project import Project
from consolidator.runner.tracking import Row, TrackingTable

APPLIED, PENDING, CHANGED, MISSING, FAILED, UNRECORDED = "applied", "pending", "changed", "missing", "failed", "not recorded"


@dataclass(frozen=True)
class Entry:
    version: str
    state: str
    migration: Migration | None = None
    row: Row | None = None
    note: str = ""

    @property
    def is_baseline(self) -> bool:
        return self.version == baseline_file.VERSION

    def line(self, width: int) -> str:
        when = self.row.executed_at.strftime("%Y-%m-%d %H:%M:%S") if self.row and self.row.executed_at else ""
        text = f"  {self.state:<12} {self.version:<{width}}  {when:<19}"
        return (f"{text}  {self.note}" if self.note else text).rstrip()


@dataclass(frozen=True)
class Status:
    entries: list[Entry]

    def with_state(self, *states: str) -> list[Entry]:
        return [e for e in self.entries if e.state in states]

    @property
    def pending(self) -> list[Migration]:
        return [e.migration for e in self.entries if e.state == PENDING and e.migration is not None]

    @property
    def ok(self) -> bool:
        """status exits 1 otherwise: something changed, missing or failed."""
        return not self.with_state(CHANGED, MISSING, FAILED)

    def lines(self) -> list[str]:
        width = max((len(e.version) for e in self.entries), default=0)
        out = [e.line(width) for e in self.entries]
        counts: dict[str, int] = {}
        for e in self.entries:
            counts[e.state] = counts.get(e.state, 0) + 1
        order = (APPLIED, PENDING, CHANGED, MISSING, FAILED, UNRECORDED)
        out.append(", ".join(f"{counts[s]} {s}" for s in order if s in counts) or "no migrations")
        return out


def compute(project: Project, ordered: list[Migration], rows: list[Row]) -> Status:
    """`ordered`: the migrations on disk in run order; `rows`: the tracking table's, in the order applied."""
    by_version = {m.version: m for m in ordered}
    recorded = {r.version for r in rows}
    entries: list[Entry] = []
    baseline = project.baseline
    if baseline is not None and baseline_file.VERSION not in recorded:
        entries.append(Entry(baseline_file.VERSION, UNRECORDED, note=f"apply {project.settings.baseline} to a new "
                             "database, or run `consolidator mark-baseline` on one built from the legacy history"))
    for row in rows:
        if row.version == baseline_file.VERSION:
            entries.append(_baseline_entry(project, row))
        elif not row.success:
            entries.append(Entry(row.version, FAILED, by_version.get(row.version), row,
                                 "ran outside a transaction and stopped: what it did before its error stays"))
        elif row.version not in by_version:
            entries.append(Entry(row.version, MISSING, None, row, "applied, but no file on disk"))
        elif by_version[row.version].checksum != row.checksum:
            m = by_version[row.version]
            entries.append(Entry(row.version, CHANGED, m, row,
                                 f"{m.path} changed since it was applied (checksum {_short(row.checksum)} recorded, "
                                 f"{_short(m.checksum)} on disk)"))
        else:
            entries.append(Entry(row.version, APPLIED, by_version[row.version], row))
    entries.extend(Entry(m.version, PENDING, m, note=_problem(m)) for m in ordered if m.version not in recorded)
    return Status(entries)


def _problem(m: Migration) -> str:
    return f"cannot run: {m.problems[0]}" if m.problems else ""


def _baseline_entry(project: Project, row: Row) -> Entry:
    baseline = project.baseline
    if baseline is None:
        return Entry(row.version, APPLIED, None, row, "baseline (no baseline file to compare with)")
    if baseline.checksum != row.checksum:
        return Entry(row.version, CHANGED, None, row,
                     f"baseline: {baseline.label} was built from other legacy files (fingerprint "
                     f"{_short(baseline.checksum)}, {_short(row.checksum)} recorded)")
    return Entry(row.version, APPLIED, None, row, "baseline")


def _short(checksum: str | None) -> str:
    return (checksum or "none")[:12]


def read(project: Project, db: Database) -> tuple[Status, str]:
    """The status, and the line that says which database and tracking table it is about. A migration that cannot
    run is listed with its first problem (`migrate` and `lint` say more)."""
    folder = files.load_folder(project.settings.migrations_dir, missing_ok=True)
    ordered = ordering.fallback_order(folder.migrations)
    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        rows = table.rows()
    return compute(project, ordered, rows), f"{db.shown}: tracking table {table.qualified} ({project.tracking_reason})"
