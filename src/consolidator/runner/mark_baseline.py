"""consolidator mark-baseline: record the baseline as applied on a database the legacy history built, without
running it, once verify's comparison says the database is what the baseline builds.

The row is written by the baseline's own tracking statements (its CREATE TABLE IF NOT EXISTS and INSERT), so a
marked database carries exactly the row a database built from the baseline file carries. On drift the differences
are listed and nothing is recorded, unless --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from consolidator.errors import InputError
from consolidator.runner import baseline_file
from consolidator.runner.baseline_file import Baseline
from consolidator.runner.connection import Database
from consolidator.runner.lock import migration_lock
from consolidator.runner.project import Project
from consolidator.runner.tracking import TrackingTable
from consolidator.source.discover import Order, discover
from consolidator.verify.cluster import Cluster

Say = Callable[[str], None]


def the_baseline(project: Project, legacy_dir: Path, order: Order) -> Baseline:
    """The baseline file (which must have been built from `legacy_dir` as it is now), or one compiled from it."""
    fingerprint = discover(legacy_dir, order).fingerprint()
    if project.baseline is not None:
        if project.baseline.checksum != fingerprint:
            raise InputError(f"{project.baseline.label} was not built from {legacy_dir} as it is now (input fingerprint "
                             f"{project.baseline.checksum[:12]}, the folder's {fingerprint[:12]}, order {order.value}): "
                             "rebuild it with `consolidator build`")
        return project.baseline
    from consolidator.build import build

    compiled = baseline_file.parse(f"baseline compiled from {legacy_dir}",
                                   build(legacy_dir, order=order, tracking_table=project.settings.tracking_table).sql)
    if compiled.tracking_table != project.tracking_table:
        raise InputError(f"the baseline compiled from {legacy_dir} keeps its rows in {compiled.tracking_table}, while "
                         f"without a baseline file the runner uses {project.tracking_table}: write the baseline "
                         f"(consolidator build {legacy_dir} -o {project.settings.baseline}) or set the tracking table")
    return compiled


def mark_baseline(project: Project, db: Database, *, legacy_dir: Path | None = None, order: Order = Order.NAME,
                  force: bool = False, say: Say = print, cluster: Cluster | None = None) -> int:
    """`cluster`: a running server for verify's throwaway databases (the tests'); else verify starts its own."""
    from consolidator.verify.run import VerifyOptions, verify

    legacy = legacy_dir or project.settings.legacy_dir
    baseline = the_baseline(project, legacy, order)
    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        recorded = {r.version: r for r in table.rows()}.get(baseline_file.VERSION)
        if recorded is not None:
            if recorded.checksum == baseline.checksum:
                say(f"{baseline_file.VERSION} is already recorded in {table.qualified}: nothing to do")
                return 0
            say(f"{baseline_file.VERSION} is recorded in {table.qualified} with another checksum "
                f"({(recorded.checksum or 'none')[:12]}, the baseline's {baseline.checksum[:12]}): see "
                "`consolidator status`, and `consolidator repair --yes` to record the new one")
            return 1

    options = VerifyOptions(legacy_dir=legacy, baseline=project.settings.baseline if project.baseline else None,
                            dsn=db.dsn, order=order)
    report = verify(options, cluster=cluster)
    for line in report.to_text().rstrip("\n").splitlines():
        say(line)
    if report.findings and not force:
        say(f"not recorded: the database differs from the baseline ({len(report.findings)} difference"
            f"{'s' if len(report.findings) != 1 else ''} above); fix the drift, or record it anyway with --force")
        return 1

    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        with migration_lock(conn, table.qualified, say):
            table.exists()  # a foreign table of that name: refuse before writing
            with conn.transaction():
                conn.execute("SET LOCAL search_path = public")
                for statement in baseline.tracking_sql:
                    conn.execute(statement)
    forced = f" despite {len(report.findings)} differences (--force)" if report.findings else ""
    say(f"recorded {baseline_file.VERSION} in {table.qualified} without running it{forced}: "
        "`consolidator migrate` continues from here")
    return 0
