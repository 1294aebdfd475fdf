"""The Typer application the command modules register on, and what they share."""

from __future__ import annotations

import sys
from importlib import metadata

import typer
from typer.core import TyperArgument, TyperCommand


class Command(TyperCommand):
    """Usage lines that name arguments as the help text does: `build [OPTIONS] LEGACY_DIR`, not `{legacy_dir}`."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if not isinstance(param, TyperArgument):
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar or param.name.upper()
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces


class Typer(typer.Typer):
    """Every command registered on the app uses Command, whichever module adds it."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = Typer(
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


