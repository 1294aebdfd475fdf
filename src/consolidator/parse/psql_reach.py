"""Which psql meta-commands reach past psql and its server: a shell command, a file of this machine written or
read, an editor, another connection. The model's replay runs none of them; verify's server replay runs real
psql on the legacy files, so it refuses a file that holds one (tests/parse/test_psql_reach.py)."""

from __future__ import annotations

import re

_ALWAYS = {
    "!": "runs a shell command",
    "w": "writes the query buffer to a file", "write": "writes the query buffer to a file",
    "lo_export": "writes a file", "lo_import": "reads a file of this machine",
    "e": "starts an editor", "edit": "starts an editor", "ef": "starts an editor", "ev": "starts an editor",
    "c": "connects to another database", "connect": "connects to another database",
    "cd": "changes psql's folder", "setenv": "changes the environment of psql's shell commands",
    "password": "asks for a password", "watch": "runs a query again and again, without end",
}
_WITH_ARGUMENT = {  # harmless without one
    "o": "sends psql's output to a file or a program", "out": "sends psql's output to a file or a program",
    "g": "sends the query's output to a file or a program", "gx": "sends the query's output to a file or a program",
    "s": "writes psql's history to a file",
}
_COPY_SAFE = re.compile(r"\b(?:from|to)\s+(?:stdin|stdout|pstdin|pstdout)\b", re.I)
_NAME = re.compile(r"\\([^\s\\]*)\s*(.*)", re.S)


def reach(command_text: str) -> str | None:
    """What the meta-command (as written, from its backslash) would do outside psql and its server, or None."""
    m = _NAME.match(command_text)
    if m is None:
        return None
    name, args = m.group(1), m.group(2).strip()
    if "`" in args:
        return "runs a shell command (a backquoted argument)"
    if name in _ALWAYS:
        return _ALWAYS[name]
    if name in _WITH_ARGUMENT and args and not args.startswith("("):
        return _WITH_ARGUMENT[name]
    if name == "copy" and (re.search(r"\bprogram\b", args, re.I) or not _COPY_SAFE.search(args)):
        return "reads or writes a file of this machine (or runs a program)"
    return None
