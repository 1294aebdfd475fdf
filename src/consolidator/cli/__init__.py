"""The command line: thin. Parses options, calls one function, prints, picks the exit code.

Each command is a module registering on the one Typer app (cli/app.py), imported when that command is looked up;
nothing else imports this package.
Exit status: 0 done, 1 a check found differences, 2 the tool could not run (one line on stderr saying why).
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import typer
from typer._click import exceptions as click  # typer ships its own click since 0.20

from consolidator.cli.app import app, say as _say
from consolidator.cli.defaults import default_map
from consolidator.errors import ConsolidatorError

__all__ = ["app", "console", "main"]


def console() -> None:
    """The `consolidator` command: `main`, then an exit that leaves the freeing of the process's objects to the
    operating system (the model of a 5,000-table history took half a second to free, one object at a time),
    once standard output and error are flushed and when nothing is registered to run at exit."""
    import atexit

    from consolidator.cli import app as app_module

    app_module.left_for_exit = []
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code
    pending = getattr(atexit, "_ncallbacks", lambda: 1)()  # CPython's count; elsewhere assume there is some
    if not isinstance(code, int) or pending:  # a message to print, or cleanup to run: the usual way
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: let the usual exit report it
        sys.exit(code)
    os._exit(code)


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: every failure is one line on stderr and an exit status, never a traceback."""
    try:
        command = typer.main.get_command(app)
        defaults = default_map(command, command.make_context("consolidator", [], resilient_parsing=True))
        status = command.main(args=argv, prog_name="consolidator", standalone_mode=False, default_map=defaults)
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

