"""consolidator new, migrate, status, repair, rollback, mark-baseline: the migration runner after the baseline.

Exit status: 0 done, 1 findings (a failed or refused migration, changed or missing files, drift), 2 could not run.
Every line goes through the database's scrub: a password in the URL is never printed, in errors neither.
"""

from __future__ import annotations

import contextlib
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from consolidator.cli.app import app, say
from consolidator.errors import ConsolidatorError
from consolidator.source.discover import Order

_DSN = typer.Option(None, "--dsn", envvar="DATABASE_URL", show_envvar=True,
                    help="The database: any libpq conninfo or URI [default: $DATABASE_URL].")
_CONFIG = typer.Option(None, "--config", help="Settings file [default: consolidator.toml when present].")
_MIGRATIONS = typer.Option(None, "--migrations-dir", help="Folder of migrations [default: migrations].")
_BASELINE = typer.Option(None, "--baseline", help="The consolidated baseline, whose header names the tracking table "
                         "[default: output/000_consolidated_baseline.sql when present].")
_TRACKING = typer.Option(None, "--tracking-table", help="The tracking table's name [default: the baseline's, else "
                         "schema_migrations].")



class RunnerFormat(str, Enum):
    text = "text"
    json = "json"


_FORMAT = typer.Option(RunnerFormat.text, "--format", help="text, or json for tools: one object on stdout when the "
                       "command ends (its messages, exit code and, for status, each migration).")


def _project(config, migrations_dir, baseline, tracking_table, legacy_dir=None):
    from consolidator.runner import config as settings, project

    return project.load(settings.load(config, migrations_dir=migrations_dir, baseline=baseline,
                                      tracking_table=tracking_table, legacy_dir=legacy_dir))


class _Output:
    """Lines to stdout, each scrubbed of the database's password; kept for the JSON document instead with --format
    json."""

    def __init__(self, collect: bool = False) -> None:
        self.db = None
        self.collect = collect
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        line = self.db.scrub(line) if self.db is not None else line
        if self.collect:
            self.lines.append(line)
        else:
            print(line, flush=True)

    def finish(self, command: str, code: int, **fields) -> None:
        if self.collect:
            from consolidator.outputs import json_document

            print(json_document({"command": command, "exit_code": code, **fields, "messages": self.lines}), end="")
        raise typer.Exit(code)


@contextlib.contextmanager
def _run(dsn: Optional[str], output_format: RunnerFormat = RunnerFormat.text) -> Iterator[tuple]:
    """(database, output) for a command; any error becomes one scrubbed line and exit 2."""
    import psycopg

    from consolidator.runner.connection import Database, first_line, resolve_dsn

    out = _Output(collect=output_format is RunnerFormat.json)
    db = None
    try:
        db = Database(resolve_dsn(dsn))
        out.db = db
        yield db, out
    except (ConsolidatorError, psycopg.Error) as e:
        message = str(e) if isinstance(e, ConsolidatorError) else f"database error: {first_line(e)}"
        say(f"consolidator: error: {db.scrub(message) if db else message}")
        raise typer.Exit(2)


@app.command()
def new(
    name: str = typer.Argument(..., metavar="NAME", help="What the migration does: add_widgets."),
    requires: list[str] = typer.Option([], "--requires", help="A migration that must run first (repeatable)."),
    migrations_dir: Optional[Path] = _MIGRATIONS,
    config: Optional[Path] = _CONFIG,
    output_format: RunnerFormat = _FORMAT,
) -> None:
    """Write the next numbered migration file, with empty up and down sections, and print its path."""
    from consolidator.runner import config as settings
    from consolidator.runner.new import new as write

    path = write(settings.load(config, migrations_dir=migrations_dir).migrations_dir, name, requires)
    if output_format is RunnerFormat.json:
        from consolidator.outputs import json_document

        print(json_document({"command": "new", "exit_code": 0, "path": str(path)}), end="")
    else:
        print(path)


