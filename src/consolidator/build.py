"""The build use case: legacy folder → replay → baseline text. The CLI and verify both call `build`.

Writing the text (a file, atomically, or stdout) and `--check`'s diff are `consolidator.outputs`."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path

from consolidator.emit.baseline import Header, render_baseline
from consolidator.errors import Diagnostic, OnError, Severity
from consolidator.model import tracking
from consolidator.model.catalog import Catalog
from consolidator.order.plan import Plan, plan as make_plan
from consolidator.parse.cache import ParseCache
from consolidator.parse.includes import input_fingerprint
from consolidator.replay.engine import ReplayResult, replay
from consolidator.source.discover import Layout, Order, Sources, discover
from consolidator.source.limits import Limits


@dataclass
class BuildResult:
    sources: Sources
    replay: ReplayResult
    plan: Plan
    sql: str

    @property
    def catalog(self) -> Catalog:
        return self.replay.catalog

    @property
    def failed_files(self) -> dict[str, Diagnostic]:
        return self.replay.failed_files

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.replay.diagnostics

    def not_modelled_kinds(self) -> set[str]:
        """The statement kinds ('CreateTrigStmt', 'DropStmt:OBJECT_TRIGGER', ...) that ran but are not modelled."""
        return {e.kind for e in self.replay.events if e.status == "not-modelled"}

    def counts(self) -> dict[str, int]:
        r = self.replay
        return {
            "files replayed": len(self.sources.migrations),
            "failed files": len(r.failed_files),
            "files skipped": len(self.sources.skipped),
            "statements applied": r.count("applied"),
            "not modelled": r.count("not-modelled"),
            "failed": r.count("failed"),
            "rolled back": r.count("rolled-back"),
        }


def build(folder: str | Path, *, order: Order = Order.NAME, on_error: OnError = OnError.FILE,
          provenance: bool = True, tracking_table: str | None = None, layout: Layout | None = None,
          limits: Limits | None = None, cache: ParseCache | None = None) -> BuildResult:
    """`cache`: parse results kept by file content (`consolidator.parse.cache`); None parses every file."""
    # The replay allocates many short-lived objects and few cycles, while the parse trees and the catalog stay:
    # with Python's default thresholds the collector rescans them all the time (a fifth of the CPU on 2,000 tables
    # in one file; 2% more memory with these).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        return _build(folder, order=order, on_error=on_error, provenance=provenance, tracking_table=tracking_table,
                      layout=layout, limits=limits, cache=cache)
    finally:
        gc.set_threshold(*thresholds)


def _build(folder: str | Path, *, order: Order, on_error: OnError, provenance: bool, tracking_table: str | None,
           layout: Layout | None, limits: Limits | None, cache: ParseCache | None) -> BuildResult:
    sources = discover(folder, order, layout, limits)
    result = replay(sources, on_error, cache=cache)
    plan = make_plan(result.catalog)
    failed = [f"{d.span}: [{d.sqlstate}] {d.message}" for d in result.diagnostics if d.severity is Severity.ERROR]
    not_modelled = [f"{d.span}: {d.message}" for d in result.diagnostics if d.code == "not-modelled"]
    skipped = [f"{s.name}: {s.reason}" for s in sources.skipped]
    outside = [f"{f.name}: {f.outside_transaction}" for f in result.files if f.outside_transaction]
    header = Header(
        source=Path(folder).name or str(folder),
        fingerprint=input_fingerprint(sources),  # the included files too
        counts={},
        tracking=tracking.choose(result.catalog.tables, tracking_table),
        sections=[
            ("Rejected by the server, so left out "
             + ("(each statement alone)" if on_error is OnError.STATEMENT else "(each of these files rolled back whole)"),
             failed),
            ("Run statement by statement, outside a transaction, as their tools run them", outside),
            ("Ran on the server but not modelled yet, so left out of this baseline", not_modelled),
            ("Files sharing a version number (all applied, in this order)",
             [f"version {v}: {', '.join(names)}" for v, names in sources.duplicate_versions.items()]),
            ("Not migrations, never replayed", skipped),
        ],
    )
    built = BuildResult(sources=sources, replay=result, plan=plan, sql="")
    header.counts = built.counts()
    built.sql = render_baseline(plan, header, provenance=provenance)
    return built


def build_key(sources: Sources, folder: str | Path, *, order: Order = Order.NAME, on_error: OnError = OnError.FILE,
              provenance: bool = True, tracking_table: str | None = None, layout: Layout | None = None) -> str:
    """A sha256 of everything the baseline text depends on: the discovered files (names, checksums, what was passed
    over, the layout), the included files, the options, and the tool itself (its whole source and data, pglast's
    and Python's versions). Two builds with the same key write the same bytes."""
    import json
    import sys

    import pglast

    h = hashlib.sha256()
    described = sources.model_dump(mode="json", exclude={"migrations": {"__all__": {"data"}}})
    options = {"source": Path(folder).name or str(folder), "order": str(order), "on_error": str(on_error),
               "provenance": provenance, "tracking_table": tracking_table, "layout": str(layout),
               "included": input_fingerprint(sources), "pglast": pglast.__version__, "python": sys.version}
    h.update(json.dumps([described, options], sort_keys=True, default=str).encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".jsonl") and path.is_file():
            h.update(f"\0{path.relative_to(package)}\0".encode() + path.read_bytes())
    return h.hexdigest()


JSON_FORMAT_VERSION = 1


def build_report(result: BuildResult, output: str, *, on_error: OnError = OnError.FILE) -> dict:
    """What `build --format json` prints: the files, every diagnostic with its place, and the counts."""
    failed = result.failed_files
    files = [{"name": m.name, "status": "failed" if m.name in failed else "replayed", "sha256": m.sha256,
              # psql -1 semantics: a file is one transaction, except when each statement stands alone
              "transaction": on_error is not OnError.STATEMENT} for m in result.sources.migrations]
    files += [{"name": s.name, "status": "skipped", "sha256": None, "transaction": None}
              for s in result.sources.skipped]
    diagnostics = [{"file": d.span.file if d.span else None, "line": d.span.line if d.span else None,
                    "column": d.span.column if d.span else None, "severity": d.severity.value,
                    "sqlstate": d.sqlstate, "code": d.code, "message": d.message} for d in result.diagnostics]
    return {"format_version": JSON_FORMAT_VERSION, "output": output, "layout": result.sources.layout, "files": files,
            "diagnostics": diagnostics, "counts": {k.replace(" ", "_"): v for k, v in result.counts().items()}}
