"""consolidator verify."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from consolidator.cli.app import app, say
from consolidator.cli.plan_command import LAYOUT_HELP
from consolidator.errors import ConsolidatorError, OnError
from consolidator.source.discover import Layout, Order


class FormatOption(str, Enum):
    text = "text"
    json = "json"


@app.command()
def verify(
    legacy_dir: Optional[Path] = typer.Argument(None, metavar="LEGACY_DIR", help="Folder of legacy *.sql migrations [default: legacy_migrations]."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline file to check [default: compile LEGACY_DIR]."),
    dsn: Optional[str] = typer.Option(None, "--dsn", help="Compare this live database (read-only) with the baseline: "
                                      "a drift report. Any libpq conninfo or URI."),
    output_format: FormatOption = typer.Option(FormatOption.text, "--format", help="Report as text or json."),
    keep: bool = typer.Option(False, "--keep", help="Keep the throwaway server and its databases, and say how to reach them."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    privileges: bool = typer.Option(False, "--privileges", help="Compare owners and grants too."),
    order: Order = typer.Option(Order.NAME, help="File order: by name, or numeric prefixes as numbers."),
    layout: Optional[Layout] = typer.Option(None, "--layout", help=LAYOUT_HELP),
    on_error: OnError = typer.Option(OnError.FILE, help="The replay's on-error policy, as for build."),
) -> None:
    """Prove on a throwaway PostgreSQL that the baseline builds the same database as LEGACY_DIR, or report a live database's drift (--dsn).

    Exit status: 0 equivalent, 1 differences found, 2 could not run.
    """
    from consolidator.verify.progress import progress_display
    from consolidator.verify.run import VerifyOptions, verify as run_verify

    options = VerifyOptions(legacy_dir=legacy_dir, baseline=baseline, dsn=dsn, privileges=privileges,
                            order=order, layout=layout, on_error=on_error, keep=keep)
    try:
        with progress_display(enabled=not quiet and sys.stderr.isatty()) as progress:
            report = run_verify(options, progress)
    except ConsolidatorError as e:
        say(f"consolidator: error: {e}")
        raise typer.Exit(2)
    sys.stdout.write(report.to_json() if output_format is FormatOption.json else report.to_text())
    raise typer.Exit(report.exit_code)
