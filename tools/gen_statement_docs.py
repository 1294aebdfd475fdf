#!/usr/bin/env python3
"""Write docs/statements.md: every statement kind of PostgreSQL 15's grammar (pglast's nodes), and what the replay
does with it — the handler that models it (or keeps it as its statement), or "reported" (not modelled: the build
lists each such statement with file:line and the file is not trusted). Generated from the handler registries.

    .venv/bin/python tools/gen_statement_docs.py           # rewrite docs/statements.md
    .venv/bin/python tools/gen_statement_docs.py --check   # exit 1 if docs/statements.md is out of date
"""

from __future__ import annotations

import importlib
import os
import sys

import generated_file  # tools/: the script's folder is on sys.path

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "docs", "statements.md")
# The nodes many object kinds share: the replay finds their handler by (node, object type).
SHARED = ("DropStmt", "RenameStmt", "AlterObjectSchemaStmt", "AlterOwnerStmt", "DefineStmt")


def _label(key: object) -> str:
    if isinstance(key, tuple):
        return f"{key[0]} {key[1].removeprefix('OBJECT_')}"
    return str(key)


def _summary(module_name: str) -> str:
    doc = (importlib.import_module(module_name).__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def render() -> str:
    from pglast import ast, enums

    import consolidator.replay.handlers  # noqa: F401  (registers the handlers)
    from consolidator.replay.registry import ALTER_TABLE, STATEMENTS

    keys = STATEMENTS.keys()
    by_module: dict[str, list[object]] = {}
    for key in keys:
        by_module.setdefault(STATEMENTS.get(key).__module__, []).append(key)
    out = ["# Statements: what the replay does with each kind\n",
           "Generated from the handler registries by `tools/gen_statement_docs.py`; do not edit by hand "
           "(`tests/replay/test_statement_docs.py` checks it is current).\n",
           "Each statement of a legacy file is *modelled* (applied to the model with PostgreSQL 15's rules and "
           "SQLSTATEs; the objects \"kept as their statements\" are opaque: the model knows their name, "
           "dependencies and drop / rename rules and emits their statements), or *reported*: not modelled, listed "
           "with `file:line` in the baseline's header and the build's report, never dropped silently. A form a "
           "handler cannot represent is reported too, with its reason (the handler's description says which).\n",
           "## Modelled, by handler\n"]
    for module in sorted(by_module):
        handled = ", ".join(f"`{_label(k)}`" for k in sorted(by_module[module], key=_label))
        out.append(f"- **{module.removeprefix('consolidator.replay.')}** ({handled}): {_summary(module)}")
    out.append("")
    alter = sorted(t.name for t in enums.AlterTableType if t in ALTER_TABLE.keys())
    out.append(f"ALTER TABLE sub-commands modelled ({len(alter)}): " + ", ".join(f"`{a}`" for a in alter) + ".\n")
    out.append("## Reported (not modelled)\n")
    nodes = sorted(n for n in dir(ast) if n.endswith("Stmt") and isinstance(getattr(ast, n), type))
    plain = [n for n in nodes if n not in SHARED and n not in keys]
    out.append("Statement kinds: " + ", ".join(f"`{n}`" for n in plain) + ".\n")
    out.append("Of the statements many object kinds share (" + ", ".join(f"`{n}`" for n in SHARED) + "), every "
               "object type not listed under its handler above; of ALTER TABLE, every sub-command not listed above.")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    return generated_file.main(__doc__.splitlines()[0], DEFAULT_OUT, render, "tools/gen_statement_docs.py", argv)


if __name__ == "__main__":
    sys.exit(main())
