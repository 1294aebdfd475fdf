"""consolidator rollback: run the stored rollback_sql of the latest applied migrations, newest first, each in a
transaction with the removal of its row.

What runs is what the tracking table stored when the migration was applied, not today's file. Nothing runs when
one of them has no down section, and rollback never undoes the baseline (its rollback_sql drops the whole schema:
whoever means that runs it by hand).
"""

from __future__ import annotations

from typing import Callable

from consolidator.errors import InputError
from consolidator.parse.postgres import parse_file
from consolidator.runner import baseline_file, execute, ordering
from consolidator.runner.connection import Database
from consolidator.runner.execute import StepFailed
from consolidator.runner.lock import migration_lock
from consolidator.runner.project import Project
from consolidator.runner.tracking import Row, TrackingTable

Say = Callable[[str], None]
OUTSIDE = "-- migrate:down transaction:false"


def rollback(project: Project, db: Database, *, steps: int | None = None, to: str | None = None,
             dry_run: bool = False, say: Say = print) -> int:
    if steps is not None and to is not None:
        raise InputError("give --steps N or --to VERSION, not both")
    if steps is not None and steps < 1:
        raise InputError(f"--steps {steps}: give a number of migrations, 1 or more")
    with db.connect() as conn:
        table = TrackingTable(conn, project.tracking_table)
        if dry_run:
            return _run(db, conn, table, steps, to, dry_run, say)
        with migration_lock(conn, table.qualified, say):
            return _run(db, conn, table, steps, to, dry_run, say)


def _targets(rows: list[Row], steps: int | None, to: str | None) -> list[Row]:
    applied = [r for r in rows if r.success]
    if to is not None:
        version = ordering.resolve_version(to, [r.version for r in applied], "applied migration")
        index = [r.version for r in applied].index(version)
        chosen = applied[index + 1:]
    else:
        n = steps or 1
        undoable = [r for r in applied if r.version != baseline_file.VERSION]
        if not undoable:
            return []
        if n > len(undoable):
            after = " after the baseline" if len(undoable) < len(applied) else ""
            raise InputError(f"--steps {n}: only {len(undoable)} migration{'s are' if len(undoable) != 1 else ' is'} "
                             f"applied{after}{', and rollback never undoes the baseline' if after else ''}")
        chosen = applied[-n:]
    if any(r.version == baseline_file.VERSION for r in chosen):
        raise InputError("rollback never undoes the baseline: its rollback_sql drops the whole schema")
    return list(reversed(chosen))


def _run(db: Database, conn, table: TrackingTable, steps, to, dry_run: bool, say: Say) -> int:
    rows = table.rows()
    failed = [r.version for r in rows if not r.success]
    if failed:
        say(f"rollback refuses: {failed[0]} failed outside a transaction; check what it left, then "
            "`consolidator repair --yes`")
        return 1
    targets = _targets(rows, steps, to)
    if not targets:
        say("nothing to roll back" if to is None else f"nothing to roll back: {to} is the latest applied")
        return 0
    without = [r.version for r in targets if not (r.rollback_sql or "").strip()]
    if without:
        say(f"rollback refuses: {', '.join(without)} {'has' if len(without) == 1 else 'have'} no down section "
            "(rollback_sql is empty): nothing was rolled back")
        return 1
    for row in targets:
        if dry_run:
            say(f"would roll back {row.version}")
            continue
        say(f"rolling back {row.version}")
        try:
            _undo(db, conn, table, row)
        except StepFailed as failure:
            say(f"{failure.where}: {failure.message}")
            say(f"rollback of {row.version} failed and was undone: it stays applied"
                if not _outside(row) else f"rollback of {row.version} failed outside a transaction: what ran before "
                "the error stays, and its row stays")
            return 1
    if not dry_run:
        remaining = [r.version for r in table.rows() if r.success]
        say(f"rolled back {len(targets)} migration{'s' if len(targets) != 1 else ''}; "
            f"latest applied: {remaining[-1] if remaining else 'none'}")
    return 0


def _outside(row: Row) -> bool:
    return (row.rollback_sql or "").startswith(OUTSIDE)


def _undo(db: Database, conn, table: TrackingTable, row: Row) -> None:
    statements = parse_file(f"{row.version} rollback_sql", (row.rollback_sql or "").encode("utf-8"))
    execute.refuse_unrunnable(statements, in_transaction=not _outside(row))
    try:
        if _outside(row):
            execute.run(db, conn, statements)
            table.delete(row.version)
            return
        with conn.transaction():
            execute.run(db, conn, statements)
            table.delete(row.version)
    finally:
        if not conn.broken:
            db.fresh_session(conn)
