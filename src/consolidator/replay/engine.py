"""Replay legacy files into the catalog, with the server's transaction semantics and the on-error policy."""

from __future__ import annotations

from dataclasses import dataclass, field

import consolidator.replay.handlers  # noqa: F401  (registers every handler)
from consolidator.errors import Diagnostic, OnError, PgError, Severity, SourceSpan, SqlState, StopOnError
from consolidator.model.catalog import Catalog
from consolidator.model.store import Savepoint
from consolidator.outcome import FileOutcome
from consolidator.parse.cache import ParseCache
from consolidator.parse.postgres import Statement, includes_of, parse_file
from consolidator.parse.transaction_mode import outside_transaction, refused_in_transaction
from consolidator.replay.context import NotModelled, ReplayContext, TransactionControl
from consolidator.replay.dispatch import dispatch, statement_key
from consolidator.replay.effects import Effect, describe, noted
from consolidator.replay import unmodelled
from consolidator.replay.session import Session
from consolidator.source.discover import Sources

__all__ = ["Event", "FileOutcome", "OnError", "ReplayResult", "replay"]


@dataclass
class Event:
    """One statement: where it is, its kind, what became of it, and what it did (its effects)."""

    span: SourceSpan
    kind: str
    status: str  # "applied", "not-modelled", "failed", "rolled-back"
    effects: tuple[Effect, ...] = ()
    reason: str = ""  # why it is not modelled or failed

    @property
    def description(self) -> str:
        return describe(list(self.effects)) if self.effects else self.reason


