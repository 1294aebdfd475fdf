"""psql's own lexer (PostgreSQL 15's psqlscan.l and psqlscanslash.l), over one file.

psql, not the server, decides where a statement ends (a ``;`` outside quotes, comments, parentheses and the
``BEGIN ... END`` of a ``CREATE FUNCTION``), where a meta-command starts (an unquoted backslash) and where
its arguments end (the end of the line, or the next unquoted backslash), and it substitutes its variables
(``:name``, ``:'name'``, ``:"name"``, ``:{?name}``) outside quotes, comments and dollar quotes. A ``:name``
value is read again as input (it may hold a ``;``, a quote, a backslash command); the quoted forms are not.

Every character the lexer appends to the query buffer keeps the file offset it comes from (a substituted
value: the offset of its ``:name``), so that each statement keeps its file:line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consolidator.parse.char_classes import IDENT_START, VARIABLE_CHAR, ascii_except, with_non_ascii
from consolidator.parse.psql_vars import Unknown, Value, Variables, quote_ident, quote_literal

_VC = VARIABLE_CHAR  # psql: the bytes \200-\377, i.e. any non-ASCII character
_IS = IDENT_START
_IDENT_CONT = with_non_ascii("A-Za-z0-9_$")
_SPACE = " \t\n\r\f\v"
_OTHER = ascii_except(" \\t\\n\\r\\f\\v'\"$:\\\\();/\\-.A-Za-z_0-9")

_INITIAL = re.compile(rf"""
 (?P<ws>[ \t\n\r\f\v]+)
