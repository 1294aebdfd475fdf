"""What happened to one migration file: one type for the model's replay and for a real server's."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from consolidator.errors import Diagnostic

FileStatus = Literal["ok", "failed", "not-run"]


class FileOutcome(BaseModel):
    name: str  # as in the legacy folder
    status: FileStatus = "ok"
    sha256: str | None = None
    statements: int | None = None  # how many statements the file holds (the model's replay)
    errors: list[Diagnostic] = []  # every error, in order: under the file policy the first rolled the file back
    notices: list[Diagnostic] = []
    outside_transaction: str | None = None  # why the policy's transaction was not used: it ran statement by statement

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def first_error(self) -> Diagnostic | None:
        return self.errors[0] if self.errors else None

    def fail(self, error: Diagnostic) -> None:
        self.status = "failed"
        self.errors.append(error)

    def describe(self) -> str:
        e = self.first_error
        if self.status != "failed" or e is None:
            return f"{self.name}: {self.status}"
        return f"{self.name}:{e.line}: {e.sqlstate or 'psql'} {e.one_line()}"
