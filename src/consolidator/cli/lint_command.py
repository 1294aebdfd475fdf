"""consolidator lint."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from consolidator.cli.app import app


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, metavar="PATH", help="Migration files or folders [default: the migrations folder]."),
    output_format: LintFormat = typer.Option(LintFormat.text, "--format", help="text, json, or GitHub annotations."),
    migrations_dir: Optional[Path] = typer.Option(None, "--migrations-dir", help="Folder of migrations [default: migrations]."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="The baseline the model starts from "
                                            "[default: output/000_consolidated_baseline.sql when present]."),
    legacy_dir: Optional[Path] = typer.Option(None, "--legacy-dir", help="Without a baseline: the legacy history the "
                                              "model starts from."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file [default: consolidator.toml when present]."),
) -> None:
    """Check migrations before they run: parse errors, missing or wrong downs, conflicts with the model, destructive
    and long-locking statements, versions and requirements. Exit 1 when a rule fails."""
    from consolidator.runner import config as settings, project
    from consolidator.runner.lint.report import FORMATS
    from consolidator.runner.lint.run import lint as run

    loaded = project.load(settings.load(config, migrations_dir=migrations_dir, baseline=baseline, legacy_dir=legacy_dir))
    result = run(loaded, list(paths or []))
    sys.stdout.write(FORMATS[output_format.value](result))
    raise typer.Exit(result.exit_code)
