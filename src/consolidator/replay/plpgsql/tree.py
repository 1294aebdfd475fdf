"""The PL/pgSQL tree of a DO block: compiled by pglast with PostgreSQL's own PL/pgSQL compiler (libpg_query).

The compile-time errors are therefore the server's: SQL syntax anywhere in the body, unknown condition names,
RAISE parameter counts. A tree node is {"PLpgSQL_kind": {fields}}.
"""

from __future__ import annotations

import re
from typing import Any

import pglast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SqlState


COMPILE_ERRORS = (
    (re.compile(r"is declared CONSTANT"), SqlState.ERROR_IN_ASSIGNMENT),
    (re.compile(r"must have a default value, since it's declared NOT NULL"), SqlState.NULL_VALUE_NOT_ALLOWED),
    (re.compile(r"unrecognized exception condition"), SqlState.UNDEFINED_OBJECT),
    (re.compile(r"syntax error|unterminated|too (many|few) parameters specified for RAISE|"
                r"is not a known variable|missing \"|mismatched parentheses|invalid SQLSTATE code|"
                r"end label|EXIT cannot be used outside a loop|CONTINUE cannot be used outside a loop|"
                r"there is no label|zero-length delimited identifier"), SqlState.SYNTAX_ERROR),
)


def dollar_quoted(body: str) -> str:
    """The body between dollar quotes whose tag it does not hold."""
    tag = "consolidator"
    while f"${tag}$" in body:
        tag += "_"
    return f"${tag}${body}${tag}$"


def compile_body(body: str) -> dict:
    try:
        functions = pglast.parse_plpgsql(f"DO {dollar_quoted(body)}")
    except ParseError as e:
        message = str(e.args[0]) if e.args else str(e)
        for pattern, sqlstate in COMPILE_ERRORS:
            if pattern.search(message):
                raise PgError(sqlstate, message) from e
        raise NotModelled(f"PL/pgSQL compile error not modelled: {message}") from e
    if len(functions) != 1 or not isinstance(functions[0], dict) or "PLpgSQL_function" not in functions[0]:
        raise NotModelled("the PL/pgSQL compiler gave no function for this DO block")
    return functions[0]["PLpgSQL_function"]


IMPLICIT_VARIABLES = ("found", "sqlstate", "sqlerrm")


def check_datums(function: dict) -> None:
    """What of the variables is not interpreted: simple CASE's hidden variable (the rest is variables.py)."""
    declared = []
    for datum in function.get("datums") or ():
        kind, data = one(datum)
        if kind != "PLpgSQL_var" or data.get("refname") not in IMPLICIT_VARIABLES:
            declared.append(str(data.get("refname", "?")))
    if any(name.startswith("__Case__Variable_") for name in declared):
        raise NotModelled("PL/pgSQL simple CASE (CASE <expression> WHEN ...) is not modelled")


def one(wrapped: Any) -> tuple[str, dict]:
    """A PL/pgSQL tree node is {"PLpgSQL_kind": {fields}}."""
    if not isinstance(wrapped, dict) or len(wrapped) != 1:
        raise NotModelled("unexpected PL/pgSQL tree node")
    ((kind, data),) = wrapped.items()
    return kind, data if isinstance(data, dict) else {}


def query_text(wrapped: Any) -> str:
    kind, data = one(wrapped)
    if kind != "PLpgSQL_expr" or not isinstance(data.get("query"), str):
        raise NotModelled("unexpected PL/pgSQL expression")
    return data["query"]
