"""The Typer application the command modules register on, and what they share."""

from __future__ import annotations

import sys

import typer

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


def say(message: str) -> None:
    print(message, file=sys.stderr)