|(?P<comment>--[^\n\r]*)
|(?P<xc>/\*)
|(?P<xus>[uU]&')|(?P<xui>[uU]&")
|(?P<xb>[bBxX]')
|(?P<xe>[eE]')
|(?P<xn>[nN](?='))
|(?P<xq>')
|(?P<xd>")
|(?P<dolq>\$(?:{_IS}{_VC}*)?\$)
|(?P<param>\$[0-9]+)
|(?P<ident>{_IS}{_IDENT_CONT}*)
|(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?{_IS}?)
|(?P<colon>::|:=)
|(?P<var>:{_VC}+)
|(?P<varq>:'{_VC}+')
|(?P<vard>:"{_VC}+")
|(?P<vartest>:\{{\?{_VC}+\}})
|(?P<force>\\[;:])
|(?P<backslash>\\)
|(?P<lp>\()|(?P<rp>\))|(?P<semi>;)
|(?P<other>{_OTHER}+|.)
""", re.X | re.S)

_QUOTE_END = {"xq": re.compile("'"), "xd": re.compile('"'), "xc": re.compile(r"/\*|\*/"),
              "xe": re.compile(r"\\.|'", re.S)}
_OPTION_VAR = re.compile(rf":(?:(?P<plain>{_VC}+)|'(?P<lit>{_VC}+)'|\"(?P<ident>{_VC}+)\"|\{{\?(?P<test>{_VC}+)\}})")
_SLASH_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f"}

STATEMENT_END, BACKSLASH, END_OF_FILE = "semi", "backslash", "eof"


@dataclass
class Frame:
    """Text the lexer reads: the file itself (`origin` None: offsets are file offsets), or a variable's value
    being read again (every character maps to `origin`, the offset of its ``:name``)."""

    text: str
    pos: int = 0
    origin: int | None = None
    var: str | None = None

    def file_offset(self, pos: int | None = None) -> int:
        return (self.pos if pos is None else pos) if self.origin is None else self.origin


@dataclass
class QueryBuffer:
    """psql's query buffer: the text sent to the server at the end of a statement, with the file offset of
    each piece, and what the replay cannot know about it (an unknown variable in it)."""

    parts: list[tuple[int, str, int, bool]] = field(default_factory=list)  # (start, text, file offset, identity)
    length: int = 0
    content_at: int | None = None  # buffer offset of the first character that is not white space or a -- comment
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (buffer offset, why)
    bad: list[tuple[int, int]] = field(default_factory=list)  # (buffer offset, invalid byte) from a variable

    def add(self, text: str, origin: int, identity: bool, content: bool = True) -> None:
        if not text:
            return
        if content and self.content_at is None:
            self.content_at = self.length
        if self.parts and identity:
            start, last, last_origin, last_identity = self.parts[-1]
            if last_identity and last_origin + len(last) == origin:  # the file read on: one piece
                self.parts[-1] = (start, last + text, last_origin, True)
                self.length += len(text)
                return
        self.parts.append((self.length, text, origin, identity))
        self.length += len(text)

    @property
    def empty(self) -> bool:
        return self.content_at is None

    def text(self) -> str:
        return "".join(p[1] for p in self.parts)

    def origin(self, offset: int) -> int:
        """The file offset of the buffer's character at `offset`."""
        chosen = None
        for start, text, origin, identity in self.parts:
            if start > offset:
                break
            chosen = (start, text, origin, identity)
        if chosen is None:
            return self.parts[0][2] if self.parts else 0
        start, text, origin, identity = chosen
        return origin + min(offset - start, max(len(text) - 1, 0)) if identity else origin

    def truncate(self, length: int) -> None:
        """Back to `length` characters (psql's discard of an inactive \\if branch's text)."""
        keep = []
        for start, text, origin, identity in self.parts:
            if start >= length:
                break
            keep.append((start, text[: length - start], origin, identity))
        self.parts, self.length = keep, min(self.length, length)
        if self.content_at is not None and self.content_at >= self.length:
            self.content_at = None
        self.unknown = [u for u in self.unknown if u[0] < self.length]
        self.bad = [b for b in self.bad if b[0] < self.length]


@dataclass
class Option:
    """One argument of a meta-command as psql gives it to the command (quotes and variables processed)."""

    value: str
    quoted: bool = False
    backtick: str | None = None  # a shell command psql would run to make the value
    unknown: str | None = None  # why a variable in it is unknown to the replay


class UnterminatedOption(Exception):
    """psql: 'unterminated quoted string' in a meta-command's argument (the rest of the line is consumed)."""


class Lexer:
    """psqlscan.l's state over one file: quotes and comments, parentheses, CREATE FUNCTION's BEGIN ... END."""

    def __init__(self, text: str, variables: Variables):
        self.frames = [Frame(text)]
        self.variables = variables
        self.substitute = True  # False inside an inactive \if branch: psql substitutes nothing there
        self.state = "initial"
        self.xcdepth = 0
        self.dolq = ""
        self.paren_depth = 0
        self.begin_depth = 0
        self.identifiers: list[str] = []
        self.identifier_count = 0
        self.command_at = 0  # file offset of the backslash of the last meta-command found

    @property
    def file_frame(self) -> Frame:
        return self.frames[0]

    def _top(self) -> Frame | None:
        """The frame to read from (finished values popped); None at the end of the file."""
        while len(self.frames) > 1 and self.frames[-1].pos >= len(self.frames[-1].text):
            self.frames.pop()
        top = self.frames[-1]
        return top if top.pos < len(top.text) else None

    def _emit(self, buf: QueryBuffer, frame: Frame, start: int, end: int, content: bool = True) -> None:
        buf.add(frame.text[start:end], frame.file_offset(start), frame.origin is None, content)

    def reset(self) -> None:
        """psql_scan_reset (\\r): back to the start state."""
        self.state, self.xcdepth, self.dolq = "initial", 0, ""
        self.paren_depth = self.begin_depth = self.identifier_count = 0

    # ---- SQL --------------------------------------------------------------------------------------

    def scan(self, buf: QueryBuffer) -> str:
        """Lex until a statement ends (its ';' is in `buf`), a meta-command starts (its backslash is read) or
        the file ends."""
        while True:
            frame = self._top()
            if frame is None:
                return END_OF_FILE
            if self.state != "initial":
                self._quoted(buf, frame)
                continue
            m = _INITIAL.match(frame.text, frame.pos)
            kind, start, end = m.lastgroup, m.start(), m.end()
            frame.pos = end
            if kind in ("ws", "comment"):
                self._emit(buf, frame, start, end, content=False)
            elif kind in ("xq", "xus", "xb", "xe", "xd", "xui", "xc"):
                self.state = {"xus": "xq", "xb": "xq", "xui": "xd"}.get(kind, kind)
                self.xcdepth = 0
                self._emit(buf, frame, start, end)
            elif kind == "dolq":
                self.state, self.dolq = "xdolq", m.group()
                self._emit(buf, frame, start, end)
            elif kind == "ident":
                self._identifier(m.group())
                self._emit(buf, frame, start, end)
            elif kind == "lp":
                self.paren_depth += 1
                self._emit(buf, frame, start, end)
            elif kind == "rp":
                self.paren_depth = max(0, self.paren_depth - 1)
                self._emit(buf, frame, start, end)
            elif kind == "semi":
                self._emit(buf, frame, start, end)
                if self.paren_depth == 0 and self.begin_depth == 0:
                    self.identifier_count = 0
                    return STATEMENT_END
            elif kind == "force":  # \; and \: put the character into the buffer, nothing more
                self._emit(buf, frame, start + 1, end)
                if m.group() == "\\;":
                    self.identifier_count = 0
            elif kind == "backslash":
                self.command_at = frame.file_offset(start)
                return BACKSLASH
            elif kind in ("var", "varq", "vard", "vartest"):
                self._variable(buf, frame, kind, m.group(), start)
            else:
                self._emit(buf, frame, start, end)

    def _quoted(self, buf: QueryBuffer, frame: Frame) -> None:
        text, pos = frame.text, frame.pos
        if self.state == "xdolq":
            found = text.find(self.dolq, pos)
            end = len(text) if found == -1 else found + len(self.dolq)
            if found != -1:
                self.state = "initial"
            self._emit(buf, frame, pos, end)
            frame.pos = end
            return
        pattern = _QUOTE_END[self.state]
        while True:
            m = pattern.search(text, pos)
            if m is None:
                self._emit(buf, frame, frame.pos, len(text))
                frame.pos = len(text)
                return
            token, pos = m.group(), m.end()
            if token in ("'", '"'):
                if text.startswith(token, pos):  # doubled: part of the string
                    pos += 1
                    continue
                break
            if token == "/*":
                self.xcdepth += 1
                continue
            if token == "*/":
                if self.xcdepth > 0:
                    self.xcdepth -= 1
                    continue
                break
            # an escape in E'...': skip it
        self._emit(buf, frame, frame.pos, pos)
        frame.pos = pos
        self.state = "initial"

    def _identifier(self, word: str) -> None:
        """psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END."""
        lower = word.lower()
        if self.identifier_count == 0:
            self.identifiers = []
        if lower in ("create", "function", "procedure", "or", "replace") and len(self.identifiers) == self.identifier_count:
            self.identifiers.append(lower[0])
        self.identifier_count += 1
        first = "".join(self.identifiers[:4])
        if self.paren_depth == 0 and (first[:2] in ("cf", "cp") or first[:4] in ("corf", "corp")):
            if lower == "begin":
                self.begin_depth += 1
            elif lower == "case" and self.begin_depth >= 1:
                self.begin_depth += 1
            elif lower == "end" and self.begin_depth > 0:
                self.begin_depth -= 1

    def _variable(self, buf: QueryBuffer, frame: Frame, kind: str, token: str, start: int) -> None:
        name = token[1:] if kind == "var" else token[2:-1] if kind != "vartest" else token[3:-1]
        value = self.variables.get(name) if self.substitute else None
        origin = frame.file_offset(start)
        if isinstance(value, Unknown):
            if kind == "vartest" and value.defined:
                value = Value("TRUE")  # defined, whatever its value
            else:
                buf.unknown.append((buf.length, value.why))
                self._emit(buf, frame, start, frame.pos)
                return
        if kind == "vartest":
            buf.add("TRUE" if value is not None else "FALSE", origin, False)
            return
        if value is None or (kind == "var" and any(f.var == name for f in self.frames)):
            # undefined: left as written; a value naming itself is not expanded again (psql warns)
            self._emit(buf, frame, start, frame.pos)
            return
        if value.bad_byte is not None:
            buf.bad.append((buf.length, value.bad_byte))
        if kind == "var":
            self.frames.append(Frame(value.text, 0, origin, name))
        else:
            buf.add(quote_literal(value.text) if kind == "varq" else quote_ident(value.text), origin, False)

    # ---- meta-commands ---------------------------------------------------------------------------

    def at_end_of_line(self) -> bool:
        frame = self._top()
        return frame is None or (frame.origin is None and frame.text[frame.pos] == "\n")

    def command_name(self) -> str:
        """The name after the backslash: up to white space or the next backslash."""
        chars = []
        while (frame := self._top()) is not None and frame.text[frame.pos] not in _SPACE + "\\":
            chars.append(frame.text[frame.pos])
            frame.pos += 1
        return "".join(chars)

    def whole_line(self) -> str:
        """The rest of the line, leading white space dropped (OT_WHOLE_LINE)."""
        chars = []
        while not self.at_end_of_line():
            frame = self._top()
            c = frame.text[frame.pos]
            frame.pos += 1
            if chars or c not in _SPACE:
                chars.append(c)
        return "".join(chars)

    def option(self, *, semicolon: bool = False, filepipe: bool = False) -> Option | None:
        """The next argument (OT_NORMAL), None when there is none. Raises UnterminatedOption."""
        while not self.at_end_of_line() and self._top().text[self._top().pos] in _SPACE:
            self._top().pos += 1
        if self.at_end_of_line() or self._top().text[self._top().pos] == "\\":
            return None
        if filepipe and self._top().text[self._top().pos] == "|":
            return Option(self.whole_line())
        out: list[str] = []
        option = Option("")
        unquoted = 0
        while not self.at_end_of_line():
            frame = self._top()
            text, pos = frame.text, frame.pos
            c = text[pos]
            if c in _SPACE or c == "\\":
                break
            if c in "'`\"":
                frame.pos += 1
                out.append(self._option_quote(c, option))
                option.quoted, unquoted = True, 0
                continue
            m = _OPTION_VAR.match(text, pos) if c == ":" else None
            if m is not None:
                frame.pos = m.end()
                out.append(self._option_variable(m, option))
                unquoted = 0
                continue
            out.append(c)
            frame.pos += 1
            unquoted += 1
        value = "".join(out)
        if semicolon:
            while unquoted > 0 and value.endswith(";"):
                value, unquoted = value[:-1], unquoted - 1
        option.value = value
        return None if not value and not option.quoted else option

    def _option_quote(self, quote: str, option: Option) -> str:
        chars = []
        while True:
            if self.at_end_of_line():
                raise UnterminatedOption()
            frame = self._top()
            text, pos = frame.text, frame.pos
            c = text[pos]
            if c == quote:
                if quote == "'" and text.startswith("''", pos):
                    chars.append("'")
                    frame.pos += 2
                    continue
                frame.pos += 1
                break
            if quote == "'" and c == "\\" and pos + 1 < len(text) and text[pos + 1] != "\n":
                m = _SLASH_ESCAPE.match(text, pos)
                octal, hexa, single = m.groups()
                chars.append(chr(int(octal, 8) % 256) if octal else chr(int(hexa, 16)) if hexa
                             else _SIMPLE_ESCAPES.get(single, single))
                frame.pos = m.end()
                continue
            if quote == "`" and c == ":":
                m = _OPTION_VAR.match(text, pos)
                if m is not None and (m.group("plain") or m.group("lit")):
                    frame.pos = m.end()
                    chars.append(self._option_variable(m, option, shell=True))
                    continue
            chars.append(c)
            frame.pos += 1
        inside = "".join(chars)
        if quote == "`":
            option.backtick = option.backtick or inside
            return ""
        return f'"{inside}"' if quote == '"' else inside

    def _option_variable(self, m: re.Match, option: Option, shell: bool = False) -> str:
        name = m.group("plain") or m.group("lit") or m.group("ident") or m.group("test")
        value = self.variables.get(name) if self.substitute else None
        if isinstance(value, Unknown):
            if m.group("test") and value.defined:
                return "TRUE"
            option.unknown = option.unknown or value.why
            return m.group()
        if m.group("test"):
            return "TRUE" if value is not None else "FALSE"
        option.quoted = True
        if value is None:
            return m.group()
        if m.group("plain"):
            return value.text
        if shell or m.group("lit"):
            return "'" + value.text.replace("'", "'\\''") + "'" if shell else quote_literal(value.text)
        return quote_ident(value.text)

    def end_of_command(self) -> None:
        """psql_scan_slash_command_end: a double backslash after a command is eaten."""
        frame = self._top()
        if frame is not None and frame.text.startswith("\\\\", frame.pos):
            frame.pos += 2
