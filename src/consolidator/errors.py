"""Source positions, diagnostics and the tool's own error hierarchy.

A *diagnostic* is something about the legacy history (a statement that failed,
one that is not modelled, a file that was skipped): it is collected and reported.
A *ConsolidatorError* is something that stops the tool (unreadable input, bad
option): the CLI prints it as one line and exits 2.
"""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, ConfigDict, field_validator

from consolidator.pg15.data.sqlstate_names import SqlState as _SqlState


# The most of the input any message quotes (a statement, a token, a server message), and of a whole message.
EXCERPT_LIMIT = 200
MESSAGE_LIMIT = 400
ELLIPSIS = "\u2026"


def excerpt(text: str, limit: int = EXCERPT_LIMIT, *, first_line: bool = False) -> str:
    """`text` cut to `limit` characters (and to its first line with `first_line`), an ellipsis where it was cut:
    the one place every message that quotes the input goes through."""
    cut = text
    if first_line:
        newline = min((i for i in (cut.find("\n"), cut.find("\r")) if i != -1), default=-1)
        if newline != -1:
            cut = cut[:newline]
    if len(cut) > limit:
        cut = cut[:limit]
    return cut if cut == text else cut.rstrip() + ELLIPSIS


_AT_OR_NEAR = re.compile(r'^(.*? at or near ")(.*)"$', re.S)


def short_server_message(message: str) -> str:
    """A server message whose quoted input (`at or near "..."`: for an unterminated quote, the whole rest of the
    file) is cut to its first line: `unterminated dollar-quoted string at or near "$$ BEGIN…"`."""
    m = _AT_OR_NEAR.match(message)
    return f'{m.group(1)}{excerpt(m.group(2), first_line=True)}"' if m else message


class SourceSpan(BaseModel):
    """Where a statement starts: file name (relative to the legacy folder), 1-based line and column; for a file
    that psql ran with \\i or \\ir, where that command is (`included_from`)."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int = 1
    column: int = 1
    included_from: SourceSpan | None = None

    def __str__(self) -> str:
        if self.included_from is None:
            return f"{self.file}:{self.line}"
        chain, at = [], self.included_from
        while at is not None:
            chain.append(f"{at.file}:{at.line}")
            at = at.included_from
        return f"{self.file}:{self.line} (included from {', from '.join(chain)})"


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

    @field_validator("message")
    @classmethod
    def _short(cls, message: str) -> str:
        return excerpt(message, MESSAGE_LIMIT)

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
    """The tool cannot go on; the message is one line meant for the user (white space runs made one space, cut
    to MESSAGE_LIMIT characters)."""

    def __str__(self) -> str:
        return excerpt(" ".join(super().__str__().split()), MESSAGE_LIMIT)


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
