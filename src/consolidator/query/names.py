"""Names and text as the server reads them in catalog queries: qualified names, type names, messages."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import truncate
from consolidator.parse.expressions import names, to_sql


def is_current_schema(node: Any) -> bool:
    if isinstance(node, ast.SQLValueFunction):
        return node.op == enums.SQLValueFunctionOp.SVFOP_CURRENT_SCHEMA
    return names(node.funcname)[-1:] == ["current_schema"] and not node.args


def type_name(node: Any) -> str:
    parts = names(node.names)
    if node.arrayBounds or not parts or (len(parts) == 2 and parts[0] != "pg_catalog") or len(parts) > 2:
        return "?"
    return parts[-1]


def qualified_name(text: str) -> list[str]:
    """stringToQualifiedNameList: dotted parts, double quotes kept, the rest folded to lower case."""
    parts, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            j, part = i + 1, []
            while True:
                k = text.find('"', j)
                if k < 0:
                    raise PgError(SqlState.INVALID_NAME, "invalid name syntax")
                part.append(text[j:k])
                if text[k + 1:k + 2] == '"':
                    part.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            name = "".join(part)
            if not name:
                raise PgError(SqlState.INVALID_NAME, "invalid name syntax")
        else:
            j = i
            while i < n and text[i] != "." and not text[i].isspace():
                i += 1
            name = text[j:i]
            if not name:
                raise PgError(SqlState.INVALID_NAME, "invalid name syntax")
            if name.isdigit() and not parts:
                raise NotModelled(f"condition not modelled: '{text}'::regclass (an oid)")
            name = "".join(c.lower() if "A" <= c <= "Z" else c for c in name)
        parts.append(truncate(name))
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            return parts
        if text[i] != ".":
            raise PgError(SqlState.INVALID_NAME, "invalid name syntax")
        i += 1


def one_line(node: Any) -> str:
    try:
        return " ".join(to_sql(node).split())
    except Exception:  # noqa: BLE001  (only for a message)
        return type(node).__name__
