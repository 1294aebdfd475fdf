"""consolidator plan: which layout a legacy folder is read in, the order its files are applied in, and every file
left out with the reason. Reads the folder only: nothing is replayed."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from consolidator.cli.app import app
from consolidator.source.discover import Layout, Order

LAYOUT_HELP = "The migration tool whose layout LEGACY_DIR is in [default: detected]."


class PlanFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("plan")
def plan_command(
    legacy_dir: Path = typer.Argument(Path("legacy_migrations"), metavar="LEGACY_DIR",
                                     help="Folder of legacy migrations."),
    layout: Optional[Layout] = typer.Option(None, "--layout", help=LAYOUT_HELP),
    order: Order = typer.Option(Order.NAME,
                                help="File order of the flat layout: by name, or numeric prefixes as numbers."),
    output_format: PlanFormat = typer.Option(PlanFormat.text, "--format", help="text, or json for tools."),
) -> None:
    """Print the layout LEGACY_DIR is read in, its files in apply order, and each file left out with the reason."""
    from consolidator.source.discover import discover

    sources = discover(legacy_dir, order, layout)
    if output_format is PlanFormat.json:
        from consolidator.outputs import json_document

        print(json_document({
            "layout": sources.layout, "detected": layout is None,
            "files": [{"name": s.name, "version": s.version, "sha256": s.sha256, "transaction": s.transaction}
                      for s in sources.migrations],
            "left_out": [{"name": s.name, "reason": s.reason} for s in sources.skipped],
            "notes": [{"where": n.name, "note": n.reason} for n in sources.notes],
            "duplicate_versions": sources.duplicate_versions,
        }), end="")
        return
    print(f"layout: {sources.layout} ({'forced' if layout is not None else 'detected'})")
    print(f"apply order ({len(sources.migrations)} files):")
    width = len(str(len(sources.migrations)))
    for index, source in enumerate(sources.migrations, start=1):
        version = f"  version {source.version}" if source.version is not None else ""
        transaction = "" if source.transaction else "  (outside a transaction)"
        print(f"  {index:>{width}}. {source.name}{version}{transaction}")
    print(f"left out ({len(sources.skipped)} files):")
    for skipped in sources.skipped:
        print(f"  {skipped.name}: {skipped.reason}")
    if sources.notes:
        print(f"notes ({len(sources.notes)}): parts not replayed, run-time choices not modelled")
        for note in sources.notes:
            print(f"  {note.name}: {note.reason}")
    if sources.duplicate_versions:
        print("versions shared by several files (all applied, in this order):")
        for version, names in sources.duplicate_versions.items():
            print(f"  version {version}: {', '.join(names)}")
