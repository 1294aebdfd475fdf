"""One run of psql over a file, as psql 15's MainLoop does it: statements sent at their end, meta-commands run
where they are, ``\\i`` / ``\\ir`` followed into the included file, ``\\set`` variables substituted,
``\\if`` branches taken or skipped. The result is what psql runs, in order: `Query` (a statement's text,
as sent to the server) and `Directive` (what psql did itself).

Checked with psql 15 -X -f (see tests/parse/test_psql_against_psql.py):
- ``\\i FILE`` is relative to psql's directory (for the replay: the legacy folder), ``\\ir FILE`` to the
  including file's folder; a trailing unquoted ``;`` is dropped. A missing file is psql's error
  ``FILE: No such file or directory``, a folder ``could not read from input file: Is a directory``: under
  ON_ERROR_STOP psql stops there. The included file runs in place, in the same transaction, with its own
  query buffer and ``\\if`` stack, and the same variables.
- psql has no include-loop check: it recurses until a statement fails on its second pass (``CREATE TABLE``
  again: 42P07), or else until it runs out of file descriptors (``Too many open files``) or its stack
  (killed by SIGSEGV). The replay runs a file at most twice in one chain of includes (the second pass fails
  as psql's does), then fails at the ``\\i`` that would repeat it once more.
- A file outside the legacy folder is not followed (an error here; psql would read it).
- ``\\q`` ends the whole run there; ``\\r`` drops the query buffer; ``\\g`` and friends send it (or, when it
  is empty, the previous query again); an unclosed ``\\if`` fails at the end of its file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

from consolidator.errors import excerpt
from consolidator.parse.includes import IncludedFile, IncludeError
from consolidator.parse.psql_lexer import (BACKSLASH, STATEMENT_END, Lexer, Option, QueryBuffer,
                                           UnterminatedOption)
from consolidator.parse.psql_nodes import PsqlCommand, PsqlError, PsqlNote, PsqlUnmodelled
from consolidator.parse.psql_vars import Unknown, Value, Variables, parse_bool, valid_name
from consolidator.parse.source_text import SourceText

# (path as written, the including file's psql path for \ir or None for \i) -> the file
Include = Callable[[str, "str | None"], IncludedFile]

MAX_INCLUDE_DEPTH = 64

# psql 15's meta-commands (exec_command in command.c; tests/parse/test_psql_against_psql.py checks each against
# psql, and `\?` against the list). Any \d... and \lo_... name is taken as valid: psql checks their letters
# itself, which the replay does not model.
_COMMANDS = frozenset({
    "!", "?", "a", "C", "c", "connect", "cd", "conninfo", "copy", "copyright", "crosstabview", "e", "edit", "ef",
    "ev", "echo", "qecho", "warn", "elif", "else", "endif", "encoding", "errverbose", "f", "g", "gx", "gdesc",
    "getenv", "gexec", "gset", "h", "help", "H", "html", "i", "include", "ir", "include_relative", "if", "l",
    "list", "l+", "list+", "o", "out", "p", "print", "password", "prompt", "pset", "q", "quit", "r", "reset",
    "restrict", "s", "set", "setenv", "sf", "sf+", "sv", "sv+", "t", "T", "timing", "unrestrict", "unset", "w",
    "write", "watch", "x", "z",
})


def known_command(name: str) -> bool:
    return name in _COMMANDS or name.startswith(("d", "lo_"))


_WHOLE_LINE = frozenset({"!", "copy", "h", "help", "sf", "sf+", "sv", "sv+", "ef", "ev"})
_FILE_PIPE = frozenset({"g", "gx", "o", "out", "w", "write"})
_INCLUDES = {"i": False, "include": False, "ir": True, "include_relative": True}
_SENDS = frozenset({"g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch"})
_CONDITIONALS = frozenset({"if", "elif", "else", "endif"})
# \if states (conditional.h), and the replay's own: a condition it cannot evaluate
TRUE, FALSE, IGNORED, ELSE_TRUE, ELSE_FALSE, MAYBE, ELSE_MAYBE = "t", "f", "i", "et", "ef", "m", "em"


@dataclass(frozen=True)
class Query:
    """One statement as psql sends it: its text and, for every character of it, the file offset it comes from."""

    source: SourceText
    text: str
    parts: tuple[tuple[int, str, int, bool], ...]
    unknown: str | None = None  # why the replay cannot know what it does
    bad: tuple[int, int] | None = None  # (file offset, byte) of the first invalid byte in it

    def origin(self, offset: int) -> int:
        starts = [p[0] for p in self.parts]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        start, text, origin, identity = self.parts[i]
        return origin + min(max(offset - start, 0), max(len(text) - 1, 0)) if identity else origin


@dataclass(frozen=True)
class Directive:
    """What psql did itself at `offset`: a node for the replay (PsqlCommand, PsqlNote, PsqlUnmodelled), or a
    psql error."""

    source: SourceText
    offset: int
    text: str
    node: object = None
    error: PsqlError | None = None


Item = Query | Directive


@dataclass
class _Shared:
    """What the files of one psql run share: the variables, the include loader, what comes out."""

    variables: Variables
    include: Include | None
    out: list[Item] = field(default_factory=list)
    cwd_changed: bool = False  # after \cd, \i resolves elsewhere
    maybe_quit: str | None = None  # a \q the replay cannot tell runs: everything after it is uncertain


def run(source: SourceText, include: Include | None) -> list[Item]:
    shared = _Shared(Variables(), include)
    _FileRun(source, shared, (source.name,)).run()
    return shared.out


class _FileRun:
    def __init__(self, source: SourceText, shared: _Shared, stack: tuple[str, ...]):
        self.source, self.shared, self.stack = source, shared, stack
        self.lexer = Lexer(source.text, shared.variables)
        self.buf = QueryBuffer()
        self.previous: QueryBuffer | None = None
        # [state, saved buffer length, saved paren depth, why (MAYBE), live (the block is in a running branch)]
        self.conds: list[list] = []

    # ---- the loop --------------------------------------------------------------------------------

    def run(self) -> bool:
        """Run the file; False when psql quits (\\q) inside it."""
        while True:
            event = self.lexer.scan(self.buf)
            if event == STATEMENT_END:
                self._send(self.buf)
                self.buf = QueryBuffer()
            elif event == BACKSLASH:
                if not self._command():
                    return False
            else:
                break
        if not self.buf.empty and self._active():
            self._send(self.buf)
        if self.conds:
            end = max(len(self.source.text) - 1, 0)
            self._directive(end, "", error=PsqlError("reached EOF without finding closing \\endif(s)"))
        return True

    def _active(self) -> bool:
        return not self.conds or self.conds[-1][0] in (TRUE, ELSE_TRUE, MAYBE, ELSE_MAYBE)

    def _uncertain(self) -> str | None:
        for state, _, _, why, _ in self.conds:
            if state in (MAYBE, ELSE_MAYBE):
                return why
        return self.shared.maybe_quit

    def _send(self, buf: QueryBuffer, at: int | None = None) -> None:
        """Send a query (when the branch is active): a Query for the replay. `at`: re-sent by a command there."""
        if not self._active():
            return
        self.previous = buf
        if buf.empty:
            return
        parts = tuple(buf.parts) if at is None else ((0, buf.text(), at, False),)
        unknown = self._uncertain() or (buf.unknown[0][1] if buf.unknown else None)
        bad = self._first_bad(buf, parts, at)
        self.shared.out.append(Query(self.source, buf.text(), parts, unknown, bad))

    def _first_bad(self, buf: QueryBuffer, parts, at: int | None) -> tuple[int, int] | None:
        """(file offset, byte) of the query's first invalid byte: from the file, or from a variable's value."""
        found = []  # (buffer offset, (file offset, byte))
        offsets = [b[0] for b in self.source.bad_bytes]
        for start, text, origin, identity in parts:
            if identity and offsets:
                i = bisect.bisect_left(offsets, origin)
                if i < len(offsets) and offsets[i] < origin + len(text):
                    found.append((start + offsets[i] - origin, self.source.bad_bytes[i]))
        for offset, byte in buf.bad:
            found.append((offset, (buf.origin(offset) if at is None else at, byte)))
        return min(found)[1] if found else None

    def _directive(self, offset: int, text: str, node: object = None, error: PsqlError | None = None) -> None:
        self.shared.out.append(Directive(self.source, offset, text, node, error))

    # ---- meta-commands ---------------------------------------------------------------------------

    def _command(self) -> bool:
        lexer = self.lexer
        at, in_file = lexer.command_at, len(lexer.frames) == 1
        name = lexer.command_name()
        options, unterminated = self._options(name)
        raw = self.source.text[at:lexer.file_frame.pos].strip() if in_file else f"\\{name}"
        lexer.end_of_command()
        args = raw[1 + len(name):].strip() if in_file else " ".join(o.value for o in options)
        if not in_file:
            raw = f"{raw} {args}".strip()
        if not known_command(name):  # an error even in a skipped branch; psql drops the rest of the line
            self._directive(at, raw, error=PsqlError(f"invalid command \\{name}"))
            return True
        if name in _CONDITIONALS:
            self._conditional(name, at, raw, options)
            return True
        if not self._active():
            return True
        if unterminated:
            self._directive(at, raw, PsqlNote(f"psql: unterminated quoted string in \\{name}: psql says so and goes on "
                                              "without that argument"))
        uncertain = self._uncertain()
        shell = next((o.backtick for o in options if o.backtick is not None), None)
        unknown = next((o.unknown for o in options if o.unknown is not None), None)
        if name in _INCLUDES:
            return self._include(name, at, raw, args, options, uncertain or unknown, shell)
        if name == "set":
            self._set(at, raw, args, options, uncertain, unknown, shell)
        elif name == "unset":
            self._unset(at, raw, args, options, uncertain)
        elif name in ("q", "quit"):
            if uncertain:
                self.shared.maybe_quit = f"after \\{name} at {self.source.span(at)}, which may have ended psql ({uncertain})"
                self._directive(at, raw, PsqlUnmodelled(self.shared.maybe_quit))
                return True
            self._directive(at, raw, PsqlNote(f"\\{name}: psql ends here, nothing after it runs"))
            return False
        elif name in _SENDS:
            self._send_command(name, at, raw, args, options, shell)
        elif name in ("r", "reset"):
            if not self.buf.empty:
                start = self.source.span(self.buf.origin(self.buf.content_at or 0))
                self._directive(at, raw, PsqlNote(f"\\{name}: the query buffer (from line {start.line}) is "
                                                  "discarded, never sent"))
            self.buf = QueryBuffer()
            lexer.reset()
        elif shell is not None:
            self._directive(at, raw, _shell(name, shell))
        else:
            if name == "cd":
                self.shared.cwd_changed = True
            elif name == "prompt" and options:
                self.shared.variables.set(options[-1].value, Unknown(
                    f"psql variable {options[-1].value} is read by \\prompt from the terminal"))
            self._directive(at, raw, PsqlCommand(name=name, args=args))
        return True

    def _options(self, name: str) -> tuple[list[Option], bool]:
        """The command's arguments, and whether one had an unterminated quote. An empty name (a backslash
        before white space or another backslash) is an invalid command: psql drops the rest of the line."""
        if name in _WHOLE_LINE or not known_command(name):
            return [Option(self.lexer.whole_line())], False
        options: list[Option] = []
        try:
            while True:
                first = not options
                option = self.lexer.option(semicolon=first and name in _INCLUDES, filepipe=first and name in _FILE_PIPE)
                if option is None:
                    return options, False
                options.append(option)
        except UnterminatedOption:
            return options, True

    def _set(self, at, raw, args, options, uncertain, unknown, shell) -> None:
        variables = self.shared.variables
        if not options:
            self._directive(at, raw, PsqlCommand(name="set", args=""))
            return
        name = options[0].value
        if not valid_name(name):
            self._directive(at, raw, error=PsqlError(f'invalid variable name: "{name}"'))
            return
        why = uncertain or (f"\\set {name} runs the shell command `{excerpt(shell, 60)}`: the replay runs none"
                            if shell is not None else unknown)
        if why:
            variables.set(name, Unknown(f"psql variable {name}: {why}", None if uncertain else True))
            self._directive(at, raw, PsqlUnmodelled(why))
            return
        start = self.lexer.file_frame.pos
        bad = next((b for b in self.source.bad_bytes if at <= b[0] < start), None)
        variables.set(name, Value("".join(o.value for o in options[1:]), bad[1] if bad else None))
        self._directive(at, raw, PsqlCommand(name="set", args=args))

    def _unset(self, at, raw, args, options, uncertain) -> None:
        if not options:
            self._directive(at, raw, error=PsqlError("\\unset: missing required argument"))
        elif not valid_name(options[0].value):
            self._directive(at, raw, error=PsqlError(f'invalid variable name: "{options[0].value}"'))
        elif uncertain:
            self.shared.variables.set(options[0].value, Unknown(f"psql variable {options[0].value}: {uncertain}", None))
            self._directive(at, raw, PsqlUnmodelled(uncertain))
        else:
            self.shared.variables.unset(options[0].value)
            self._directive(at, raw, PsqlCommand(name="unset", args=args))

    def _send_command(self, name, at, raw, args, options, shell) -> None:
        """\\g and the commands like it: the buffer, or when it is empty the previous query, goes to the server
        (\\gdesc only describes it)."""
        rerun = self.buf.empty
        query = self.previous if rerun else self.buf
        if name != "gdesc" and query is not None:
            self._send(query, at if rerun else None)
        elif query is not None:
            self.previous = query
        if name == "gset":
            self.shared.variables.gset_prefixes.append(options[0].value if options else "")
        if shell is not None:
            self._directive(at, raw, _shell(name, shell))
        elif name not in ("g", "gx") or options:
            self._directive(at, raw, PsqlCommand(name=name, args=args))
        self.buf = QueryBuffer()
        self.lexer.reset()

    # ---- \if \elif \else \endif ------------------------------------------------------------------

    def _conditional(self, name: str, at: int, raw: str, options: list[Option]) -> None:
        conds, buf, lexer = self.conds, self.buf, self.lexer
        top = conds[-1] if conds else None
        state = top[0] if top else None
        live = top[4] if top is not None and name != "if" else self._active()  # its block is in a running branch

        def save() -> None:
            top[1], top[2] = buf.length, lexer.paren_depth

        def discard() -> None:
            buf.truncate(top[1])
            lexer.paren_depth = top[2]
            if state in (MAYBE, ELSE_MAYBE) and not buf.empty:
                buf.unknown.append((buf.length, top[3]))

        if name == "if":
            if self._active():
                conds.append([TRUE, buf.length, lexer.paren_depth, None, True])
                self._evaluate(conds[-1], at, raw, options)
            else:
                conds.append([IGNORED, buf.length, lexer.paren_depth, None, False])
        elif state is None or (name == "elif" and state in (ELSE_TRUE, ELSE_FALSE, ELSE_MAYBE)) or (
                name == "else" and state in (ELSE_TRUE, ELSE_FALSE, ELSE_MAYBE)):
            message = f"\\{name}: no matching \\if" if state is None else f"\\{name}: cannot occur after \\else"
            self._directive(at, raw, error=PsqlError(message))  # psql checks these in skipped branches too
            return
        elif name == "elif":
            if state == TRUE:
                save()
                top[0] = IGNORED
            elif state == FALSE:
                discard()
                top[0] = TRUE
                self._evaluate(top, at, raw, options)
            else:
                discard()
        elif name == "else":
            if state == TRUE:
                save()
            else:
                discard()
            top[0] = {TRUE: ELSE_FALSE, FALSE: ELSE_TRUE, IGNORED: ELSE_FALSE, MAYBE: ELSE_MAYBE}[state]
        else:
            if state not in (TRUE, ELSE_TRUE):
                discard()
            conds.pop()
        lexer.substitute = self._active()
        if live:
            self._note_branch(name, at, raw)

    def _evaluate(self, cond: list, at: int, raw: str, options: list[Option]) -> None:
        expression = " ".join(o.value for o in options)
        why = next((o.unknown for o in options if o.unknown), None)
        shell = next((o.backtick for o in options if o.backtick is not None), None)
        if why or shell is not None or self._uncertain():
            cond[0] = MAYBE
            cond[3] = (self._uncertain() or why or f"the condition runs the shell command `{excerpt(shell, 60)}`")
            cond[3] = f"inside \\if at {self.source.span(at)}, whose condition the replay cannot know ({cond[3]})"
            return
        value = parse_bool(expression)
        if value is None:
            self._directive(at, raw, PsqlNote(f'psql: unrecognized value "{excerpt(expression, 60)}" for "\\if '
                                              'expression": Boolean expected (psql says so, takes it as false and '
                                              'goes on)'))
        if not value:
            cond[0] = FALSE

    def _note_branch(self, name: str, at: int, raw: str) -> None:
        if not self.conds and name != "endif":
            return
        state = self.conds[-1][0] if self.conds else None
        if name == "endif":
            sentence = "\\endif: the \\if block ends"
        elif state in (MAYBE, ELSE_MAYBE):
            self._directive(at, raw, PsqlUnmodelled(self.conds[-1][3]))
            return
        elif state in (TRUE, ELSE_TRUE):
            sentence = f"\\{name}: this branch runs"
        else:
            sentence = f"\\{name}: this branch is skipped (psql neither sends nor runs what it holds)"
        self._directive(at, raw, PsqlNote(sentence))

    # ---- \i \ir ----------------------------------------------------------------------------------

    def _include(self, name, at, raw, args, options, why, shell) -> bool:
        if not options:
            self._directive(at, raw, error=PsqlError(f"\\{name}: missing required argument"))
            return True
        path, relative = options[0].value, _INCLUDES[name]
        reason = why or (f"the file name comes from the shell command `{excerpt(shell, 60)}`" if shell is not None
                         else None)
        if reason is None and self.shared.include is None:
            self._directive(at, raw, PsqlCommand(name=name, args=args))
            return True
        if reason is None and path == "-":
            reason = f"\\{name} - reads standard input, which the replay does not have"
        if reason is None and self.shared.cwd_changed and not relative:
            reason = "after \\cd, psql resolves the path from another folder"
        if reason is None and len(self.stack) >= MAX_INCLUDE_DEPTH:
            reason = f"includes nested deeper than {MAX_INCLUDE_DEPTH} files are not followed"
        if reason is not None:
            self._directive(at, raw, PsqlUnmodelled(f"\\{name} {excerpt(path, 80)} is not followed: {reason}"))
            return True
        try:
            included = self.shared.include(path, self.source.psql_path if relative else None)
        except IncludeError as e:
            error = PsqlError(str(e))
            error.reaches = e.reaches
            self._directive(at, raw, error=error)
            return True
        if self.stack.count(included.name) >= 2:  # psql would go on until it fails: its second pass is replayed
            loop = " -> ".join([*self.stack[self.stack.index(included.name):], included.name])
            self._directive(at, raw, error=PsqlError(
                f"{path}: include loop ({loop}): psql would include it again and again until it fails"))
            return True
        self._directive(at, raw, PsqlNote(f"\\{name} {excerpt(path, 80)}: runs {included.name} here"))
        child = SourceText.read(included.name, included.data, included_from=self.source.span(at),
                                psql_path=included.psql_path)
        return _FileRun(child, self.shared, (*self.stack, included.name)).run()


def _shell(name: str, command: str) -> PsqlUnmodelled:
    return PsqlUnmodelled(f"\\{name} runs the shell command `{excerpt(command, 60)}`: the replay runs no shell command")
