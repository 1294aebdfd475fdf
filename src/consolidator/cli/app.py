"""The Typer application the command modules register on, and what they share.

A command's module is imported only when that command is looked up (it runs, or a help text lists it): `build`
loads neither the runner, verify nor the audit, nor their libraries.
"""

from __future__ import annotations

import importlib
import sys

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperArgument, TyperCommand, TyperGroup

# Every command, in the order `--help` lists them, and the module that registers it on `app`.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("audit", "blame", "graph", "diff", "model"), "audit_commands"),
    "plan": "plan_command",
    "build": "build_command",
    "lint": "lint_command",
    **dict.fromkeys(("new", "migrate", "status", "repair", "rollback", "mark-baseline"), "runner_commands"),
    "verify": "verify_command",
}


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


class Group(TyperGroup):
    """The commands of COMMANDS, each made from its module when first asked for."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"consolidator.cli.{COMMANDS[cmd_name]}")
            info = next(i for i in app.registered_commands
                        if (i.name or typer.main.get_command_name(i.callback.__name__)) == cmd_name)
            self.commands[cmd_name] = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click_exceptions.UsageError:
            for name in COMMANDS:  # "Did you mean ...?" is picked among the commands made so far: make them all
                self.get_command(ctx, name)
            return super().resolve_command(ctx, args)


class Typer(typer.Typer):
    """Every command registered on the app uses Command, whichever module adds it."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = Typer(
    cls=Group,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Compile a messy PostgreSQL migration history into one equivalent, reviewed baseline.",
)


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

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


# Set by the console entry point (consolidator.cli.console): what a command built is left here for the process's
# exit instead of being freed object by object when the command returns. None in-process (tests, embedding).
left_for_exit: list | None = None


def leave_for_exit(obj: object) -> None:
    if left_for_exit is not None:
        left_for_exit.append(obj)


