"""consolidator build."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from consolidator.cli.app import app, leave_for_exit, say
from consolidator.cli.plan_command import LAYOUT_HELP
from consolidator.errors import InputError, OnError, OutputError, Severity
from consolidator.source.discover import Layout, Order
from consolidator.source.layouts.detect import looked_for


class BuildFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def build(
    legacy_dir: Path = typer.Argument(..., metavar="LEGACY_DIR", help="Folder of legacy *.sql migrations."),
    output: Path = typer.Option(Path("output/000_consolidated_baseline.sql"), "--output", "-o",
                                help="Where to write the baseline ('-': standard output)."),
    order: Order = typer.Option(Order.NAME, help="File order: by name, or numeric prefixes as numbers."),
    layout: Optional[Layout] = typer.Option(None, "--layout", help=LAYOUT_HELP),
    on_error: OnError = typer.Option(OnError.FILE, help="A failed statement rolls back its file "
                                           "(file), only itself (statement), or ends the run (stop)."),
    provenance: bool = typer.Option(True, "--provenance/--no-provenance", help="Comment where each object came from."),
    privileges: bool = typer.Option(False, "--privileges", help="Write owners, GRANT/REVOKE, default privileges and "
                                    "the roles (created only where missing); without it the header lists them."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 with a diff if OUTPUT is out of date."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every diagnostic (statements not modelled, "
                                 "files passed over), not only the failures."),
    output_format: BuildFormat = typer.Option(BuildFormat.text, "--format", help="text: a summary on stderr; json: "
                                              "files, diagnostics and counts on stdout (with --check: up_to_date)."),
    tracking_table: Optional[str] = typer.Option(
        None, "--tracking-table", help="Name of the tool's tracking table [default: schema_migrations, or "
        "consolidator_migrations when the history has a table of that name]."),
    max_file_size: str = typer.Option("100MB", "--max-file-size", help="A legacy file larger than this is refused "
                                      "(bytes, or K, M, G)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symlinks that lead out of the "
                                         "legacy folder (refused by default)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Parse every file again: neither read nor write the "
                                  "parse cache ($XDG_CACHE_HOME/consolidator, safe to delete)."),
    no_data: bool = typer.Option(False, "--no-data", help="The schema only: no seed rows."),
    data_only: bool = typer.Option(False, "--data-only", help="Only the seed rows and sequence positions, for a "
                                   "database that has the schema (no tracking table; as with pg_dump --data-only, "
                                   "its triggers and foreign key cycles must be disabled while they load)."),
) -> None:
    """Replay LEGACY_DIR into the model and write the consolidated baseline."""
    from consolidator.build import build as run_build, build_report
    from consolidator.outputs import diff_against, display_name, is_stdout, write_output

    if check and is_stdout(output):
        raise OutputError("--check compares the baseline with the file -o names: it cannot be used with -o -")
    as_json = output_format is BuildFormat.json
    if as_json and is_stdout(output):
        raise OutputError("--format json prints the report on standard output: the baseline needs a file (-o FILE)")
    from consolidator.source.limits import Limits, parse_size

    if no_data and data_only:
        raise InputError("--no-data and --data-only cannot be used together")
    limits = Limits(max_file_size=parse_size(max_file_size), follow_symlinks=follow_symlinks)
    from consolidator.parse.cache import ParseCache

    cache = None if no_cache else ParseCache()
    options = dict(order=order, on_error=on_error, provenance=provenance, tracking_table=tracking_table, layout=layout,
                   privileges=privileges, content="schema" if no_data else "data" if data_only else "all")
    if check and cache is not None and not as_json and _unchanged(legacy_dir, output, cache, limits, options):
        if not quiet:
            say(f"{output} is up to date")
        return
    result = run_build(legacy_dir, limits=limits, cache=cache, **options)
    leave_for_exit(result)
    if not result.sources.migrations:
        skipped = len(result.sources.skipped)
        raise InputError(f"no migration files in {legacy_dir} (looked for {looked_for(result.sources.layout)}"
                         + (f"; passed over {skipped} other entries: `consolidator plan` says why" if skipped else "")
                         + ")")
    if cache is not None and result.sources.migrations:
        from consolidator.build import build_key

        cache.record_build(build_key(result.sources, legacy_dir, **options), _sha256(result.sql.encode("utf-8")))
    report = build_report(result, display_name(output), on_error=on_error) if as_json else None
    if check:
        diff = diff_against(output, result.sql)
        if as_json:
            sys.stdout.write(json.dumps({**report, "up_to_date": not diff}, indent=2, ensure_ascii=False) + "\n")
            raise typer.Exit(1 if diff else 0)
        if diff:
            sys.stdout.write(diff)
            say(f"{output} is out of date: run `consolidator build {legacy_dir} -o {output}`")
            raise typer.Exit(1)
        if not quiet:
            say(f"{output} is up to date")
        return
    write_output(output, result.sql)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    elif not quiet:
        summary(result, display_name(output), verbose)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _unchanged(legacy_dir: Path, output: Path, cache, limits, options: dict) -> bool:
    """True when a build of exactly these inputs (files, options, the tool itself) wrote what OUTPUT holds now:
    `--check` then needs no replay. Anything else (no record, another file, an unreadable one) builds as usual."""
    from consolidator.build import build_key
    from consolidator.outputs import read_current
    from consolidator.source.discover import discover

    sources = discover(legacy_dir, options["order"], options["layout"], limits)
    if not sources.migrations:
        return False
    recorded = cache.built(build_key(sources, legacy_dir, **options))
    return recorded is not None and _sha256(read_current(output).encode("utf-8")) == recorded


def summary(result, output: Path, verbose: bool = False) -> None:
    counts = result.counts()
    say(f"wrote {output}: {len(result.catalog.tables)} tables, {len(result.catalog.indexes)} indexes, "
         f"{len(result.catalog.sequences)} sequences, {len(result.catalog.types)} types")
    say("replay: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for d in result.diagnostics:
        if verbose or d.severity is Severity.ERROR:
            say(f"  {d}")
    outside = [f for f in result.replay.files if f.outside_transaction]
    if outside:
        say(f"  {len(outside)} files run statement by statement, outside a transaction (listed in the baseline's "
            "header)")
    not_modelled = [d for d in result.diagnostics if d.code == "not-modelled"]
    if not_modelled and not verbose:
        say(f"  {len(not_modelled)} statements not modelled yet (listed in the baseline's header)")
