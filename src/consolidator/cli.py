"""The command line: thin. Parses options, calls one function, prints, picks the exit code.

Exit status: 0 done, 1 a check found differences, 2 the tool could not run (one line on stderr saying why).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer._click import exceptions as click  # typer ships its own click since 0.20

from consolidator.errors import ConsolidatorError, OnError, Severity
from consolidator.source.discover import Order

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Compile a messy PostgreSQL migration history into one equivalent, reviewed baseline.",
)


@app.callback()
def _commands() -> None:
    """Compile a messy PostgreSQL migration history into one equivalent, reviewed baseline."""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


@app.command()
def build(
    legacy_dir: Path = typer.Argument(..., help="Folder of legacy *.sql migrations."),
    output: Path = typer.Option(Path("output/000_consolidated_baseline.sql"), "--output", "-o",
                                help="Where to write the baseline."),
    order: Order = typer.Option(Order.NAME, help="File order: by name, or numeric prefixes as numbers."),
    on_error: OnError = typer.Option(OnError.FILE, help="A failed statement rolls back its file "
                                           "(file), only itself (statement), or ends the run (stop)."),
    provenance: bool = typer.Option(True, "--provenance/--no-provenance", help="Comment where each object came from."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 with a diff if OUTPUT is out of date."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Replay LEGACY_DIR into the model and write the consolidated baseline."""
    from consolidator.build import build as run_build, diff_against, write_atomically

    result = run_build(legacy_dir, order=order, on_error=on_error, provenance=provenance)
    if check:
        diff = diff_against(output, result.sql)
        if diff:
            sys.stdout.write(diff)
            _say(f"{output} is out of date: run `consolidator build {legacy_dir} -o {output}`")
            raise typer.Exit(1)
        if not quiet:
            _say(f"{output} is up to date")
        return
    write_atomically(output, result.sql)
    if not quiet:
        _summary(result, output)


def _summary(result, output: Path) -> None:
    counts = result.counts()
    _say(f"wrote {output}: {len(result.catalog.tables)} tables, {len(result.catalog.indexes)} indexes, "
         f"{len(result.catalog.sequences)} sequences, {len(result.catalog.types)} types")
    _say("replay: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for d in result.diagnostics:
        if d.severity is Severity.ERROR:
            _say(f"  {d}")
    not_modelled = [d for d in result.diagnostics if d.code == "not-modelled"]
    if not_modelled:
        _say(f"  {len(not_modelled)} statements not modelled yet (listed in the baseline's header)")


class FormatOption(str, Enum):
    text = "text"
    json = "json"


@app.command()
def verify(
    legacy_dir: Optional[Path] = typer.Argument(None, help="Folder of legacy *.sql migrations [default: legacy_migrations]."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline file to check [default: compile LEGACY_DIR]."),
    dsn: Optional[str] = typer.Option(None, "--dsn", help="Compare this live database (read-only) with the baseline: "
                                      "a drift report. Any libpq conninfo or URI."),
    output_format: FormatOption = typer.Option(FormatOption.text, "--format", help="Report as text or json."),
    keep: bool = typer.Option(False, "--keep", help="Keep the throwaway server and its databases, and say how to reach them."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    privileges: bool = typer.Option(False, "--privileges", help="Compare owners and grants too."),
    order: Order = typer.Option(Order.NAME, help="File order: by name, or numeric prefixes as numbers."),
    on_error: OnError = typer.Option(OnError.FILE, help="The replay's on-error policy, as for build."),
) -> None:
    """Prove on a throwaway PostgreSQL that the baseline builds the same database as LEGACY_DIR, or report a live database's drift (--dsn).

    Exit status: 0 equivalent, 1 differences found, 2 could not run.
    """
    from consolidator.verify.progress import progress_display
    from consolidator.verify.run import VerifyOptions, verify as run_verify

    options = VerifyOptions(legacy_dir=legacy_dir, baseline=baseline, dsn=dsn, privileges=privileges,
                            order=order, on_error=on_error, keep=keep)
    try:
        with progress_display(enabled=not quiet and sys.stderr.isatty()) as progress:
            report = run_verify(options, progress)
    except ConsolidatorError as e:
        _say(f"consolidator: error: {e}")
        raise typer.Exit(2)
    sys.stdout.write(report.to_json() if output_format is FormatOption.json else report.to_text())
    raise typer.Exit(report.exit_code)


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: every failure is one line on stderr and an exit status, never a traceback."""
    try:
        status = app(args=argv, prog_name="consolidator", standalone_mode=False)
        if status == 130:  # typer turns Ctrl-C into this status when not standalone
            _say("consolidator: interrupted")
        sys.exit(status if isinstance(status, int) else 0)
    except ConsolidatorError as e:
        _say(f"consolidator: error: {e}")
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        _say("consolidator: interrupted")
        sys.exit(130)
    except click.NoArgsIsHelpError as e:
        print(e.ctx.get_help() if e.ctx else "usage: consolidator COMMAND [OPTIONS]")
        sys.exit(0)
    except click.UsageError as e:
        _say(f"consolidator: error: {e.format_message()}")
        sys.exit(2)
    except click.ClickException as e:
        _say(f"consolidator: error: {e.format_message()}")
        sys.exit(2)
    except KeyboardInterrupt:
        _say("consolidator: interrupted")
        sys.exit(130)
    except RecursionError:
        _say("consolidator: error: input nested too deeply to process")
        sys.exit(2)
    except MemoryError:
        _say("consolidator: error: out of memory")
        sys.exit(2)
    except Exception as e:  # noqa: BLE001  (a defect of the tool: one line, never a traceback)
        if os.environ.get("CONSOLIDATOR_DEBUG"):
            raise
        _say(f"consolidator: internal error: {type(e).__name__}: {e} (set CONSOLIDATOR_DEBUG=1 for the traceback)")
        sys.exit(2)


if __name__ == "__main__":
    main()
