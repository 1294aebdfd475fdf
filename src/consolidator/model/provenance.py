"""Where an object of the catalog came from: the statement that created it and the last one that changed it."""

from __future__ import annotations

from pydantic import BaseModel

from consolidator.errors import SourceSpan


class Provenance(BaseModel):
    created: SourceSpan
    changed: SourceSpan

    @classmethod
    def at(cls, span: SourceSpan) -> "Provenance":
        return cls(created=span, changed=span)

    def touch(self, span: SourceSpan) -> None:
        self.changed = span

    def describe(self) -> str:
        if self.created == self.changed:
            return f"created in {self.created}"
        return f"created in {self.created}, last changed in {self.changed}"
