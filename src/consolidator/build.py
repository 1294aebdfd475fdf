"""The build use case: legacy folder → replay → baseline text. The CLI and verify both call `build`.

Writing the text (a file, atomically, or stdout) and `--check`'s diff are `consolidator.outputs`."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from consolidator.errors import Diagnostic, OnError, Severity
from consolidator.parse.cache import ParseCache
from consolidator.parse.includes import input_fingerprint
from consolidator.source.discover import Layout, Order, Sources, discover
from consolidator.source.limits import Limits

if TYPE_CHECKING:
    from consolidator.model.catalog import Catalog
    from consolidator.order.plan import Plan
    from consolidator.replay.engine import ReplayResult


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

    def privileges_left_out(self) -> list[str]:
        """The owners, privileges and roles the baseline lacks (built without --privileges), as its header lists them."""
        from consolidator.emit.privileges import privileges_sql

        return privileges_sql(self.catalog, emit=False).left_out

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
          limits: Limits | None = None, privileges: bool = False, content: str = "all",
          cache: ParseCache | None = None) -> BuildResult:
    """`content`: "all", "schema" (--no-data) or "data" (--data-only); see emit/baseline.py. `cache`: parse results
    kept by file content (`consolidator.parse.cache`); None parses every file."""
    # The replay allocates many short-lived objects and few cycles, while the parse trees and the catalog stay:
    # with Python's default thresholds the collector rescans them all the time (a fifth of the CPU on 2,000 tables
    # in one file; 2% more memory with these).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        return _build(folder, order=order, on_error=on_error, provenance=provenance, tracking_table=tracking_table,
                      layout=layout, limits=limits, privileges=privileges, content=content, cache=cache)
    finally:
        gc.set_threshold(*thresholds)


def _build(folder: str | Path, *, order: Order, on_error: OnError, provenance: bool, tracking_table: str | None,
           layout: Layout | None, limits: Limits | None, privileges: bool, content: str,
           cache: ParseCache | None) -> BuildResult:
    # here, not at the top: `build --check` on unchanged inputs needs only build_key, not the replay and emit
    from consolidator.emit.baseline import Header, render_baseline
    from consolidator.emit.privileges import header_lines, privileges_sql
    from consolidator.model import tracking
    from consolidator.model.names import render_key
    from consolidator.order.plan import plan as make_plan, rows_left_out
    from consolidator.replay.engine import replay

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
            ("Seed values known only when the baseline runs (written as the expression that computes them)",
             volatile_columns(result.catalog)),
            ("Seed rows left out: a statement that changed them is not modelled, so they are not known (or they "
             "reference such rows)",
             [f"{render_key(k)}: {why}" for k, why in sorted(rows_left_out(result.catalog).items())]),
            ("Sequence positions left out: a statement that may have moved them is not modelled",
             [f"{render_key(k)}: since {s.position_unknown}" for k, s in sorted(result.catalog.sequences.items())
              if s.position_unknown]),
            ("Materialized views filled from the final rows, where the legacy database holds the rows of their last "
             "refresh: their tables changed after it",
             [f"{render_key(k)}: rows changed at {v.stale_since}, no REFRESH since"
              for k, v in sorted(result.catalog.views.items()) if v.stale_since]),
            ("Their tools' markers: parts not replayed, and run-time choices not modelled",
             [f"{n.name}: {n.reason}" for n in sources.notes]),
            ("Files sharing a version number (all applied, in this order)",
             [f"version {v}: {', '.join(names)}" for v, names in sources.duplicate_versions.items()]),
            ("Not migrations, never replayed", skipped),
        ],
    )
    grants = privileges_sql(result.catalog, emit=privileges, excluded_tables=frozenset())
    header.privileges, header.notes = grants, header_lines(grants, result.catalog)
    header.sections.append(("Owners, privileges and roles left out (build --privileges writes them)", grants.left_out))
    built = BuildResult(sources=sources, replay=result, plan=plan, sql="")
    header.counts = built.counts()
    built.sql = render_baseline(plan, header, provenance=provenance, content=content)
    return built


def build_key(sources: Sources, folder: str | Path, **options: object) -> str:
    """A sha256 of everything the baseline text depends on: the discovered files (names, checksums, what was passed
    over, the layout), the included files, the build's options (every keyword `build` takes but the cache), and the
    tool itself (its whole source and data, pglast's and Python's versions). Two builds with the same key write the
    same bytes."""
    import json
    import sys

    import pglast

    h = hashlib.sha256()
    described = sources.model_dump(mode="json", exclude={"migrations": {"__all__": {"data"}}})
    options = {**{k: str(v) for k, v in options.items()}, "source": Path(folder).name or str(folder),
               "included": input_fingerprint(sources), "pglast": pglast.__version__, "python": sys.version}
    h.update(json.dumps([described, options], sort_keys=True, default=str).encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".jsonl") and path.is_file():
            h.update(f"\0{path.relative_to(package)}\0".encode() + path.read_bytes())
    return h.hexdigest()


def volatile_columns(catalog: Catalog) -> list[str]:
    """'table.column: now()' for each column of seed rows holding a volatile value."""
    from consolidator.model.names import render_key
    from consolidator.model.rows import KeptExpression

    found: dict[tuple[str, str], set[str]] = {}
    for key in catalog.tables_with_rows():
        for row in catalog.rows(key):
            for column, value in row.items():
                if isinstance(value, KeptExpression):
                    found.setdefault((key, column), set()).add(value.function)
    return [f"{render_key(key)}.{column}: {', '.join(f'{f}()' for f in sorted(functions))}"
            for (key, column), functions in sorted(found.items())]


JSON_FORMAT_VERSION = 1


def build_report(result: BuildResult, output: str, *, on_error: OnError = OnError.FILE) -> dict:
    """What `build --format json` prints: the files, every diagnostic with its place, and the counts."""
    failed = result.failed_files
    outside = {f.name for f in result.replay.files if f.outside_transaction}
    files = [{"name": m.name, "status": "failed" if m.name in failed else "replayed", "sha256": m.sha256,
              # psql -1: a file is one transaction, unless its tool runs it outside one or each statement stands alone
              "transaction": on_error is not OnError.STATEMENT and m.name not in outside}
             for m in result.sources.migrations]
    files += [{"name": s.name, "status": "skipped", "sha256": None, "transaction": None}
              for s in result.sources.skipped]
    diagnostics = [{"file": d.span.file if d.span else None, "line": d.span.line if d.span else None,
                    "column": d.span.column if d.span else None, "severity": d.severity.value,
                    "sqlstate": d.sqlstate, "code": d.code, "message": d.message} for d in result.diagnostics]
    return {"format_version": JSON_FORMAT_VERSION, "output": output, "layout": result.sources.layout, "files": files,
            "diagnostics": diagnostics, "counts": {k.replace(" ", "_"): v for k, v in result.counts().items()}}