@dataclass
class ReplayResult:
    catalog: Catalog
    files: list[FileOutcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed_files(self) -> dict[str, Diagnostic]:
        return {f.name: f.first_error for f in self.files if f.failed}

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


def _run(ctx: ReplayContext, stmt: Statement) -> list[Effect]:
    """Apply one statement; returns its effects. Raises PgError when the server would reject it."""
    if stmt.error is not None:
        raise stmt.error
    try:
        return dispatch(ctx, stmt.node)
    except (NotModelled, PgError, _Defect, TransactionControl):
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


def _apply(ctx: ReplayContext, stmt: Statement) -> tuple[str, list[Effect], str]:
    """(status, effects, reason): "applied" with what it did, or "not-modelled" with why."""
    try:
        return "applied", _run(ctx, stmt), ""
    except NotModelled as e:
        if getattr(e, "keeps_schema", False):  # the schema change stands, what it wrote is reported (seed data)
            return "not-modelled, schema kept", [], str(e)
        return "not-modelled", [], str(e)


def replay(sources: Sources, on_error: OnError = OnError.FILE, catalog: Catalog | None = None,
           cache: ParseCache | None = None) -> ReplayResult:
    result = ReplayResult(catalog=catalog or Catalog())
    for skipped in sources.skipped:
        result.diagnostics.append(
            Diagnostic(severity=Severity.INFO, code="skipped-file", message=f"{skipped.name}: {skipped.reason}",
                       span=SourceSpan(file=skipped.name))
        )
    for note in sources.notes:
        file, _, line = note.name.rpartition(":")
        result.diagnostics.append(
            Diagnostic(severity=Severity.WARNING, code="layout-note", message=note.reason,
                       span=SourceSpan(file=file, line=int(line)) if line.isdigit() else SourceSpan(file=note.name))
        )
    for version, names in sources.duplicate_versions.items():
        result.diagnostics.append(
            Diagnostic(severity=Severity.WARNING, code="duplicate-version",
                       message=f"version {version} is shared by {', '.join(names)}: all are applied, in this order",
                       span=SourceSpan(file=names[0]))
        )
    for source in sources.migrations:
        statements = parse_file(source.name, source.data, include=includes_of(sources), cache=cache)
        whole_file = on_error is not OnError.STATEMENT
        outside = (outside_transaction(source.name, statements, tool_transaction=source.transaction)
                   if whole_file else None)
        outcome = FileOutcome(name=source.name, sha256=source.sha256, statements=len(statements),
                              outside_transaction=outside)
        result.files.append(outcome)
        _FileRun(result, statements, outcome, whole_file=whole_file, own_tracking_table=source.tracking_table,
                 single_transaction=whole_file and outside is None).run()
        if on_error is OnError.STOP and outcome.failed:
            raise StopOnError(f"{outcome.first_error} (--on-error stop)")
    return result


@dataclass
class _Transaction:
    savepoint: Savepoint
    first_event: int
    first_diag: int
    start: int  # index of its first statement
    line: int  # where it starts in the file
    implicit: bool  # the one psql -1 opens around the file
    aborted: bool = False  # an error inside an explicit block: everything until its end fails (25P02)
    savepoints: list[tuple[str, Savepoint, int]] = field(default_factory=list)  # SAVEPOINT name, its state, first event
    session: Session = field(default_factory=Session)  # the session settings it started with (ROLLBACK restores them)


_ABORTED = PgError(SqlState.IN_FAILED_SQL_TRANSACTION, "current transaction is aborted, commands ignored until end of transaction block")


class _FileRun:
    """One file through the server's transaction states: the file's own BEGIN / COMMIT / ROLLBACK / SAVEPOINT act as
    they do on the server (checked with psql 15: under -1 a COMMIT in the file commits, and what follows runs
    statement by statement; without -1 a BEGIN block that meets an error fails every statement until its end)."""

    def __init__(self, result: ReplayResult, statements: list[Statement], outcome: FileOutcome, whole_file: bool,
                 own_tracking_table: str | None = None, single_transaction: bool | None = None):
        """`whole_file`: as ``psql -1 -v ON_ERROR_STOP=1 -f`` runs it (one transaction, stopped at the first error),
        else as ``psql -f`` (each statement on its own, going on after errors). `single_transaction` False (a file
        that cannot run in a transaction): as ``psql -v ON_ERROR_STOP=1 -f``, statement by statement, stopped at
        the first error, what ran before it committed."""
        self.result, self.statements, self.outcome, self.whole_file = result, statements, outcome, whole_file
        self.single_transaction = whole_file if single_transaction is None else single_transaction
        self.own_tracking_table = own_tracking_table
        self.catalog = result.catalog
        self.tx: _Transaction | None = None
        self.session = Session()  # psql's connection: each file starts with the server's defaults
        self.committed = False  # some of the file's work was committed by a COMMIT in it

    def _begin(self, position: int, implicit: bool) -> _Transaction:
        line = self.statements[position].span.line if position < len(self.statements) else 1
        return _Transaction(self.catalog.savepoint(), len(self.result.events), len(self.result.diagnostics),
                            position, line, implicit, session=self.session.copy())

    def run(self) -> None:
        if self.single_transaction:
            self.tx = self._begin(0, implicit=True)
        for position, stmt in enumerate(self.statements):
            if not self._statement(position, stmt):
                return  # ON_ERROR_STOP: psql stops, the open transaction dies with the connection
        if self.tx is not None:
            if self.single_transaction and not self.tx.aborted:
                self.catalog.release(self.tx.savepoint)  # psql -1 ends with COMMIT
                self.session.end_transaction()
            else:
                self._undo(self.tx, "the file ends inside BEGIN: psql's connection closes, the block is rolled back")
            self.tx = None

    # ---- one statement ------------------------------------------------------------------------

    def _statement(self, position: int, stmt: Statement) -> bool:
        """Run one statement; False when the file stops here. Each statement runs under a savepoint of its own, so
        that one the model cannot represent, or a defect, leaves nothing half done."""
        tx = self.tx
        ctx = self._context(stmt, in_transaction_block=tx is not None)
        statement_savepoint = self.catalog.savepoint()
        try:
            if tx is not None and tx.aborted and stmt.kind != "TransactionStmt":
                raise _ABORTED
            refused = refused_in_transaction(stmt.node) if tx is not None and stmt.node is not None else None
            if refused is not None:
                raise PgError(SqlState.ACTIVE_SQL_TRANSACTION, f"{refused} cannot run inside a transaction block")
            status, effects, reason = _apply(ctx, stmt)
        except TransactionControl as control:
            self.catalog.release(statement_savepoint)
            return self._control(position, stmt, control)
        except _Defect as defect:
            self.catalog.rollback_to(statement_savepoint)
            _record(self.result, stmt, "not-modelled", reason=str(defect))
            return True
        except PgError as error:
            self.catalog.rollback_to(statement_savepoint)
            why = unmodelled.explains(ctx, error) or unmodelled.only_stale_views_object(
                ctx, stmt.node, error, lambda: _run(ctx, stmt))
            if why is None:
                return self._fail(stmt, error)
            status, effects, reason = "not-modelled", [], why
            statement_savepoint = self.catalog.savepoint()
        if status == "not-modelled, schema kept":
            status = "not-modelled"
            self.catalog.release(statement_savepoint)
        elif status == "not-modelled" and stmt.kind == "DoStmt":
            self.catalog.release(statement_savepoint)  # what the block did before the part it could not follow stands
        elif status == "not-modelled":
            self.catalog.rollback_to(statement_savepoint)
            if stmt.node is not None:
                for kind, name in unmodelled.created_names(ctx, stmt.node):
                    self.catalog.note_unmodelled(kind, name, stmt.span)
        else:
            self.catalog.release(statement_savepoint)
        _record(self.result, stmt, status, effects, reason)
        return True

    def _context(self, stmt: Statement, in_transaction_block: bool) -> ReplayContext:
        return ReplayContext(catalog=self.catalog, span=stmt.span, text=stmt.text,
                             in_transaction_block=in_transaction_block, own_tracking_table=self.own_tracking_table,
                             session=self.session)

    def _fail(self, stmt: Statement, error: PgError) -> bool:
        """The statement failed (what it did is undone already): its transaction fails with it."""
        result, tx, name = self.result, self.tx, self.outcome.name
        if tx is None:  # autocommit: the statement alone is undone
            if self.whole_file:
                how = f"{name} stopped here; what it committed before stays"
            else:
                how = "statement skipped"
        elif self.whole_file:
            self._undo(tx)
            del result.diagnostics[tx.first_diag:]  # the rolled-back statements' reports no longer matter
            how = (f"{name} rolled back" if tx.implicit and not self.committed
                   else f"{name} stopped here; its transaction from line {tx.line} rolled back, what it committed before stays")
            self.tx = None
        else:
            tx.aborted = True  # undone at the block's end (or at ROLLBACK TO a savepoint)
            how = f"the transaction block from line {tx.line} is aborted"
        failure = _failure(stmt, error, how)
        self.outcome.fail(failure)
        result.diagnostics.append(failure)
        result.events.append(Event(stmt.span, _kind(stmt), "failed", reason=error.message))
        return not self.whole_file

    def _undo(self, tx: _Transaction, why: str | None = None) -> None:
        self.catalog.rollback_to(tx.savepoint)
        self.session.restore(tx.session)
        for event in self.result.events[tx.first_event:]:
            if event.status != "failed":
                event.status = "rolled-back"
        self.result.diagnostics[tx.first_diag:] = [
            d for d in self.result.diagnostics[tx.first_diag:] if d.code != "not-modelled"]

    # ---- BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO -----------------------------------

    def _control(self, position: int, stmt: Statement, control: TransactionControl) -> bool:
        tx, action, name = self.tx, control.action, control.savepoint
        if action == "begin":
            if tx is None:
                self.tx = self._begin(position + 1, implicit=False)
                return self._note(stmt, "BEGIN: a transaction block starts")
            return self._note(stmt, "BEGIN inside a transaction: a warning, no effect")
        if action in ("commit", "rollback"):
            if tx is None:
                return self._note(stmt, f"{action.upper()} outside a transaction: a warning, no effect")
            if action == "commit" and not tx.aborted:
                self.catalog.release(tx.savepoint)
                self.session.end_transaction()
                self.committed = True
                description = "COMMIT: the work so far is committed; what follows runs statement by statement"
            else:
                self._undo(tx)
                description = f"{'COMMIT of an aborted' if tx.aborted else 'ROLLBACK: the'} transaction from line {tx.line} rolled back"
            self.tx = None
            return self._note(stmt, description)
        if tx is None:
            what = {"savepoint": "SAVEPOINT", "release": "RELEASE SAVEPOINT", "rollback to": "ROLLBACK TO SAVEPOINT"}[action]
            return self._fail(stmt, PgError(SqlState.NO_ACTIVE_SQL_TRANSACTION, f"{what} can only be used in transaction blocks"))
        if action == "savepoint":
            if tx.aborted:
                return self._fail(stmt, _ABORTED)
            tx.savepoints.append((name, self.catalog.savepoint(), len(self.result.events)))
            return self._note(stmt, f"SAVEPOINT {name}")
        found = [i for i, (n, _, _) in enumerate(tx.savepoints) if n == name]
        if not found:
            return self._fail(stmt, PgError(SqlState.INVALID_SAVEPOINT_SPECIFICATION, f'savepoint "{name}" does not exist'))
        index = found[-1]
        saved_name, saved, first_event = tx.savepoints[index]
        if action == "release":
            if tx.aborted:
                return self._fail(stmt, _ABORTED)
            del tx.savepoints[index:]
            self.catalog.release(saved)
            return self._note(stmt, f"RELEASE SAVEPOINT {name}")
        self.catalog.rollback_to(saved)
        for event in self.result.events[first_event:]:
            if event.status != "failed":
                event.status = "rolled-back"
        tx.savepoints[index + 1:] = []
        tx.savepoints[index] = (saved_name, self.catalog.savepoint(), len(self.result.events))
        tx.aborted = False
        return self._note(stmt, f"ROLLBACK TO SAVEPOINT {name}: the work since it is undone")

    def _note(self, stmt: Statement, description: str) -> bool:
        _record(self.result, stmt, "applied", [noted(description)])
        return True


def _record(result: ReplayResult, stmt: Statement, status: str, effects: list[Effect] = (), reason: str = "") -> None:
    result.events.append(Event(stmt.span, _kind(stmt), status, tuple(effects), reason))
    if status == "not-modelled":
        result.diagnostics.append(
            Diagnostic(severity=Severity.WARNING, code="not-modelled", message=reason, span=stmt.span)
        )
