"""Replay a legacy migration folder on a real server, file by file, the way users run it with psql.

On-error policies (the same names as ``build --on-error``):

- ``file`` (default): each file is one transaction (``psql -1 -v ON_ERROR_STOP=1``); a failed file
  is rolled back whole and replay goes on with the next file.
- ``statement``: no wrapping transaction, no ON_ERROR_STOP: every statement commits on its own,
  failed statements are reported and skipped.
- ``stop``: like ``file``, but nothing runs after the first failed file.

Under ``file`` and ``stop``, a file that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...,
or named ``*.autocommit.*`` / ``*.notx.*``) runs without ``-1``, statement by statement up to its first error,
as the model's replay runs it (consolidator.parse.transaction_mode decides for both).

psql runs on a private mirror of the legacy folder (the bytes discover() fingerprinted, and the files they
include as the model's replay read them), in that mirror: ``\\i`` resolves from it as psql's directory,
``\\ir`` from the including file's place in it, exactly as on the real folder. A file whose meta-commands
would reach past psql and the throwaway server (a shell command, a file written, another connection) is
refused before anything runs.
"""

from __future__ import annotations

import os
import signal
import tempfile
from enum import Enum
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, ConfigDict

from consolidator.errors import ConsolidatorError, Diagnostic, OnError, Severity, SourceSpan, short_server_message
from consolidator.outcome import FileOutcome
from consolidator.parse.postgres import PsqlError, includes_of, parse_file
from consolidator.parse.psql_reach import reach
from consolidator.parse.transaction_mode import outside_transaction
from consolidator.source.discover import Order, Sources, discover
from consolidator.verify.cluster import Cluster
from consolidator.verify.psql_messages import ServerMessage, client_failure, parse_messages

ProgressCallback = Callable[[int, int, str], None]  # (files done, total, file just finished)

__all__ = ["FileOutcome", "LegacyReplay", "OnError", "ReplayAborted", "replay_folder", "replay_sources"]


class ReplayAborted(ConsolidatorError):
    """psql could not run a file at all (lost connection, server crash): the replay is meaningless."""


class RefusedToRun(ConsolidatorError):
    """A legacy file psql would let reach this machine (a shell command, a file written): verify runs none."""


def _diagnostic(file: str, message: ServerMessage) -> Diagnostic:
    """A message the server (or psql) printed, as the tool's diagnostic: psql gives the statement's last line."""
    severity = Severity.ERROR if message.is_error else Severity.INFO
    return Diagnostic(severity=severity, code="server-message", message=short_server_message(message.message),
                      span=SourceSpan(file=message.file or file, line=max(message.line, 1)), sqlstate=message.sqlstate)


class LegacyReplay(BaseModel):
    model_config = ConfigDict(frozen=True)

    on_error: OnError
    files: list[FileOutcome]

    @property
    def failed(self) -> dict[str, FileOutcome]:
        return {f.name: f for f in self.files if f.status == "failed"}

    @property
    def applied(self) -> list[str]:
        return [f.name for f in self.files if f.status == "ok"]


def policy(value: str | Enum) -> OnError:
    """Accept our enum, the replay engine's enum or a plain string."""
    raw = value.value if isinstance(value, Enum) else value
    try:
        return OnError(str(raw))
    except ValueError:
        raise ConsolidatorError(f"unknown on-error policy {raw!r}: use file, statement or stop") from None


def replay_folder(
    cluster: Cluster,
    dbname: str,
    folder: str | Path,
    *,
    order: Order | str = Order.NAME,
    on_error: OnError | str = OnError.FILE,
    progress: ProgressCallback | None = None,
) -> LegacyReplay:
    return replay_sources(cluster, dbname, discover(folder, Order(order)), on_error=on_error, progress=progress)


