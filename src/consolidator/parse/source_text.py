"""The text psql reads from one file, and where each character of it is in that file (file:line:column)."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

from consolidator.errors import SourceSpan

_BOM = b"\xef\xbb\xbf"


def psql_read(data: bytes) -> tuple[bytes, list[int]]:
    """The bytes psql reads from a file, and the offsets (in them) of the newlines it swallowed.

    psql skips a UTF-8 byte order mark at the start of the file, and reads lines with fgets into a 1024-byte
    buffer: a NUL byte ends its piece early, swallowing the rest of the piece, newline included, so the next
    line joins it (checked with psql 15 -f)."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if b"\x00" not in data:
        return data, []
    out, joins, pos = bytearray(), [], 0
    while pos < len(data):
        newline = data.find(b"\n", pos, pos + 1023)
        end = newline + 1 if newline != -1 else min(pos + 1023, len(data))
        piece = data[pos:end]
        nul = piece.find(b"\x00")
        if nul == -1:
            out += piece
        else:
            out += piece[:nul]
            if piece.endswith(b"\n"):
                joins.append(len(out))
        pos = end
    return bytes(out), joins


_INVALID_BYTES: list[int] = []


def _record_invalid_byte(err: UnicodeDecodeError):
    _INVALID_BYTES.append(err.start)
    return "\ufffd", err.start + 1


codecs.register_error("consolidator-record", _record_invalid_byte)


def decode(data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """UTF-8 text, each invalid byte replaced by U+FFFD; also the (char offset, byte value) of each invalid byte."""
    _INVALID_BYTES.clear()
    text = data.decode("utf-8", "consolidator-record")
    bad: list[tuple[int, int]] = []
    chars, previous = 0, 0
    for byte_offset in list(_INVALID_BYTES):
        chars += len(data[previous:byte_offset].decode("utf-8", "replace"))
        bad.append((chars, data[byte_offset]))
        chars += 1
        previous = byte_offset + 1
    _INVALID_BYTES.clear()
    return text, bad


@dataclass(frozen=True)
class SourceText:
    """One file as psql reads it: its name relative to the legacy folder, its text, the invalid bytes in it,
    and, for a file psql ran with \\i or \\ir, where that command was."""

    name: str
    text: str
    bad_bytes: tuple[tuple[int, int], ...] = ()
    included_from: SourceSpan | None = None
    psql_path: str = ""  # the path psql opened it by, relative to the legacy folder: \ir is relative to its folder
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def read(cls, name: str, data: bytes, *, included_from: SourceSpan | None = None,
             psql_path: str | None = None) -> "SourceText":
        data, joins = psql_read(data)
        text, bad = decode(data)
        # `joins`: offsets where psql swallowed a newline (after a NUL byte): still a new line in the file.
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        if joins:
            starts = sorted(starts + [len(decode(data[:j])[0]) for j in joins])
        return cls(name=name, text=text, bad_bytes=tuple(bad), included_from=included_from,
                   psql_path=name if psql_path is None else psql_path, _starts=starts)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, offset: int) -> SourceSpan:
        line, column = self.position(offset)
        return SourceSpan(file=self.name, line=line, column=column, included_from=self.included_from)

    def line_text(self, offset: int) -> str:
        """The line (as psql reads it) that holds `offset`, without its newline."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return self.text[start: len(self.text) if end == -1 else end]
