"""The names PostgreSQL gives expressions: FigureColname for a target list, FigureIndexColname for an index."""

from __future__ import annotations

from typing import Any

from pglast import ast, enums

from consolidator.parse.expressions import names


_SQL_VALUE_FUNCTIONS = {
    "SVFOP_CURRENT_DATE": "current_date", "SVFOP_CURRENT_TIME": "current_time",
    "SVFOP_CURRENT_TIME_N": "current_time", "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
    "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp", "SVFOP_LOCALTIME": "localtime",
    "SVFOP_LOCALTIME_N": "localtime", "SVFOP_LOCALTIMESTAMP": "localtimestamp",
    "SVFOP_LOCALTIMESTAMP_N": "localtimestamp", "SVFOP_CURRENT_ROLE": "current_role",
    "SVFOP_CURRENT_USER": "current_user", "SVFOP_USER": "user", "SVFOP_SESSION_USER": "session_user",
    "SVFOP_CURRENT_CATALOG": "current_catalog", "SVFOP_CURRENT_SCHEMA": "current_schema",
}


def figure(node: Any) -> tuple[str | None, int]:
    """FigureColnameInternal (parse_target.c): a name and its strength (2 sure, 1 a guess, 0 none)."""
    if isinstance(node, ast.ColumnRef):
        found = [f.sval for f in node.fields or () if isinstance(f, ast.String)]
        return (found[-1], 2) if found else (None, 0)
    if isinstance(node, ast.A_Indirection):
        found = [i.sval for i in node.indirection or () if isinstance(i, ast.String)]
        return (found[-1], 2) if found else figure(node.arg)
    if isinstance(node, ast.FuncCall):
        return names(node.funcname)[-1], 2
    if isinstance(node, ast.A_Expr):
        return ("nullif", 2) if node.kind == enums.A_Expr_Kind.AEXPR_NULLIF else (None, 0)
    if isinstance(node, ast.TypeCast):
        name, strength = figure(node.arg)
        return (names(node.typeName.names)[-1], 1) if strength <= 1 else (name, strength)
    if isinstance(node, ast.CollateClause):
        return figure(node.arg)
    if isinstance(node, ast.CaseExpr):
        name, strength = figure(node.defresult) if node.defresult is not None else (None, 0)
        return ("case", 1) if strength <= 1 else (name, strength)
    if isinstance(node, ast.A_ArrayExpr):
        return "array", 2
    if isinstance(node, ast.RowExpr):
        return "row", 2
    if isinstance(node, ast.CoalesceExpr):
        return "coalesce", 2
    if isinstance(node, ast.MinMaxExpr):
        return ("greatest" if node.op == enums.MinMaxOp.IS_GREATEST else "least"), 2
    if isinstance(node, ast.SQLValueFunction):
        return _SQL_VALUE_FUNCTIONS.get(node.op.name), 2
    return None, 0


def target_name(node: Any) -> str:
    """FigureColname: the column name of an unnamed SELECT target ('?column?' when nothing better)."""
    return figure(node)[0] or "?column?"
