"""PostgreSQL 15's SQLSTATEs (errcodes.txt): constants, condition names, and PL/pgSQL's WHEN matching.

PL/pgSQL knows the condition names of the error lines only (plerrcodes.h is generated from the ``E``
lines): ``WHEN no_data`` is 42704 'unrecognized exception condition', and ``string_data_right_truncation``
is 22001 alone, not also the warning 01004. A name can still stand for two error codes
(``modifying_sql_data_not_permitted``: 2F002 and 38002): ``WHEN name`` matches both, ``RAISE name``
raises the first in errcodes.txt order, which is what ``code_for`` and the ``SqlState`` constants give.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

from consolidator.pg15 import _data
from consolidator.pg15.data.sqlstate_names import SqlState

__all__ = ["Condition", "SqlState", "by_macro", "class_title", "code_for", "codes_for", "condition", "conditions",
           "exception_matches", "is_condition_name", "name_of"]

_CODE = re.compile(r"^[0-9A-Z]{5}$")


class Condition(NamedTuple):
    code: str
    kind: Literal["E", "W", "S"]  # error, warning, success
    macro: str  # the C name, e.g. ERRCODE_UNDEFINED_TABLE
    name: str | None  # the PL/pgSQL condition name; None for the second macro of a code

    @property
    def class_code(self) -> str:
        return self.code[:2]

    @property
    def is_category(self) -> bool:
        """A class code (``22000``): PL/pgSQL's WHEN on it matches every code of the class."""
        return self.code[2:] == "000"


@functools.cache
def conditions() -> tuple[Condition, ...]:
    """Every line of errcodes.txt, in file order."""
    _, rows = _data.table("sqlstates.jsonl")
    return tuple(Condition(*row) for row in rows)


@functools.cache
def _by_name() -> dict[str, tuple[str, ...]]:
    """PL/pgSQL's condition names (plerrcodes.h: the error lines that have a name) -> their codes."""
    out: dict[str, list[str]] = {}
    for c in conditions():
        if c.name and c.kind == "E" and c.code not in out.setdefault(c.name, []):
            out[c.name].append(c.code)
    return {name: tuple(codes) for name, codes in out.items()}


@functools.cache
def _by_code() -> dict[str, Condition]:
    out: dict[str, Condition] = {}
    for c in conditions():
        if c.code not in out or (out[c.code].name is None and c.name):
            out[c.code] = c
    return out


@functools.cache
def _by_macro() -> dict[str, str]:
    return {c.macro: c.code for c in conditions()}


def is_condition_name(name: str) -> bool:
    """Whether PL/pgSQL accepts the name in WHEN and RAISE (an error condition of errcodes.txt)."""
    return name.lower() in _by_name()


def codes_for(name: str) -> tuple[str, ...]:
    """Every SQLSTATE of a PL/pgSQL condition name, in errcodes.txt order (what ``WHEN name`` matches);
    () for a name PL/pgSQL does not know (including the warning and success names: ``no_data``)."""
    return _by_name().get(name.lower(), ())


def code_for(name: str) -> str | None:
    """The SQLSTATE ``RAISE name`` raises: the first of the name's codes."""
    codes = codes_for(name)
    return codes[0] if codes else None


def condition(code: str) -> Condition | None:
    """The errcodes.txt line of a code (the one with a condition name when the code has two lines);
    warnings included."""
    return _by_code().get(code.upper())


def name_of(code: str) -> str | None:
    c = condition(code)
    return c.name if c else None


def by_macro(macro: str) -> str | None:
    """The SQLSTATE of a C macro name, with or without ERRCODE_ (``ERRCODE_STRING_DATA_RIGHT_TRUNCATION`` is 22001)."""
    macro = macro.upper()
    return _by_macro().get(macro if macro.startswith("ERRCODE_") else "ERRCODE_" + macro)


@functools.cache
def _classes() -> dict[str, str]:
    _, rows = _data.table("sqlclasses.jsonl")
    return dict(rows)


def class_title(code: str) -> str | None:
    """The class of a SQLSTATE or class code, e.g. ``Syntax Error or Access Rule Violation`` for 42P01."""
    return _classes().get(code[:2].upper())


def exception_matches(handler: str, sqlstate: str) -> bool:
    """Whether ``EXCEPTION WHEN handler`` catches an error with this SQLSTATE, as PL/pgSQL 15 decides.

    ``handler`` is a condition name, ``others``, or a SQLSTATE (``WHEN SQLSTATE '22012'``). A class code
    (``data_exception``, 22000) catches its whole class; ``others`` catches everything but
    query_canceled and assert_failure. An unknown name matches nothing (PL/pgSQL refuses it: 42704).
    """
    if handler.lower() == "others":
        return sqlstate not in (code_for("query_canceled"), code_for("assert_failure"))
    codes = (handler.upper(),) if _CODE.match(handler) else codes_for(handler)
    return any(code == sqlstate or (code[2:] == "000" and code[:2] == sqlstate[:2]) for code in codes)
