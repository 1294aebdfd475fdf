"""Split a legacy file into statements as psql 15 sends them to the server, with PostgreSQL 15's grammar
(pglast / libpg_query) for each.

A file that uses no psql feature (no backslash, none of psql's own variables) is parsed whole by pglast;
any other goes through psql's own lexer first (`psql_script`): meta-commands, ``\\i`` / ``\\ir`` followed
into the included files (with the `include` loader), ``\\set`` variables substituted, ``\\if`` branches.

A statement the server would reject before running it (invalid UTF-8, syntax error, unterminated quote)
becomes a `Statement` whose `error` is set: the replay treats it as a failed statement, exactly where psql
would have sent it. psql's own failures (a missing ``\\i`` file) are `PsqlError`s, without SQLSTATE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pglast
from pglast.parser import ParseError, scan

from consolidator.errors import PgError, SourceSpan, SqlState, short_server_message
from consolidator.parse import psql_script, tree as _fast_visitor  # noqa: F401  (installs the fast Visitor)
from consolidator.parse.cache import ParseCache
from consolidator.parse.includes import FolderIncludes, includes_of
from consolidator.parse.psql_nodes import PsqlCommand, PsqlError, PsqlNote, PsqlUnmodelled
from consolidator.parse.psql_script import Include, Query
from consolidator.parse.char_classes import VARIABLE_CHAR
from consolidator.parse.psql_vars import PREDEFINED
from consolidator.parse.source_text import SourceText, decode, psql_read
from consolidator.source.discover import Sources

__all__ = ["Include", "includes_of", "PsqlCommand", "PsqlError", "PsqlNote", "PsqlUnmodelled", "Statement", "decode",
           "parse_file", "psql_read", "read_includes"]


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


# psql substitutes its own variables (:DBNAME, :'USER', ...) even in a file that sets none.
_PSQL_OWN_VARIABLE = re.compile(r":(?:'|\"|\{\?)?(?:" + "|".join(sorted(PREDEFINED)) + ")(?!" + VARIABLE_CHAR + ")")


def parse_file(file: str, data: bytes, include: Include | None = None,
               cache: ParseCache | None = None) -> list[Statement]:
    """The statements of `file` (its name relative to the legacy folder), in the order psql runs them.

    `include(path, including)` reads what ``\\i path`` (`including` None) or ``\\ir path`` (`including`: the
    including file's path) names, or raises `IncludeError`; without it, ``\\i`` and ``\\ir`` are left to the
    replay, which reports them as not modelled. `cache`: where the statements of a file without psql features
    are kept by content (see `consolidator.parse.cache`)."""
    source = SourceText.read(file, data)
    if "\\" not in source.text and not _PSQL_OWN_VARIABLE.search(source.text):
        if cache is None:
            return _parse_text(source)
        cached = cache.load(data)
        if cached is not None:
            return [Statement(node=node, text=text, span=SourceSpan(file=file, line=line, column=column), error=error)
                    for node, text, line, column, error in cached]
        statements = _parse_text(source)
        cache.store(data, [(s.node, s.text, s.span.line, s.span.column, s.error) for s in statements])
        return statements
    out: list[Statement] = []
    for item in psql_script.run(source, include):
        if isinstance(item, Query):
            out.extend(_parse_query(item))
        else:
            out.append(Statement(node=item.node, text=item.text, span=item.source.span(item.offset), error=item.error))
    return out


def read_includes(sources: Sources) -> FolderIncludes:
    """The loader of `sources` with every file the migrations include read (what verify's psql will read)."""
    loader = includes_of(sources)
    for migration in sources.migrations:
        if b"\\" in migration.data:
            parse_file(migration.name, migration.data, include=loader)
    return loader


def _parse_query(query: Query) -> list[Statement]:
    """The statements of one query psql sends (usually one; more after a \\; ), each at its file position."""
    text, source = query.text, query.source

    def span_at(offset: int) -> SourceSpan:
        return source.span(query.origin(offset))

    start = _skip_noise(text, 0)
    statement_text = text[start:].strip().removesuffix(";").rstrip()
    if query.unknown is not None:
        return [Statement(node=PsqlUnmodelled(query.unknown), text=statement_text, span=span_at(start))]
    if query.bad is not None:
        offset, value = query.bad
        return [Statement(node=None, text=statement_text, span=source.span(offset), error=_invalid_byte(value))]
    try:
        raw = pglast.parse_sql(text)
    except ParseError as e:
        offset = _error_offset(text, e, start)
        return [Statement(node=None, text=statement_text, span=span_at(min(offset, max(start, len(text) - 1))),
                          error=_syntax_error(e))]
    out = []
    for r in raw:
        begin = _skip_noise(text, r.stmt_location)
        end = r.stmt_location + r.stmt_len if r.stmt_len else len(text)
        out.append(Statement(node=r.stmt, text=text[begin:end].strip().removesuffix(";").rstrip(), span=span_at(begin)))
    return out


def _invalid_byte(value: int) -> PgError:
    return PgError(SqlState.CHARACTER_NOT_IN_REPERTOIRE, f'invalid byte sequence for encoding "UTF8": 0x{value:02x}')


def _syntax_error(e: ParseError) -> PgError:
    """The server's 42601, its quoted excerpt cut to its first line (an unterminated quote quotes the whole rest of
    the file): `unterminated dollar-quoted string at or near "$$ BEGIN…"`, at the line where the quote opens."""
    return PgError(SqlState.SYNTAX_ERROR, short_server_message(str(e.args[0])))


def _error_offset(piece: str, e: ParseError, default: int) -> int:
    if len(e.args) < 2:
        return default
    return len(piece.encode("utf-8")[: e.args[1]].decode("utf-8", "ignore"))


def _parse_text(source: SourceText) -> list[Statement]:
    """A file without psql features: parsed whole, or split at its top-level semicolons when that fails."""
    text, span_at, bad_bytes = source.text, source.span, source.bad_bytes
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
            return Statement(node=None, text=statement_text, span=span_at(offset), error=_invalid_byte(value))
    try:
        raw = pglast.parse_sql(piece)
    except ParseError as e:
        offset = start + _error_offset(piece, e, real_start - start)
        error = _syntax_error(e)
        return Statement(node=None, text=statement_text, span=span_at(min(offset, max(real_start, end - 1))), error=error)
    if len(raw) != 1:
        # Nothing but comments, or more than the splitter saw: keep the first, the tokens say one statement.
        node = raw[0].stmt if raw else None
    else:
        node = raw[0].stmt
    return Statement(node=node, text=statement_text, span=span_at(real_start))
