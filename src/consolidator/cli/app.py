"""The Typer application the command modules register on, and what they share."""

from __future__ import annotations

import sys
from importlib import metadata

import typer

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Compile a messy PostgreSQL migration history into one equivalent, reviewed baseline.",
)


def _version(value: bool) -> None:
    if value:
        print(f"consolidator {metadata.version('consolidator')}")
        raise typer.Exit(0)


@app.callback()
def _commands(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Compile a messy PostgreSQL migration history into one equivalent, reviewed baseline."""


def say(message: str) -> None:
    print(message, file=sys.stderr)