def replay_sources(
    cluster: Cluster,
    dbname: str,
    sources: Sources,
    *,
    on_error: OnError | str = OnError.FILE,
    progress: ProgressCallback | None = None,
) -> LegacyReplay:
    mode = policy(on_error)
    included = _psql_input(sources)
    outside = _outside_transaction(sources) if mode is not OnError.STATEMENT else {}
    outcomes: list[FileOutcome] = []
    stopped = False
    total = len(sources.migrations)
    with tempfile.TemporaryDirectory(prefix="consolidator-replay-") as tmp:
        mirror = os.path.join(tmp, "legacy")
        _write_mirror(mirror, {**included, **{m.name: m.data for m in sources.migrations}})
        for index, source in enumerate(sources.migrations, start=1):
            if stopped:
                outcomes.append(FileOutcome(name=source.name, status="not-run"))
            else:
                outcome = _run_file(cluster, dbname, source.name, Path(mirror) / source.name, mode, cwd=mirror,
                                    outside=outside.get(source.name))
                outcomes.append(outcome)
                stopped = mode is OnError.STOP and outcome.status == "failed"
            if progress:
                progress(index, total, source.name)
    return LegacyReplay(on_error=mode, files=outcomes)


def _psql_input(sources: Sources) -> dict[str, bytes]:
    """The files the migrations include (name -> bytes, as the model's replay reads them); refuses a migration
    whose meta-commands reach past psql and its server, before any psql runs."""
    loader = includes_of(sources)
    for migration in sources.migrations:
        if b"\\" not in migration.data:
            continue
        for statement in parse_file(migration.name, migration.data, include=loader):
            why = statement.error.reaches if isinstance(statement.error, PsqlError) else None
            if why is None and statement.text.startswith("\\") and (
                    statement.kind.startswith("Psql") or isinstance(statement.error, PsqlError)):
                why = reach(statement.text)  # a meta-command, as psql runs it
            if why is not None:
                raise RefusedToRun(f"verify does not run {migration.name} on psql: {statement.span}: "
                                   f"{statement.text.split()[0]} {why}, on this machine")
    return {name: f.data for name, f in loader.read.items()}


def _outside_transaction(sources: Sources) -> dict[str, str]:
    """The migrations psql runs without -1, each with why."""
    loader = includes_of(sources)
    reasons = {m.name: outside_transaction(m.name, parse_file(m.name, m.data, include=loader),
                                         tool_transaction=m.transaction) for m in sources.migrations}
    return {name: why for name, why in reasons.items() if why is not None}


def _write_mirror(root: str, files: dict[str, bytes]) -> None:
    """The legacy folder as psql sees it: every migration and included file at its name (names are relative and
    inside the folder: discover() and the include loader checked them)."""
    os.makedirs(root)
    for name, data in sorted(files.items()):
        path = os.path.join(root, *name.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def _run_file(cluster: Cluster, dbname: str, name: str, path: Path, mode: OnError, *, cwd: str,
              outside: str | None = None) -> FileOutcome:
    whole_file = mode is not OnError.STATEMENT
    result = cluster.psql_file(dbname, path, single_transaction=whole_file and outside is None,
                               on_error_stop=whole_file, cwd=cwd)

    def included(shown: str) -> str | None:  # psql names an included file by the path it opened it by
        full = os.path.normpath(os.path.join(cwd, shown))
        return os.path.relpath(full, cwd).replace(os.sep, "/") if full.startswith(cwd + os.sep) else None

    messages = parse_messages(result.stderr, str(path), included)
    errors = [m for m in messages if m.is_error]
    notices = [_diagnostic(name, m) for m in messages if not m.is_error]
    if result.returncode in (1, 2):
        # 1: psql's own fatal error, 2: connection lost (the server crashed or a file ran \connect/\q badly)
        reason = client_failure(result.stderr) or (errors[-1].one_line() if errors else result.stderr.strip()[:200])
        raise ReplayAborted(f"psql could not run {name} (exit {result.returncode}): {reason}")
    if result.returncode < 0:
        # psql itself died (an \i loop recurses until psql's stack overflows): its transaction died with it
        signame = signal.Signals(-result.returncode).name if -result.returncode in signal.valid_signals() else "?"
        errors.append(ServerMessage(line=0, severity="error", sqlstate=None,
                                    message=f"psql was killed by signal {-result.returncode} ({signame})"))
    if result.returncode == 3 and not errors:
        errors = [ServerMessage(line=0, severity="error", sqlstate=None, message=result.stderr.strip()[:500] or "psql stopped")]
    return FileOutcome(name=name, status="failed" if errors else "ok", errors=[_diagnostic(name, e) for e in errors],
                       notices=notices, outside_transaction=outside)
