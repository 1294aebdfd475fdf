"""Source positions, diagnostics and the tool's own error hierarchy.

A *diagnostic* is something about the legacy history (a statement that failed,
one that is not modelled, a file that was skipped): it is collected and reported.
A *ConsolidatorError* is something that stops the tool (unreadable input, bad
option): the CLI prints it as one line and exits 2.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

from consolidator.pg15.data.sqlstate_names import SqlState as _SqlState


class SourceSpan(BaseModel):
    """Where a statement starts: file name (relative to the legacy folder), 1-based line and column."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Severity(str, Enum):
    ERROR = "error"  # the server rejected it (or would): the file/statement was rolled back
    WARNING = "warning"  # applied, but not modelled or modelled with a caveat
    INFO = "info"  # skipped files, duplicate versions and other facts worth listing


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Severity
    code: str  # e.g. "failed-file", "not-modelled", "skipped-file", "duplicate-version"
    message: str
    span: SourceSpan | None = None
    sqlstate: str | None = None

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        state = f" [{self.sqlstate}]" if self.sqlstate else ""
        return f"{where}{self.severity.value}: {self.message}{state}"

    @property
    def line(self) -> int:
        return self.span.line if self.span else 0

    def one_line(self) -> str:
        return " ".join(self.message.split())


class OnError(str, Enum):
    """What a statement the server rejects does to the rest of its file: the same names for the model's replay
    (build), the server's replay (verify) and the command line."""

    FILE = "file"  # each file is one transaction (psql -1, Flyway, golang-migrate): a failure rolls the file back
    STATEMENT = "statement"  # each statement commits on its own: a failure loses only that statement
    STOP = "stop"  # as FILE, and the first failed file ends the replay


class ConsolidatorError(Exception):
    """The tool cannot go on; the message is one line meant for the user."""


class InputError(ConsolidatorError):
    """Missing or unreadable input folder or file."""


class OutputError(ConsolidatorError):
    """The output cannot be written."""


class StopOnError(ConsolidatorError):
    """``--on-error stop`` met a statement the server would reject."""


class NotModelled(Exception):
    """The statement ran on the server, but the model cannot represent what it did: reported, never dropped."""


class PgError(Exception):
    """A statement PostgreSQL would reject, with the SQLSTATE and message the server gives.

    `from_user`: the message is the history's own (a DO block's RAISE), not one of the server's."""

    def __init__(self, sqlstate: str, message: str, from_user: bool = False):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        self.from_user = from_user


# The SQLSTATEs by name (PostgreSQL's condition names, upper case), generated from errcodes.txt (pg15/).
SqlState = _SqlState
