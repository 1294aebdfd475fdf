#!/usr/bin/env python3
"""Write docs/cli.md from the command line's own help texts.

    .venv/bin/python tools/gen_cli_docs.py           # rewrite docs/cli.md
    .venv/bin/python tools/gen_cli_docs.py --check   # exit 1 if docs/cli.md is not what the help texts say
"""

from __future__ import annotations

import os
import sys

import generated_file  # tools/: the script's folder is on sys.path

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "docs", "cli.md")
WIDTH = 100  # fixed, so the file does not depend on the terminal it was generated in


def render() -> str:
    import typer

    from consolidator.cli import app

    root = typer.main.get_command(app)
    parts = ["# Command line reference\n",
             "Generated from the help texts by `tools/gen_cli_docs.py`; do not edit by hand "
             "(`tests/test_cli_docs.py` checks it is current).\n"]
    top = root.make_context("consolidator", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH)
    parts.append(_section("consolidator", top.get_help()))
    for name in root.list_commands(top):
        command = root.get_command(top, name)
        if command is None or command.hidden:
            continue
        ctx = command.make_context(name, [], parent=top, resilient_parsing=True,
                                   terminal_width=WIDTH, max_content_width=WIDTH)
        parts.append(_section(f"consolidator {name}", ctx.get_help()))
    return "\n".join(parts)


def _section(title: str, help_text: str) -> str:
    return f"## {title}\n\n```text\n{help_text.rstrip()}\n```\n"


def main(argv: list[str] | None = None) -> int:
    return generated_file.main(__doc__.splitlines()[0], DEFAULT_OUT, render, "tools/gen_cli_docs.py", argv)


if __name__ == "__main__":
    sys.exit(main())
