"""The build use case: legacy folder → replay → baseline text. The CLI and verify both call `build`.

Writing the text (a file, atomically, or stdout) and `--check`'s diff are `consolidator.outputs`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consolidator.emit.baseline import Header, render_baseline
from consolidator.errors import Diagnostic, OnError, Severity
from consolidator.model import tracking
from consolidator.model.catalog import Catalog
from consolidator.model.names import render_key
from consolidator.model.rows import KeptExpression
from consolidator.order.plan import Plan, plan as make_plan
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
          limits: Limits | None = None, content: str = "all") -> BuildResult:
    """`content`: "all", "schema" (--no-data) or "data" (--data-only); see emit/baseline.py."""
    sources = discover(folder, order, layout, limits)
    result = replay(sources, on_error)
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
            ("Seed rows left out: a statement that changed them is not modelled, so they are not known",
             [f"{render_key(k)}: since {result.catalog.rows_unknown(k)}" for k in sorted(result.catalog.tables)
              if result.catalog.rows_unknown(k) is not None]),
            ("Their tools' markers: parts not replayed, and run-time choices not modelled",
             [f"{n.name}: {n.reason}" for n in sources.notes]),
            ("Files sharing a version number (all applied, in this order)",
             [f"version {v}: {', '.join(names)}" for v, names in sources.duplicate_versions.items()]),
            ("Not migrations, never replayed", skipped),
        ],
    )
    built = BuildResult(sources=sources, replay=result, plan=plan, sql="")
    header.counts = built.counts()
    built.sql = render_baseline(plan, header, provenance=provenance, content=content)
    return built


def volatile_columns(catalog: Catalog) -> list[str]:
    """'table.column: now()' for each column of seed rows holding a volatile value."""
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
