"""What the rules read: a migrations folder, each migration's statements, and its replay in the model.

The current model is the baseline file replayed (or the legacy folder, or an empty database when there is
neither), then every migration's up section in run order. For each migration the model's catalog is kept before
up, after up, and after down replayed on top of up (then undone: the next migration starts from after up).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from consolidator.errors import Diagnostic, OnError, Severity
from consolidator.model.catalog import Catalog
from consolidator.parse.postgres import Statement
from consolidator.replay.engine import replay
from consolidator.runner import ordering
from consolidator.runner.baseline_file import Baseline
from consolidator.runner.files import Folder, Migration, Section
from consolidator.runner.lint.finding import Note
from consolidator.source.discover import SourceFile, Sources, discover


@dataclass
class MigrationAnalysis:
    migration: Migration
    up: list[Statement]
    down: list[Statement]
    verify: list[Statement]
    before: dict  # Catalog.model_dump() before up
    after_up: dict
    after_down: dict | None = None  # None: down absent, or up failed in the model
    up_failure: Diagnostic | None = None
    down_failure: Diagnostic | None = None

    def table_before(self, key: str) -> dict | None:
        return self.before["tables"].get(key)

    def column_before(self, table: str, column: str) -> dict | None:
        return next((c for c in (self.table_before(table) or {}).get("columns", []) if c["name"] == column), None)

    def column_after_up(self, table: str, column: str) -> dict | None:
        table_data = self.after_up["tables"].get(table) or {}
        return next((c for c in table_data.get("columns", []) if c["name"] == column), None)


@dataclass
class FolderAnalysis:
    folder: Folder
    model_label: str  # what the model started from, for messages
    known_versions: frozenset[str]
    migrations: list[MigrationAnalysis] = field(default_factory=list)  # in run order
    notes: list[Note] = field(default_factory=list)


def starting_model(baseline: Baseline | None, legacy_dir: Path | None) -> tuple[Catalog, str]:
    if baseline is not None:
        return replay(_sources(baseline.label, baseline.text.encode("utf-8"))).catalog, baseline.label
    if legacy_dir is not None:
        return replay(discover(legacy_dir)).catalog, f"the legacy history {legacy_dir}"
    return Catalog(), "an empty database (no baseline or legacy folder)"


def analyse(folder: Folder, catalog: Catalog, model_label: str, known: frozenset[str]) -> FolderAnalysis:
    out = FolderAnalysis(folder, model_label, known)
    for m in ordering.fallback_order(folder.migrations):
        up, down, checks = m.up.statements(), m.down.statements(), m.verify.statements()
        before = catalog.model_dump()
        up_result = _replay(m.up, catalog, out.notes) if m.up.present else None
        analysis = MigrationAnalysis(m, up, down, checks, before, catalog.model_dump(),
                                     up_failure=_first_failure(up_result))
        if analysis.up_failure is not None and m.down.present:
            out.notes.append(Note(m.down.path, m.down.line or 1, "down not replayed: up fails in the model"))
        elif m.down.present and down:
            savepoint = catalog.savepoint()
            down_result = _replay(m.down, catalog, out.notes)
            analysis.down_failure = _first_failure(down_result)
            analysis.after_down = catalog.model_dump()
            catalog.rollback_to(savepoint)
        out.migrations.append(analysis)
    return out


def _replay(section: Section, catalog: Catalog, notes: list[Note]):
    # Outside a transaction the runner sends statement after statement: so does the model.
    policy = OnError.FILE if section.transaction else OnError.STATEMENT
    result = replay(_sources(section.path, section.text.encode("utf-8")), policy, catalog=catalog)
    for d in result.diagnostics:
        if d.code == "not-modelled" and d.span is not None:
            notes.append(Note(d.span.file, d.span.line, d.message))
    return result


_ROLLED_BACK = re.compile(r" \([^()]*(?:rolled back|stopped here|statement skipped)[^()]*\)$")


def failure_message(d: Diagnostic) -> str:
    """The model's error as the server says it, without the replay's note on what it rolled back."""
    return f"{_ROLLED_BACK.sub('', d.message)} [{d.sqlstate}]"


def _first_failure(result) -> Diagnostic | None:
    if result is None:
        return None
    return next((d for d in result.diagnostics if d.severity is Severity.ERROR), None)


def _sources(name: str, data: bytes) -> Sources:
    source = SourceFile(name=name, version=None, sha256=hashlib.sha256(data).hexdigest(), data=data)
    return Sources(folder=".", migrations=[source], skipped=[], duplicate_versions={})
