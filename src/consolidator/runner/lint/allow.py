"""`-- lint:allow RULE[, RULE]`: a person's explicit yes to what a rule would report.

On a statement's first line, or in the comment lines directly above it, it allows that statement; before the first
section (a single file's header, or the leading comments of a pair's file) it allows the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ALLOW = re.compile(r"--\s*lint:allow\s+([\w\-]+(?:\s*,\s*[\w\-]+)*)")
_MARKER = re.compile(r"^\s*--\s*migrate:")


@dataclass
class Allowances:
    whole_file: dict[str, set[str]] = field(default_factory=dict)  # path -> rules
    at_line: dict[tuple[str, int], set[str]] = field(default_factory=dict)  # (path, line a statement starts) -> rules
    named: list[tuple[str, int, str]] = field(default_factory=list)  # every (path, line, rule) written

    def allows(self, rule: str, path: str, line: int) -> bool:
        return rule in self.whole_file.get(path, set()) or rule in self.at_line.get((path, line), set())


def read(texts: dict[str, str], allowances: Allowances | None = None) -> Allowances:
    out = allowances or Allowances()
    for path, text in texts.items():
        lines = text.splitlines()
        in_header = True
        pending: set[str] = set()
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            found = {r.strip() for m in ALLOW.finditer(line) for r in m.group(1).split(",")}
            out.named.extend((path, number, r) for r in sorted(found))
            if _MARKER.match(line):
                in_header, pending = False, set()
                continue
            if not stripped or stripped.startswith("--"):
                if in_header:
                    out.whole_file.setdefault(path, set()).update(found)
                else:
                    pending |= found
                continue
            in_header = False
            rules = pending | found
            if rules:
                out.at_line.setdefault((path, number), set()).update(rules)
            pending = set()
    return out
