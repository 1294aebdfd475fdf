"""What every layout reader returns, and the pieces several share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consolidator.source.files import SkippedFile, SourceFile


@dataclass
class Reading:
    """The files a layout's tool applies, in its order, and every file it passes over, with the reason."""

    migrations: list[SourceFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    duplicate_versions: dict[str, list[str]] | None = None  # None: by the leading number, as the flat reader does

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append(SkippedFile(name=name, reason=reason))


def duplicates(versions: dict[str, list[str]]) -> dict[str, list[str]]:
    return {v: names for v, names in sorted(versions.items()) if len(names) > 1}


def keep_lines(text: str, keep: list[bool]) -> str:
    """The text with every line not kept blanked (its line break stays), so statements keep their line numbers."""
    lines = text.splitlines(keepends=True)
    out = []
    for line, kept in zip(lines, keep):
        if kept:
            out.append(line)
        else:
            out.append(line[len(line.rstrip("\r\n")):])
    return "".join(out)


_COMMENT_ONLY = re.compile(r"^\s*(--.*)?$")


def has_statements(lines: list[str]) -> bool:
    """Whether any of the lines holds more than blanks and `--` comments."""
    return any(not _COMMENT_ONLY.match(line) for line in lines)
