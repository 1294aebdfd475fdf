"""psql's variables as one run of psql holds them (``\\set``, ``\\unset``), and how psql quotes their values.

A variable can be *unknown* to the replay: one psql sets itself (``DBNAME``, ``USER``, ``VERSION``... their
values come from the connection and the machine), one a shell command sets (``\\set x `date```), or one
``\\gset`` or ``\\prompt`` may have set. A statement that uses an unknown variable is not modelled; an
undefined one is left as written, as psql leaves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consolidator.parse.char_classes import VARIABLE_CHAR

# The variables psql 15 sets itself (`\set` in `psql -X -f`, after a failed query: tests/parse checks the list
# against psql). By psql's convention they are all upper case.
PREDEFINED = frozenset({
    "AUTOCOMMIT", "COMP_KEYWORD_CASE", "DBNAME", "ECHO", "ECHO_HIDDEN", "ENCODING", "ERROR", "FETCH_COUNT",
    "HIDE_TABLEAM", "HIDE_TOAST_COMPRESSION", "HISTCONTROL", "HISTSIZE", "HOST", "IGNOREEOF",
    "LAST_ERROR_MESSAGE", "LAST_ERROR_SQLSTATE", "ON_ERROR_ROLLBACK", "ON_ERROR_STOP", "PORT", "PROMPT1",
    "PROMPT2", "PROMPT3", "QUIET", "ROW_COUNT", "SERVER_VERSION_NAME", "SERVER_VERSION_NUM", "SHOW_ALL_RESULTS",
    "SHOW_CONTEXT", "SINGLELINE", "SINGLESTEP", "SQLSTATE", "USER", "VERBOSITY", "VERSION", "VERSION_NAME",
    "VERSION_NUM",
})

_VALID_NAME = re.compile(VARIABLE_CHAR + "+")


@dataclass(frozen=True)
class Unknown:
    """A variable's value the replay cannot know, and why; `defined`: whether psql has the variable at all
    (None: that is not known either)."""

    why: str
    defined: bool | None = True


@dataclass(frozen=True)
class Value:
    text: str
    bad_byte: int | None = None  # an invalid byte of the file went into the value (the server will reject it)


@dataclass
class Variables:
    """The variables of one psql run: a migration file and the files it includes share them."""

    values: dict[str, Value | Unknown] = field(default_factory=dict)
    gset_prefixes: list[str] = field(default_factory=list)  # \gset [PREFIX] may have set any name with these
    prompted: set[str] = field(default_factory=set)

    def get(self, name: str) -> Value | Unknown | None:
        if name in self.values:
            return self.values[name]
        if name in PREDEFINED:
            return Unknown(f"psql variable {name} is set by psql itself (from the connection and the machine)")
        for prefix in self.gset_prefixes:
            if name.startswith(prefix):
                return Unknown(f"psql variable {name} may have been set by \\gset from a query's result", None)
        return None

    def set(self, name: str, value: Value | Unknown) -> None:
        self.values[name] = value

    def unset(self, name: str) -> None:
        self.values.pop(name, None)
        if name in PREDEFINED:
            self.values[name] = Unknown(f"psql variable {name} is psql's own: unsetting it may set it back", None)


def valid_name(name: str) -> bool:
    """psql's valid_variable_name: letters, digits, underscores and any non-ASCII character."""
    return bool(_VALID_NAME.fullmatch(name))


def quote_literal(value: str) -> str:
    """PQescapeLiteral: quotes doubled, and with a backslash in it, backslashes doubled and `` E`` before
    (with a space: checked with psql 15)."""
    body = value.replace("'", "''")
    if "\\" in value:
        return " E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


def quote_ident(value: str) -> str:
    """PQescapeIdentifier: double quotes doubled, in double quotes."""
    return '"' + value.replace('"', '""') + '"'


def parse_bool(value: str) -> bool | None:
    """psql's ParseVariableBool: a prefix of true/false/yes/no, on/off (at least two letters), 1/0; None if
    it is none of them."""
    v = value.lower()
    if not v:
        return None
    if "true".startswith(v) or "yes".startswith(v) or (len(v) >= 2 and "on".startswith(v)) or v == "1":
        return True
    if "false".startswith(v) or "no".startswith(v) or (len(v) >= 2 and "off".startswith(v)) or v == "0":
        return False
    return None