@app.command()
def migrate(
    to: Optional[str] = typer.Option(None, "--to", help="Stop after this version (001_add_widgets, or its number)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would run; change nothing."),
    dsn: Optional[str] = _DSN, migrations_dir: Optional[Path] = _MIGRATIONS, baseline: Optional[Path] = _BASELINE,
    tracking_table: Optional[str] = _TRACKING, config: Optional[Path] = _CONFIG,
    output_format: RunnerFormat = _FORMAT,
) -> None:
    """Apply the pending migrations in order, each in its own transaction with its tracking row."""
    from consolidator.runner.apply import migrate as run

    with _run(dsn, output_format) as (db, out):
        code = run(_project(config, migrations_dir, baseline, tracking_table), db, to=to, dry_run=dry_run, say=out)
    out.finish("migrate", code, dry_run=dry_run)


@app.command()
def status(
    dsn: Optional[str] = _DSN, migrations_dir: Optional[Path] = _MIGRATIONS, baseline: Optional[Path] = _BASELINE,
    tracking_table: Optional[str] = _TRACKING, config: Optional[Path] = _CONFIG,
    output_format: RunnerFormat = _FORMAT,
) -> None:
    """Show each migration: applied, pending, changed since applied, missing from disk, failed. Exit 1 when any
    changed, is missing or failed."""
    from consolidator.runner.status import read

    with _run(dsn, output_format) as (db, out):
        result, heading = read(_project(config, migrations_dir, baseline, tracking_table), db)
        out(heading)
        for line in result.lines():
            out(line)
    migrations = [{"version": e.version, "state": e.state, "note": db.scrub(e.note) if e.note else None,
                   "executed_at": e.row.executed_at.isoformat() if e.row and e.row.executed_at else None}
                  for e in result.entries]
    out.finish("status", 0 if result.ok else 1, ok=result.ok, migrations=migrations)


@app.command()
def repair(
    yes: bool = typer.Option(False, "--yes", help="Do it (without: only say what it would do)."),
    dsn: Optional[str] = _DSN, migrations_dir: Optional[Path] = _MIGRATIONS, baseline: Optional[Path] = _BASELINE,
    tracking_table: Optional[str] = _TRACKING, config: Optional[Path] = _CONFIG,
    output_format: RunnerFormat = _FORMAT,
) -> None:
    """Record the checksums of changed migrations, and forget failed ones, once you have looked at them."""
    from consolidator.runner.repair import repair as run

    with _run(dsn, output_format) as (db, out):
        code = run(_project(config, migrations_dir, baseline, tracking_table), db, yes=yes, say=out)
    out.finish("repair", code, dry_run=not yes)


@app.command()
def rollback(
    steps: Optional[int] = typer.Option(None, "--steps", help="How many of the latest migrations [default: 1]."),
    to: Optional[str] = typer.Option(None, "--to", help="Roll back everything applied after this version."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be rolled back; change nothing."),
    dsn: Optional[str] = _DSN, baseline: Optional[Path] = _BASELINE, tracking_table: Optional[str] = _TRACKING,
    config: Optional[Path] = _CONFIG, output_format: RunnerFormat = _FORMAT,
) -> None:
    """Run the stored rollback_sql of the latest applied migrations, newest first, and remove their rows."""
    from consolidator.runner.rollback import rollback as run

    with _run(dsn, output_format) as (db, out):
        code = run(_project(config, None, baseline, tracking_table), db, steps=steps, to=to, dry_run=dry_run, say=out)
    out.finish("rollback", code, dry_run=dry_run)


@app.command("mark-baseline")
def mark_baseline(
    legacy_dir: Optional[Path] = typer.Argument(None, metavar="LEGACY_DIR", help="The legacy history the database was built from "
                                                "[default: legacy_migrations]."),
    force: bool = typer.Option(False, "--force", help="Record the baseline even when the database differs from it."),
    order: Order = typer.Option(Order.NAME, help="File order of the legacy history, as for build."),
    dsn: Optional[str] = _DSN, baseline: Optional[Path] = _BASELINE, tracking_table: Optional[str] = _TRACKING,
    config: Optional[Path] = _CONFIG, output_format: RunnerFormat = _FORMAT,
) -> None:
    """Record the baseline as applied on a database the legacy history built, if verify finds it the same."""
    from consolidator.runner.mark_baseline import mark_baseline as run

    with _run(dsn, output_format) as (db, out):
        project = _project(config, None, baseline, tracking_table, legacy_dir)
        code = run(project, db, legacy_dir=project.settings.legacy_dir, order=order, force=force, say=out)
    out.finish("mark-baseline", code)
