"""Evaluate SQL expressions over the model: conditions of DO-block guards, EXECUTE strings, RAISE arguments.

Expressions are parsed with pglast as `SELECT <expression>`, the grammar the server itself uses for PL/pgSQL
expressions, so identifier folding, string escapes (E'', dollar quotes) and operator precedence are
PostgreSQL's exactly. (sqlglot's PostgreSQL dialect is a translation that may disagree on exactly those
details, and a guard must be decided the way the server decides it: see docs/architecture.md.)

What cannot be decided exactly raises `NotModelled`; what the server would refuse raises `PgError`.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import pglast
from pglast import ast, enums
from pglast.parser import ParseError

from consolidator.errors import NotModelled
from consolidator.model.catalog import Catalog
from consolidator.parse.expressions import names
from consolidator.query.catalog_query import CatalogQuery
from consolidator.query.names import one_line, type_name
from consolidator.query.values import NOT_CONSTANT, boolean

Variables = Callable[[], Mapping[str, str | None]]


class Evaluator:
    """`variables()` gives the values of the variables in scope (SQLSTATE and SQLERRM in an exception handler);
    `where()` says where the expression is, for messages (" (line 12)")."""

    def __init__(self, catalog: Catalog, variables: Variables = dict, where: Callable[[], str] = str):
        self.catalog = catalog
        self.variables = variables
        self.where = where
        self.query = CatalogQuery(catalog)

    # -- entry points

    def evaluate(self, text: str) -> tuple[str, bool | None]:
        """(the condition as written, on one line; its value). Raises PgError as the server would."""
        return " ".join(text.split()), self._truth(self._expression(text))

    def string_constant(self, text: str) -> str | None:
        value = self._string(self._expression(text))
        if value is NOT_CONSTANT:
            raise NotModelled(f"EXECUTE of a computed string is not modelled: {' '.join(text.split())}{self.where()}")
        return value

    def text_constant(self, text: str) -> str | None:
        """A RAISE / ASSERT argument: a constant, or a variable in scope (SQLSTATE, SQLERRM)."""
        node = self._expression(text)
        if isinstance(node, ast.ColumnRef) and len(node.fields or ()) == 1 and isinstance(node.fields[0], ast.String):
            scope = self.variables()
            if node.fields[0].sval in scope:
                return scope[node.fields[0].sval]
        if isinstance(node, ast.A_Const) and not node.isnull:
            value = node.val
            if isinstance(value, ast.Integer):
                return str(value.ival)
            if isinstance(value, ast.Float):
                return value.fval
            if isinstance(value, ast.Boolean):
                return "t" if value.boolval else "f"
        value = self._string(node)
        if value is NOT_CONSTANT:
            raise NotModelled(f"PL/pgSQL expression not modelled: {' '.join(text.split())}{self.where()}")
        return value

    # -- parsing

    def _expression(self, text: str) -> Any:
        try:
            raws = pglast.parse_sql("SELECT " + text)
        except ParseError as e:
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}") from e
        if len(raws) != 1 or not isinstance(raws[0].stmt, ast.SelectStmt):
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}")
        select = raws[0].stmt
        if (len(select.targetList or ()) != 1 or select.fromClause or select.whereClause or select.groupClause
                or select.havingClause or select.sortClause or select.limitCount or select.limitOffset
                or select.distinctClause or select.withClause or select.intoClause or select.lockingClause
                or select.op != enums.SetOperation.SETOP_NONE):
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}")
        return select.targetList[0].val

    def _string(self, node: Any) -> Any:
        """The value of a string constant (also 'a' || 'b' and casts to text); None for NULL."""
        if isinstance(node, ast.A_Const):
            if node.isnull:
                return None
            return node.val.sval if isinstance(node.val, ast.String) else NOT_CONSTANT
        if isinstance(node, ast.TypeCast) and type_name(node.typeName) in ("text", "varchar"):
            return self._string(node.arg)
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP and names(node.name) == ["||"]:
            left, right = self._string(node.lexpr), self._string(node.rexpr)
            if left is NOT_CONSTANT or right is NOT_CONSTANT:
                return NOT_CONSTANT
            return None if left is None or right is None else left + right
        return NOT_CONSTANT

    # -- boolean expressions

    def _truth(self, node: Any) -> bool | None:
        if isinstance(node, ast.BoolExpr):
            values = [self._truth(arg) for arg in node.args]
            return boolean(node.boolop, [lambda v=v: v for v in values])
        if isinstance(node, ast.SubLink) and node.subLinkType == enums.SubLinkType.EXISTS_SUBLINK:
            return self.query.exists(node.subselect)
        if isinstance(node, ast.A_Const):
            if node.isnull:
                return None
            if isinstance(node.val, ast.Boolean):
                return node.val.boolval
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP:
            count = self.query.count_comparison(node)
            if count is not None:
                return count
        raise NotModelled(f"condition not modelled: {one_line(node)}")
