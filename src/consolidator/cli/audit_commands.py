"""consolidator audit, blame, graph, diff, model: the reviewer's questions, answered from the replay."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from consolidator.cli.app import app, say
from consolidator.errors import OnError
from consolidator.source.discover import Order

DEFAULT_LEGACY = Path("legacy_migrations")


class AuditFormat(str, Enum):
    md = "md"
    json = "json"


class BlameFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


class ModelFormat(str, Enum):
    json = "json"


def write(text: str, output: Optional[Path], quiet: bool = False) -> None:
    """Every file these commands write goes through here; without OUTPUT the text goes to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from consolidator.outputs import display_name, is_stdout, write_output

    write_output(output, text)
    if not quiet and not is_stdout(output):
        say(f"wrote {display_name(output)}")


_LEGACY = typer.Argument(None, metavar="LEGACY_DIR", help=f"Folder of legacy *.sql migrations [default: {DEFAULT_LEGACY}].")
_OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout.")
_ORDER = typer.Option(Order.NAME, help="File order: by name, or numeric prefixes as numbers.")
_ON_ERROR = typer.Option(OnError.FILE, help="The replay's on-error policy, as for build.")
_QUIET = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")


@app.command()
def audit(legacy_dir: Optional[Path] = _LEGACY,
          output_format: AuditFormat = typer.Option(AuditFormat.md, "--format", help="Markdown for people, JSON for tools."),
          output: Optional[Path] = _OUTPUT, order: Order = _ORDER, on_error: OnError = _ON_ERROR,
          quiet: bool = _QUIET) -> None:
    """The migration audit of LEGACY_DIR: duplicates, fix migrations, conflicts, file problems, failures, guarded
    blocks, inventory, dependencies and risks, all computed from the replay."""
    from consolidator.audit.history import compile_history
    from consolidator.audit.report import Report

    report = Report(compile_history(legacy_dir or DEFAULT_LEGACY, order, on_error))
    write(report.to_json() if output_format is AuditFormat.json else report.to_markdown(), output, quiet)


@app.command()
def blame(target: str = typer.Argument(..., metavar="TARGET", help="TABLE, TABLE.COLUMN, TABLE.CONSTRAINT, TABLE.TRIGGER, an index, "
                                                 "sequence, type, view, function (name or name(argument types)) or "
                                                 "policy (schema-qualified if not in public)."),
          legacy: Path = typer.Option(DEFAULT_LEGACY, "--legacy", help="Folder of legacy *.sql migrations."),
          order: Order = _ORDER, on_error: OnError = _ON_ERROR,
          output_format: BlameFormat = typer.Option(BlameFormat.text, "--format", help="text, or json for tools.")
          ) -> None:
    """The history of one object through its renames: each statement that created, altered, renamed or dropped it,
    the definition after each file, and the definition in the baseline."""
    from consolidator.audit.blame import blame as run_blame
    from consolidator.audit.history import compile_history
    from consolidator.outputs import json_document

    found = run_blame(compile_history(legacy, order, on_error), target)
    sys.stdout.write(json_document({"target": found.target, "kind": found.kind, "names": found.names,
                                    "lines": found.lines}) if output_format is BlameFormat.json else found.to_text())


@app.command()
def graph(legacy_dir: Optional[Path] = _LEGACY,
          output_format: GraphFormat = typer.Option(GraphFormat.mermaid, "--format", help="mermaid, dot or json."),
          output: Optional[Path] = _OUTPUT, order: Order = _ORDER, on_error: OnError = _ON_ERROR,
          quiet: bool = _QUIET) -> None:
    """The dependency graph of the baseline's tables, sequences, types and functions, with cycles marked."""
    from consolidator.audit import graph_render
    from consolidator.audit.graph import schema_graph
    from consolidator.build import build

    result = build(legacy_dir or DEFAULT_LEGACY, order=order, on_error=on_error)
    g = schema_graph(result.catalog, result.plan.tables)
    render = {GraphFormat.mermaid: graph_render.to_mermaid, GraphFormat.dot: graph_render.to_dot,
              GraphFormat.json: graph_render.to_json}[output_format]
    write(render(g), output, quiet)


@app.command()
def diff(legacy_dir: Optional[Path] = _LEGACY,
         against: str = typer.Option("HEAD", "--against", help="The git revision to compare the working tree with."),
         output_format: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text, md (a pull-request "
                                                  "comment) or json (for bots)."),
         output: Optional[Path] = _OUTPUT, order: Order = _ORDER, on_error: OnError = _ON_ERROR,
         quiet: bool = _QUIET) -> None:
    """What changed in the model between LEGACY_DIR at revision --against and LEGACY_DIR in the working tree."""
    from consolidator.audit.diff import diff as run_diff

    result = run_diff(legacy_dir or DEFAULT_LEGACY, against, order, on_error)
    render = {DiffFormat.text: result.to_text, DiffFormat.md: result.to_markdown, DiffFormat.json: result.to_json}
    write(render[output_format](), output, quiet)


@app.command()
def model(legacy_dir: Optional[Path] = _LEGACY,
          output_format: ModelFormat = typer.Option(ModelFormat.json, "--format", help="json (the only format)."),
          output: Optional[Path] = _OUTPUT, order: Order = _ORDER, on_error: OnError = _ON_ERROR,
          quiet: bool = _QUIET) -> None:
    """The whole catalog the replay builds, with each object's provenance, as JSON."""
    from consolidator.audit.model_json import model_json
    from consolidator.build import build

    folder = legacy_dir or DEFAULT_LEGACY
    write(model_json(build(folder, order=order, on_error=on_error), folder.name or str(folder)), output, quiet)
