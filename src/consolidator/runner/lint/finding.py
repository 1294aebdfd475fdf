"""What lint reports: findings (a rule failed: exit 1) and notes (what the model could not check)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    line: int
    message: str
    hint: str

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.rule, self.message)


@dataclass(frozen=True)
class Note:
    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Rule:
    id: str
    catches: str  # one line: what the rule catches (the README's list)
    hint: str  # how to fix what it found, unless a finding says more precisely
    check: Callable[..., Iterable[tuple[str, int, str] | tuple[str, int, str, str]]]

    def findings(self, folder) -> list[Finding]:
        """The check yields (path, line, message) or (path, line, message, hint)."""
        out = []
        for item in self.check(folder):
            path, line, message, *hint = item
            out.append(Finding(self.id, path, max(int(line or 1), 1), message, hint[0] if hint else self.hint))
        return out
