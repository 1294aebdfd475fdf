"""LIKE and ILIKE (like_match.c): `%` any characters, `_` one character, backslash the escape (ESCAPE rewrites the
pattern with like_escape); ILIKE lowers both sides first, which in the C collation lowers only ASCII letters.
char(n)'s LIKE (bpcharlike) matches the padded value."""

from __future__ import annotations

from consolidator.errors import PgError, SqlState
from consolidator.query.scalar.datum import Datum
from consolidator.query.scalar.functions import builtin
from consolidator.query.scalar.strings import ascii_lower
from consolidator.query.scalar.values import bool_datum

_ESCAPE_AT_END = "LIKE pattern must not end with escape character"


_TRUE, _FALSE, _ABORT = 1, 0, -1


def _match(t: str, p: str) -> int:
    """MatchText, character by character (like_match.c: the same outcomes, including which patterns raise)."""
    if p == "%":
        return _TRUE
    ti = pi = 0
    while ti < len(t) and pi < len(p):
        ch = p[pi]
        if ch == "\\":
            pi += 1
            if pi >= len(p):
                raise PgError(SqlState.INVALID_ESCAPE_SEQUENCE, _ESCAPE_AT_END)
            if p[pi] != t[ti]:
                return _FALSE
        elif ch == "%":
            pi += 1
            while pi < len(p):
                if p[pi] == "%":
                    pi += 1
                elif p[pi] == "_":
                    if ti >= len(t):
                        return _ABORT
                    ti += 1
                    pi += 1
                else:
                    break
            if pi >= len(p):
                return _TRUE
            if p[pi] == "\\":
                if pi + 1 >= len(p):
                    raise PgError(SqlState.INVALID_ESCAPE_SEQUENCE, _ESCAPE_AT_END)
                first = p[pi + 1]
            else:
                first = p[pi]
            while ti < len(t):
                if t[ti] == first:
                    matched = _match(t[ti:], p[pi:])
                    if matched != _FALSE:
                        return matched
                ti += 1
            return _ABORT
        elif ch == "_":
            ti += 1
            pi += 1
            continue
        elif ch != t[ti]:
            return _FALSE
        ti += 1
        pi += 1
    if ti < len(t):
        return _FALSE
    while pi < len(p) and p[pi] == "%":
        pi += 1
    return _TRUE if pi >= len(p) else _ABORT


def like(text: str, pattern: str, insensitive: bool = False) -> bool:
    if insensitive:
        text, pattern = ascii_lower(text), ascii_lower(pattern)
    return _match(text, pattern) == _TRUE


_OPERATORS = {"textlike": (False, False), "textnlike": (False, True), "texticlike": (True, False),
              "texticnlike": (True, True), "bpcharlike": (False, False), "bpcharnlike": (False, True),
              "bpchariclike": (True, False), "bpcharicnlike": (True, True)}


def like_operator(proc: str):
    """The implementation of a LIKE operator's function, or None."""
    if proc not in _OPERATORS:
        return None
    insensitive, negated = _OPERATORS[proc]
    return lambda a, b: bool_datum(like(a.text, b.text, insensitive) != negated)


@builtin("like_escape", "text", "text")
def like_escape(args: list[Datum]) -> Datum:
    pattern, escape = args[0].text, args[1].text
    if escape == "":
        return Datum("text", pattern.replace("\\", "\\\\"))  # type: ignore[union-attr]
    if len(escape) != 1:  # type: ignore[arg-type]
        raise PgError(SqlState.INVALID_ESCAPE_SEQUENCE, "invalid escape string")
    out, after = [], False
    for ch in pattern:  # type: ignore[union-attr]
        if after:
            out.append(ch)
            after = False
        elif ch == escape:
            out.append("\\")
            after = True
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return Datum("text", "".join(out))
