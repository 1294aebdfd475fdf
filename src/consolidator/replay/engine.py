"""Replay legacy files into the catalog, with the server's transaction semantics and the on-error policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from consolidator.errors import Diagnostic, PgError, Severity, SourceSpan, StopOnError
from consolidator.model.catalog import Catalog
from consolidator.parse.postgres import Statement, parse_file
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.handlers import dispatch, statement_key
from consolidator.source.discover import Sources


class OnError(str, Enum):
    FILE = "file"  # each file is one transaction (psql -1, Flyway, golang-migrate): a failure rolls the file back
    STATEMENT = "statement"  # each statement commits on its own: a failure loses only that statement
    STOP = "stop"  # the first failure ends the replay


@dataclass
class Event:
    """One statement's effect, in a sentence: feeds the audit and blame."""

    span: SourceSpan
    kind: str
    description: str
    status: str  # "applied", "not-modelled", "failed", "rolled-back"


@dataclass
class FileOutcome:
    name: str
    sha256: str
    statements: int
    failure: Diagnostic | None = None

    @property
    def failed(self) -> bool:
        return self.failure is not None


@dataclass
class ReplayResult:
    catalog: Catalog
    files: list[FileOutcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed_files(self) -> dict[str, Diagnostic]:
        return {f.name: f.failure for f in self.files if f.failure is not None}

    def count(self, status: str) -> int:
        return sum(1 for e in self.events if e.status == status)


def _failure(stmt: Statement, error: PgError, rolled_back: str) -> Diagnostic:
    return Diagnostic(
        severity=Severity.ERROR,
        code="failed-statement",
        message=f"{error.message} ({rolled_back})",
        span=stmt.span,
        sqlstate=error.sqlstate,
    )


def _run(ctx: ReplayContext, stmt: Statement) -> tuple[str, str]:
    """Apply one statement; returns (status, description). Raises PgError when the server would reject it."""
    if stmt.error is not None:
        raise stmt.error
    try:
        return "applied", dispatch(ctx, stmt.node)
    except (NotModelled, PgError, _Defect):
        raise
    except (RecursionError, MemoryError) as e:
        raise _Defect(f"statement too deeply nested or too large to model ({type(e).__name__})") from None
    except Exception as e:  # noqa: BLE001  (a defect in a handler must not end the run: report, undo, go on)
        raise _Defect(f"internal error while modelling this statement, left out: {type(e).__name__}: {e}") from e


def _kind(stmt: Statement) -> str:
    """'CreateStmt', or 'DropStmt:OBJECT_TRIGGER' for the statements whose node is shared by many object kinds."""
    if stmt.node is None:
        return stmt.kind
    key = statement_key(stmt.node)
    return ":".join(key) if isinstance(key, tuple) else str(key)


class _Defect(Exception):
    """A handler failed in a way the server would not: the statement is left out and reported as not modelled."""


def _apply(ctx: ReplayContext, stmt: Statement) -> tuple[str, str]:
    try:
        return _run(ctx, stmt)
    except NotModelled as e:
        return "not-modelled", str(e)


def replay(sources: Sources, on_error: OnError = OnError.FILE, catalog: Catalog | None = None) -> ReplayResult:
    result = ReplayResult(catalog=catalog or Catalog())
    for skipped in sources.skipped:
        result.diagnostics.append(
            Diagnostic(severity=Severity.INFO, code="skipped-file", message=f"{skipped.name}: {skipped.reason}",
                       span=SourceSpan(file=skipped.name))
        )
    for version, names in sources.duplicate_versions.items():
        result.diagnostics.append(
            Diagnostic(severity=Severity.WARNING, code="duplicate-version",
                       message=f"version {version} is shared by {', '.join(names)}: all are applied, in this order",
                       span=SourceSpan(file=names[0]))
        )
    for source in sources.migrations:
        statements = parse_file(source.name, source.data)
        outcome = FileOutcome(name=source.name, sha256=source.sha256, statements=len(statements))
        result.files.append(outcome)
        if on_error is OnError.STATEMENT:
            _replay_statements(result, statements, outcome)
        else:
            _replay_transaction(result, statements, outcome)
            if on_error is OnError.STOP and outcome.failed:
                raise StopOnError(f"{outcome.failure} (--on-error stop)")
    return result


def _replay_transaction(result: ReplayResult, statements: list[Statement], outcome: FileOutcome) -> None:
    savepoint = result.catalog.savepoint()
    first_event, first_diag = len(result.events), len(result.diagnostics)
    for position, stmt in enumerate(statements):
        ctx = ReplayContext(catalog=result.catalog, span=stmt.span, text=stmt.text, in_transaction_block=True)
        try:
            status, description = _apply(ctx, stmt)
        except _Defect as defect:
            # Undo whatever the handler half did: back to the file's start, then redo the statements before it.
            result.catalog.rollback_to(savepoint)
            savepoint = result.catalog.savepoint()
            for earlier in statements[:position]:
                try:
                    _apply(ReplayContext(catalog=result.catalog, span=earlier.span, text=earlier.text), earlier)
                except (PgError, _Defect):  # pragma: no cover  (they succeeded on the same state a moment ago)
                    pass
            status, description = "not-modelled", str(defect)
        except PgError as error:
            result.catalog.rollback_to(savepoint)
            for event in result.events[first_event:]:
                event.status = "rolled-back"
            # What the rolled-back statements would have reported no longer matters: the file did not happen.
            del result.diagnostics[first_diag:]
            outcome.failure = _failure(stmt, error, f"{outcome.name} rolled back")
            result.diagnostics.append(outcome.failure)
            result.events.append(Event(stmt.span, _kind(stmt), error.message, "failed"))
            return
        _record(result, stmt, status, description)
    result.catalog.release(savepoint)


def _replay_statements(result: ReplayResult, statements: list[Statement], outcome: FileOutcome) -> None:
    for stmt in statements:
        savepoint = result.catalog.savepoint()
        ctx = ReplayContext(catalog=result.catalog, span=stmt.span, text=stmt.text, in_transaction_block=False)
        try:
            status, description = _apply(ctx, stmt)
        except _Defect as defect:
            result.catalog.rollback_to(savepoint)
            _record(result, stmt, "not-modelled", str(defect))
            continue
        except PgError as error:
            result.catalog.rollback_to(savepoint)
            failure = _failure(stmt, error, "statement skipped")
            outcome.failure = outcome.failure or failure
            result.diagnostics.append(failure)
            result.events.append(Event(stmt.span, _kind(stmt), error.message, "failed"))
            continue
        result.catalog.release(savepoint)
        _record(result, stmt, status, description)


def _record(result: ReplayResult, stmt: Statement, status: str, description: str) -> None:
    result.events.append(Event(stmt.span, _kind(stmt), description, status))
    if status == "not-modelled":
        result.diagnostics.append(
            Diagnostic(severity=Severity.WARNING, code="not-modelled", message=description, span=stmt.span)
        )
