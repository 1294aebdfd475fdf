"""What every layout reader returns, and the pieces several share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from consolidator.source.files import SkippedFile, SourceFile, byte_order, list_folder


@dataclass
class Reading:
    """The files a layout's tool applies, in its order, and every file it passes over, with the reason."""

    migrations: list[SourceFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    duplicate_versions: dict[str, list[str]] | None = None  # None: by the leading number, as the flat reader does
    notes: list[SkippedFile] = field(default_factory=list)  # what a replayed file asks its tool that is not modelled

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append(SkippedFile(name=name, reason=reason))

    def note(self, where: str, what: str) -> None:
        self.notes.append(SkippedFile(name=where, reason=what))


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


def entry_left_out(path: Path, name_pattern: re.Pattern[str], expected: str) -> tuple[re.Match[str] | None, str | None]:
    """For the tools whose migrations are files at the top of the folder: (the file name's match, None), or
    (None, why the entry is left out): a directory (not searched), a hidden file, or not `expected` (a file whose
    name does not match, and anything that is not a regular file)."""
    if path.is_dir():
        return None, "directory (not searched)"
    if path.name.startswith("."):
        return None, "hidden file"
    m = name_pattern.match(path.name) if path.is_file() else None
    if m is None:
        return None, f"not {expected}"
    return m, None


def walk(folder: Path) -> list[Path]:
    """Every entry under `folder`, sub-folders searched in place, in name order (as Go's fs.WalkDir lists them);
    hidden folders are listed, not searched."""
    found: list[Path] = []
    for path in sorted(list_folder(folder), key=byte_order):
        if path.is_dir() and not path.name.startswith("."):
            found.extend(walk(path))
        else:
            found.append(path)
    return found
