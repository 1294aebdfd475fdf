"""Markdown (CommonMark with GitHub's tables): every text from the input reaches a report through this module.

- `text`: prose from the input (messages, comments, sentences): one line, every ASCII punctuation character
  backslash-escaped. CommonMark makes each escaped character a literal, so no input opens a link, emphasis,
  HTML, a heading, a list or a table cell.
- `code`: names, file names and SQL excerpts: a code span (literal by definition) whose fence is longer than
  any run of backticks inside; in a table cell the pipe is escaped too (GitHub splits cells before code spans).
- Line breaks, other control characters and the invisible format characters (bidirectional overrides,
  zero-width spaces) are shown as escapes (\\n, \\x1b, \\u202e; a backslash doubled) everywhere, so one line
  of input stays one line and reads as what it is.
"""

from __future__ import annotations

import re
import unicodedata

_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def visible(value: object) -> str:
    """One line: control and format characters as escapes, a backslash doubled (so that an escape is not ambiguous)."""
    out = []
    for ch in str(value):
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif _hidden(ch):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def text(value: object) -> str:
    return _PUNCTUATION.sub(r"\\\1", visible(value))


def code(value: object, cell: bool = False) -> str:
    content = visible(value)
    if cell:
        content = content.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    if content.startswith(("`", " ")) or content.endswith(("`", " ")) or not content:
        content = f" {content} "
    return f"{fence}{content}{fence}"


def cell_code(value: object) -> str:
    return code(value, cell=True)


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub table; cells are markdown already (made with `text` / `cell_code`), an empty one shows a dash."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(c if c else "—" for c in row) + " |")
    return out


def bullets(items: list[str], indent: int = 0) -> list[str]:
    return [" " * indent + "- " + item for item in items]


def heading(level: int, title: str) -> str:
    return "#" * level + " " + title


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
