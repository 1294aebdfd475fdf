"""PostgreSQL 15's English message templates (the msgids of postgres-15.mo and plpgsql-15.mo).

``is_server_message(text)`` says whether a concrete message, e.g. ``relation "users" already exists``,
is an instance of one of the server's templates (``relation "%s" already exists``): printf conversions
become wildcards, everything else must match literally. Templates are indexed by their rarest literal
word (a run of letters that no conversion touches), so a message is only tried against the templates
whose anchor word it contains. Templates that would match almost any text are left out
(``generic_templates()`` lists them): those without such a word (``%s``, ``%s: %s``) and those with
conversions but fewer than two literal words, which are the fragments getObjectDescription builds
messages from (``relation %s``, ``type %s``) and log line prefixes (``statement: %s``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from consolidator.pg15 import _data

# printf conversions as PostgreSQL's messages use them: %s %d %u %ld %lld %lu %zu %c %.*s %% %x %X %08X %m ...
CONVERSION = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspm%])")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan|Infinity|NaN)"
_PATTERNS = {
    "d": r" *[-+]?\d+", "i": r" *[-+]?\d+", "u": r" *\d+", "o": r" *[0-7]+", "x": r" *(?:0x)?[0-9a-f]+",
    "X": r" *(?:0X)?[0-9A-F]+", "c": r".", "s": r".*?", "m": r".+?", "p": r"(?:0x[0-9a-f]+|\(nil\))", "%": "%",
    **dict.fromkeys("eEfFgGaA", " *(?:" + _NUMBER + ")"),
}
_WORD = re.compile(r"[A-Za-z]+")


@functools.cache
def templates() -> tuple[str, ...]:
    """Every msgid, sorted (the union over the installed translations: a .mo holds the translated ones)."""
    return _data.values("messages.jsonl")


def template_pattern(template: str) -> str:
    """The regular expression (for re.fullmatch, DOTALL) that a message of this template matches."""
    out, pos = [], 0
    for m in CONVERSION.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        out.append(_PATTERNS[m.group(1)])
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return "".join(out)


def anchor_words(template: str) -> list[str]:
    """The literal words of a template that appear as whole words in every message of it."""
    pieces = CONVERSION.split(template)[::2]  # the literal text between conversions
    words = []
    for i, piece in enumerate(pieces):
        for m in _WORD.finditer(piece):
            if (m.start() == 0 and i > 0) or (m.end() == len(piece) and i < len(pieces) - 1):
                continue  # touches a conversion: "%sfoo" says nothing about the word around it
            words.append(m.group())
    return words


@functools.cache
def _index() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    anchors = {t: set(anchor_words(t)) for t in templates()}
    frequency = Counter(w for words in anchors.values() for w in words)
    buckets: dict[str, list[str]] = {}
    generic = []
    for t, words in anchors.items():
        literal = "".join(CONVERSION.split(t)[::2])
        if not words or (literal != t and len(_WORD.findall(literal)) < 2):
            generic.append(t)
            continue
        rarest = min(words, key=lambda w: (frequency[w], w))
        buckets.setdefault(rarest, []).append(t)
    return {w: tuple(ts) for w, ts in buckets.items()}, tuple(generic)


def generic_templates() -> tuple[str, ...]:
    """The templates never used to match: no literal word of their own (``%s``, ``"%s"``), or fragments
    with a single one (``relation %s``)."""
    return _index()[1]


@functools.cache
def _compiled(template: str) -> re.Pattern[str]:
    return re.compile(template_pattern(template), re.DOTALL)


def matching_templates(text: str) -> list[str]:
    """The templates the message is an instance of (sorted)."""
    buckets = _index()[0]
    found = []
    for word in set(_WORD.findall(text)):
        for t in buckets.get(word, ()):
            if _compiled(t).fullmatch(text):
                found.append(t)
    return sorted(found)


def is_server_message(text: str) -> bool:
    """Whether PostgreSQL 15 can say exactly this (its primary message, detail, hint or context line)."""
    buckets = _index()[0]
    for word in set(_WORD.findall(text)):
        for t in buckets.get(word, ()):
            if _compiled(t).fullmatch(text):
                return True
    return False
