"""Split a legacy file into statements with PostgreSQL 15's own grammar (pglast / libpg_query).

A statement the server would reject before running it (invalid UTF-8, syntax error,
unterminated quote) becomes a `Statement` whose `error` is set: the replay treats it as
a failed statement, exactly where psql would have sent it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

import pglast
from pglast.parser import ParseError, scan

from consolidator.errors import PgError, SourceSpan, SqlState


@dataclass(frozen=True)
class Statement:
    """One statement of a legacy file: its parse tree (None when it failed to parse), text and position."""

    node: Any
    text: str
    span: SourceSpan
    error: PgError | None = None

    @property
    def kind(self) -> str:
        return type(self.node).__name__ if self.node is not None else "Invalid"


@dataclass(frozen=True)
class PsqlCommand:
    """A psql meta-command (a backslash to the end of its line): psql runs it, the server never sees it."""

    name: str  # "set", "echo", "i", ...
    args: str


_LEADING_NOISE = re.compile(r"(?:\s+|--[^\n]*(?:\n|$))*")


def _skip_noise(text: str, pos: int) -> int:
    """Advance past white space and comments ('--' and nested '/* */') to where the statement really starts."""
    while True:
        m = _LEADING_NOISE.match(text, pos)
        pos = m.end()
        if text.startswith("/*", pos):
            depth, i = 0, pos
            while i < len(text):
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                    if depth == 0:
                        break
                else:
                    i += 1
            pos = i
            continue
        return pos


class _LineIndex:
    def __init__(self, text: str, joins: list[int] = ()):
        # `joins`: offsets where psql swallowed a newline (after a NUL byte): still a new line in the file.
        self._starts = sorted([0] + [m.end() for m in re.finditer("\n", text)] + list(joins))

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _record_invalid_byte(err: UnicodeDecodeError):
    _INVALID_BYTES.append(err.start)
    return "\ufffd", err.start + 1


_INVALID_BYTES: list[int] = []
codecs.register_error("consolidator-record", _record_invalid_byte)


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


def decode(data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """UTF-8 text, each invalid byte replaced by U+FFFD; also the (char offset, byte value) of each invalid byte."""
    data = psql_read(data)[0]
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


def parse_file(file: str, data: bytes) -> list[Statement]:
    data, joins = psql_read(data)
    text, bad_bytes = decode(data)
    lines = _LineIndex(text, [len(decode(data[:j])[0]) for j in joins])

    def span_at(offset: int) -> SourceSpan:
        line, col = lines.position(offset)
        return SourceSpan(file=file, line=line, column=col)

    text, commands = _take_psql_commands(text)
    statements = _parse_text(text, span_at, bad_bytes)
    if not commands:
        return statements
    meta = [Statement(node=cmd, text=line, span=span_at(offset)) for offset, cmd, line in commands]
    return sorted(statements + meta, key=lambda st: (st.span.line, st.span.column))


def _take_psql_commands(text: str) -> tuple[str, list[tuple[int, PsqlCommand, str]]]:
    """Blank out psql's meta-commands (an unquoted backslash to the end of its line), keeping every offset;
    returns the text the server would get and (offset, command, source line) for each."""
    if "\\" not in text:
        return text, []
    try:
        tokens = scan(text)
    except ParseError:
        tokens = _scan_prefix(text)
    found, blanked_to = [], -1
    for tok in tokens:
        if tok.name != "ASCII_92" or tok.start < blanked_to:
            continue
        end = text.find("\n", tok.start)
        end = len(text) if end == -1 else end
        line = text[tok.start:end]
        word, _, args = line[1:].partition(" ")
        found.append((tok.start, PsqlCommand(name=word.strip(), args=args.strip()), line.strip()))
        text = text[:tok.start] + " " * (end - tok.start) + text[end:]
        blanked_to = end
    return text, found


def _parse_text(text: str, span_at, bad_bytes: list[tuple[int, int]]) -> list[Statement]:
    if not bad_bytes:
        try:
            raw = pglast.parse_sql(text)
        except ParseError:
            raw = None
        if raw is not None:
            out = []
            for r in raw:
                start = _skip_noise(text, r.stmt_location)
                end = r.stmt_location + r.stmt_len if r.stmt_len else len(text)
                out.append(Statement(node=r.stmt, text=text[start:end].strip(), span=span_at(start)))
            return out
    return [_parse_piece(text, start, end, span_at, bad_bytes) for start, end in _split(text)]


def _split(text: str) -> list[tuple[int, int]]:
    """Statement boundaries (char offsets) as psql finds them: at ';' outside parentheses, quotes and comments."""
    try:
        tokens = scan(text)
        unterminated = False
    except ParseError:
        # An unterminated quote or comment: psql sends everything from there to the end of the file as one
        # statement. Scan up to the last ';' that still scans, the rest is that statement.
        tokens, unterminated = _scan_prefix(text), True
    pieces: list[tuple[int, int]] = []
    start, depth = 0, 0
    for tok in tokens:  # pglast gives token offsets in characters, end inclusive
        if tok.name == "ASCII_40":
            depth += 1
        elif tok.name == "ASCII_41":
            depth = max(0, depth - 1)
        elif tok.name == "ASCII_59" and depth == 0:
            pieces.append((start, tok.end + 1))
            start = tok.end + 1
    pieces = [(s, e) for s, e in pieces if _has_content(text[s:e])]
    if unterminated or _has_content(text[start:]):
        pieces.append((start, len(text)))
    return pieces


def _scan_prefix(text: str) -> list:
    """Tokens of the longest prefix ending at a ';' that scans cleanly."""
    cut = text.rfind(";")
    while cut >= 0:
        try:
            return scan(text[: cut + 1])
        except ParseError:
            cut = text.rfind(";", 0, cut)
    return []


def _has_content(piece: str) -> bool:
    stripped = piece[_skip_noise(piece, 0):].strip()
    return stripped not in ("", ";")


def _parse_piece(text: str, start: int, end: int, span_at, bad_bytes: list[tuple[int, int]]) -> Statement:
    real_start = _skip_noise(text, start)
    piece = text[start:end]
    statement_text = text[real_start:end].strip().removesuffix(";").rstrip()  # without its ";", as the others
    for offset, value in bad_bytes:
        if start <= offset < end:
            error = PgError(
                SqlState.CHARACTER_NOT_IN_REPERTOIRE, f'invalid byte sequence for encoding "UTF8": 0x{value:02x}'
            )
            return Statement(node=None, text=statement_text, span=span_at(offset), error=error)
    try:
        raw = pglast.parse_sql(piece)
    except ParseError as e:
        offset = start + len(piece.encode("utf-8")[: e.args[1]].decode("utf-8", "ignore")) if len(e.args) > 1 else real_start
        error = PgError(SqlState.SYNTAX_ERROR, str(e.args[0]))
        return Statement(node=None, text=statement_text, span=span_at(min(offset, max(real_start, end - 1))), error=error)
    if len(raw) != 1:
        # Nothing but comments, or more than the splitter saw: keep the first, the tokens say one statement.
        node = raw[0].stmt if raw else None
    else:
        node = raw[0].stmt
    return Statement(node=node, text=statement_text, span=span_at(real_start))
