"""consolidator repair: make the tracking table agree with the files again, once a person has looked.

A changed migration gets the file's checksum and down section recorded (the baseline: its fingerprint and
rollback_sql); a failed one (outside a transaction, stopped half way) loses its row so that it runs again.
Without --yes it only says what it would do.
"""

from __future__ import annotations

from typing import Callable

from consolidator.runner import status as status_mod
from consolidator.runner.ordering import runnable
from consolidator.runner.connection import Database
from consolidator.runner.lock import migration_lock
from consolidator.runner.project import Project
from consolidator.runner.status import CHANGED, FAILED
from consolidator.runner.tracking import TrackingTable

Say = Callable[[str], None]


def repair(project: Project, db: Database, *, yes: bool = False, say: Say = print) -> int:
    ordered = runnable(project)
    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        with migration_lock(conn, table.qualified, say):
            status = status_mod.compute(project, ordered, table.rows())
            work = status.with_state(CHANGED, FAILED)
            if not work:
                say("nothing to repair: every recorded checksum matches its file")
                return 0
            verb = "" if yes else "would "
            with conn.transaction():
                for e in work:
                    if e.state == FAILED:
                        say(f"{verb}forget {e.version} (failed): it runs again on the next migrate")
                        if yes:
                            table.delete(e.version)
                    elif e.is_baseline:
                        say(f"{verb}record the checksum and rollback_sql of {project.baseline.label} for {e.version}")
                        if yes:
                            table.update(e.version, project.baseline.checksum, project.baseline.rollback_sql)
                    else:
                        say(f"{verb}record the new checksum and down section of {e.migration.path} for {e.version}")
                        if yes:
                            table.update(e.version, e.migration.checksum, e.migration.rollback_sql)
            if not yes:
                say("nothing changed: run with --yes to record it")
                return 1
            return 0
