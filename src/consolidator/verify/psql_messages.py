"""Read the messages psql prints on stderr while running a file with ``-v VERBOSITY=verbose``.

    psql:/tmp/x/f.sql:3: ERROR:  42703: column "nosuchcol" does not exist
    LINE 2:   nosuchcol
              ^
    LOCATION:  errorMissingColumn, parse_relation.c:3665

The line number is psql's input line when the server answered: the last line of the statement.
psql's own errors (``\\foo``, a missing ``\\i`` file) have a lower-case ``error:`` and no SQLSTATE.
"""

from __future__ import annotations

import re
from typing import Callable

from pydantic import BaseModel, ConfigDict

_FIELD = re.compile(r"^(DETAIL|HINT|CONTEXT|LOCATION|QUERY|STATEMENT|LINE \d+):\s*(.*)$")


class ServerMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: int  # psql's line in the file (the end of the statement)
    severity: str  # ERROR, FATAL, WARNING, NOTICE, ... or "error" for psql's own errors
    sqlstate: str | None
    message: str  # the primary message, all its lines
    file: str | None = None  # the included file it is about (\\i, \\ir), None for the file psql was given
    detail: str | None = None
    hint: str | None = None
    context: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity in ("ERROR", "FATAL", "PANIC", "error")

    def one_line(self) -> str:
        return " ".join(self.message.split())


def parse_messages(stderr: str, path: str, included: Callable[[str], str | None] | None = None) -> list[ServerMessage]:
    """All messages psql printed for ``path``, in order; with `included`, also those about the files it included
    (psql names them by the path it opened them by: `included` maps that path to the file's name)."""
    where = r"(?P<path>.+?)" if included is not None else re.escape(path)
    prefix = re.compile(
        r"^psql:" + where + r":(\d+): (ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG|LOG|error|warning):\s+(.*)$"
    )
    messages: list[dict] = []
    current: dict | None = None
    field: str | None = None
    for raw in stderr.splitlines():
        m = prefix.match(raw)
        if m:
            line, severity, rest = int(m.group(m.re.groups - 2)), m.group(m.re.groups - 1), m.group(m.re.groups)
            file = None
            if included is not None and m.group("path") != path:
                file = included(m.group("path"))
            state = re.match(r"^([0-9A-Z]{5}): (.*)$", rest) if severity.isupper() else None
            current = {
                "line": line,
                "severity": severity,
                "sqlstate": state.group(1) if state else None,
                "message": state.group(2) if state else rest,
                "file": file,
            }
            messages.append(current)
            field = "message"
            continue
        if current is None:
            continue
        f = _FIELD.match(raw)
        if f:
            tag = f.group(1)
            field = {"DETAIL": "detail", "HINT": "hint", "CONTEXT": "context"}.get(tag)
            if field:
                current[field] = f.group(2)
            continue
        if field:  # continuation of a multi-line message, detail or context
            current[field] = f"{current.get(field) or ''}\n{raw}"
    return [ServerMessage(**m) for m in messages]


def client_failure(stderr: str) -> str | None:
    """psql's own failure not tied to a file line (``psql: error: connection ... failed``), if any."""
    for raw in stderr.splitlines():
        if raw.startswith("psql: error:") or raw.startswith("psql: fatal:"):
            return raw.split(":", 2)[2].strip()
    return None
