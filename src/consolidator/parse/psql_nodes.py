"""What psql does itself, as statements of the parse: the replay gets them in the order psql runs them.

- `PsqlCommand`: a meta-command the replay takes as it is (``\\set``, ``\\echo``: no-ops; the others are
  reported as not modelled by the replay's handler).
- `PsqlNote`: a meta-command the parse carried out (``\\i`` followed, an ``\\if`` branch skipped): nothing
  left for the replay to do, said as such.
- `PsqlUnmodelled`: input whose effect the replay cannot know (a shell command's output, a variable psql sets
  from the connection, a branch whose condition depends on one): reported as not modelled.
- `PsqlError`: psql itself fails here (a missing ``\\i`` file, ``\\endif`` without ``\\if``): a failed
  statement with psql's message and no SQLSTATE; under ON_ERROR_STOP psql stops the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.errors import PgError


@dataclass(frozen=True)
class PsqlCommand:
    """A psql meta-command (a backslash to the end of its arguments): psql runs it, the server never sees it."""

    name: str  # "set", "echo", "i", ...
    args: str


@dataclass(frozen=True)
class PsqlNote:
    """A meta-command the parse has carried out: what it did, in one sentence."""

    sentence: str


@dataclass(frozen=True)
class PsqlUnmodelled:
    """Input the replay cannot follow, and why."""

    reason: str


class PsqlError(PgError):
    """psql's own error (lower-case ``error:`` and no SQLSTATE in its output), not the server's."""

    def __init__(self, message: str):
        self.from_psql = True  # set first: the test suite's check of server messages looks for it
        self.reaches: str | None = None  # what psql would read of this machine instead (an include outside the folder)
        super().__init__(None, message)  # type: ignore[arg-type]
