"""consolidator migrate: apply the pending migrations in order, each in its own transaction with its row.

Under the migration lock (lock.py) the tracking table is read afresh: a runner that waited finds the work done.
Nothing runs while an applied migration changed on disk, a migration failed half way, or the baseline is not
recorded. A migration runs its up statements, then its verify queries, then inserts its row (checksum = sha256
of the file, rollback_sql = its down section), and commits: a failure or a killed runner leaves nothing of it.
`-- migrate:up transaction:false` runs statement by statement; if it stops half way its row says success = false.
"""

from __future__ import annotations

from typing import Callable

import psycopg

from consolidator.runner import execute, ordering, status as status_mod
from consolidator.runner.connection import Database
from consolidator.runner.execute import StepFailed
from consolidator.runner.files import Migration
from consolidator.runner.lock import migration_lock
from consolidator.runner.project import Project
from consolidator.runner.status import CHANGED, FAILED, MISSING, UNRECORDED, Status
from consolidator.runner.tracking import TrackingTable

Say = Callable[[str], None]


def blockers(status: Status, project: Project) -> list[str]:
    out = []
    for e in status.with_state(UNRECORDED):
        out.append(f"the database has no {e.version} row in {project.tracking_table}: {e.note}")
    for e in status.with_state(CHANGED):
        out.append(f"{e.version} changed since it was applied: {e.note}; restore it, or record the new checksum "
                   "with `consolidator repair --yes`")
    for e in status.with_state(FAILED):
        out.append(f"{e.version} failed outside a transaction: check what it left, then `consolidator repair --yes` "
                   "forgets its row so that it runs again")
    return out


def migrate(project: Project, db: Database, *, to: str | None = None, dry_run: bool = False, say: Say = print) -> int:
    ordered = ordering.runnable(project)
    target = ordering.resolve_version(to, [m.version for m in ordered], "migration") if to else None
    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        if dry_run:
            return _run(project, db, conn, table, ordered, target, dry_run, say)
        with migration_lock(conn, table.qualified, say):
            return _run(project, db, conn, table, ordered, target, dry_run, say)


def _run(project, db, conn, table: TrackingTable, ordered, target, dry_run: bool, say: Say) -> int:
    status = status_mod.compute(project, ordered, table.rows())
    refused = blockers(status, project)
    if refused:
        for line in refused:
            say(f"migrate refuses: {line}")
        return 1
    for e in status.with_state(MISSING):
        say(f"warning: {e.version} is applied but its file is missing from {project.settings.migrations_dir}")
    plan = _plan(status, ordered, target)
    if not plan:
        applied = len(status.with_state(status_mod.APPLIED))
        say(f"nothing to do: {applied} applied, {'target ' + target + ' reached' if target else 'none pending'}")
        return 0
    if dry_run:
        for m in plan:
            say(f"would apply {m.version} ({m.path}{'' if m.up.transaction else ', outside a transaction'})")
        return 0
    table.create()
    for note in _out_of_order(status, ordered, plan):
        say(note)
    for m in plan:
        say(f"applying {m.version} ({m.path}{'' if m.up.transaction else ', outside a transaction'})")
        try:
            apply_one(db, conn, table, m)
        except StepFailed as failure:
            say(f"{failure.where}: {failure.message}")
            if m.up.transaction:
                say(f"{m.version} failed and was rolled back: nothing of it is applied or recorded")
            else:
                say(f"{m.version} failed outside a transaction: {_partial(failure)}")
            return 1
    say(f"applied {len(plan)} migration{'s' if len(plan) != 1 else ''}")
    return 0


def apply_one(db: Database, conn: psycopg.Connection, table: TrackingTable, m: Migration) -> None:
    up, checks = m.up.statements(), m.verify.statements()
    try:
        if m.up.transaction:
            with conn.transaction():
                execute.run(db, conn, up)
                execute.check(db, conn, checks)
                table.insert(m.version, m.checksum, m.rollback_sql)
            return
        try:
            execute.run(db, conn, up)
        except StepFailed as failure:
            failure.partial = failure.ran > 0
            _record_failure(table, m, failure)
            raise
        try:
            execute.check(db, conn, checks)
        except StepFailed as failure:
            failure.partial = True
            _record_failure(table, m, failure)
            raise
        table.insert(m.version, m.checksum, m.rollback_sql)
    finally:
        if not conn.broken:
            db.fresh_session(conn)


def _record_failure(table: TrackingTable, m: Migration, failure: StepFailed) -> None:
    if failure.partial:
        table.insert(m.version, m.checksum, m.rollback_sql, success=False)


def _partial(failure: StepFailed) -> str:
    if failure.partial:
        return "what ran before the error stays; its row says success = false (see `consolidator status`)"
    return "its first statement failed: nothing of it is applied or recorded"


def _plan(status: Status, ordered: list[Migration], target: str | None) -> list[Migration]:
    pending = {m.version for m in status.pending}
    if target is not None:
        ordered = ordered[: [m.version for m in ordered].index(target) + 1]
    return [m for m in ordered if m.version in pending]


def _out_of_order(status: Status, ordered: list[Migration], plan: list[Migration]) -> list[str]:
    position = {m.version: i for i, m in enumerate(ordered)}
    applied = [e.version for e in status.with_state(status_mod.APPLIED) if e.version in position]
    if not applied:
        return []
    last = max(applied, key=position.__getitem__)
    return [f"note: {m.version} runs out of order: {last}, later in the order, is already applied"
            for m in plan if position[m.version] < position[last]]
