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

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.catalog import Catalog
from consolidator.parse.expressions import names
from consolidator.query.catalog_query import CatalogQuery
from consolidator.query.names import one_line, type_name
from consolidator.query import functions
from consolidator.query.values import NOT_CONSTANT, Record, boolean

Variables = Callable[[], Mapping[str, Any]]
_INT8 = (-2**63, 2**63 - 1)
_INTEGER_TYPES = ("int", "int2", "int4", "int8", "integer", "smallint", "bigint")


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
        """An EXECUTE string: constants, variables, ||, format(), quote_ident(), quote_literal()."""
        value = self.value(text)
        if value is not None and not isinstance(value, str):
            raise NotModelled(f"EXECUTE of a non-text value is not modelled: {' '.join(text.split())}{self.where()}")
        return value

    def value(self, text: str) -> Any:
        """The value of a PL/pgSQL expression over its variables: str, int, bool or None (NULL)."""
        node = self._expression(text)
        if isinstance(node, ast.SubLink) or isinstance(node, ast.BoolExpr):
            return self._truth(node)
        return self._value(node)

    def text_constant(self, text: str) -> str | None:
        """A RAISE / ASSERT argument as text: constants, variables in scope (SQLSTATE, SQLERRM, DECLAREd ones),
        and the expressions `value` computes."""
        node = self._expression(text)
        if isinstance(node, ast.A_Const) and not node.isnull and isinstance(node.val, ast.Float):
            return node.val.fval
        if isinstance(node, ast.ColumnRef) and len(node.fields or ()) == 1 and isinstance(node.fields[0], ast.String) \
                and node.fields[0].sval not in self.variables():
            raise NotModelled(f"PL/pgSQL expression not modelled: {' '.join(text.split())}{self.where()}")
        value = self._truth(node) if isinstance(node, (ast.SubLink, ast.BoolExpr)) else self._value(node)
        if isinstance(value, Record):
            raise NotModelled(f"a whole record as text is not modelled{self.where()}")
        return functions.text_of(value)

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

    # -- values over variables

    def _value(self, node: Any) -> Any:
        if isinstance(node, ast.A_Const):
            if node.isnull:
                return None
            v = node.val
            if isinstance(v, ast.Boolean):
                return v.boolval
            if isinstance(v, ast.Integer):
                return v.ival
            if isinstance(v, ast.String):
                return v.sval
        elif isinstance(node, ast.ColumnRef) and all(isinstance(f, ast.String) for f in node.fields or ()):
            return self._variable([f.sval for f in node.fields])
        elif isinstance(node, ast.TypeCast):
            return self._cast(type_name(node.typeName), self._value(node.arg))
        elif isinstance(node, ast.BoolExpr) or isinstance(node, ast.SubLink):
            return self._truth(node)
        elif isinstance(node, ast.NullTest):
            value = self._value(node.arg)
            return (value is None) == (node.nulltesttype == enums.NullTestType.IS_NULL)
        elif isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP and len(names(node.name)) == 1:
            return self._operator(names(node.name)[0], node)
        elif isinstance(node, ast.FuncCall) and not (node.agg_star or node.agg_distinct or node.over or node.agg_order
                                                     or node.agg_filter or node.func_variadic):
            return self._function(node)
        raise NotModelled(f"PL/pgSQL expression not modelled: {one_line(node)}{self.where()}")

    def _variable(self, parts: list[str]) -> Any:
        scope = self.variables()
        if len(parts) == 1:
            if parts[0] in scope and not isinstance(scope[parts[0]], Record):
                return scope[parts[0]]
            if parts[0] in scope:
                raise NotModelled(f"a whole record used as a value is not modelled{self.where()}")
            if parts[0] == "found":
                raise NotModelled(f"PL/pgSQL FOUND is not modelled{self.where()}")
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{parts[0]}" does not exist')
        if len(parts) == 2 and isinstance(scope.get(parts[0]), Record):
            record = scope[parts[0]]
            if record.fields is None:
                raise PgError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                              f'record "{record.name}" is not assigned yet')
            if parts[1] not in record.fields:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'record "{record.name}" has no field "{parts[1]}"')
            return record.fields[parts[1]]
        if len(parts) == 2 and parts[0] not in scope:
            raise PgError(SqlState.UNDEFINED_TABLE, f'missing FROM-clause entry for table "{parts[0]}"')
        raise NotModelled(f"PL/pgSQL reference not modelled: {'.'.join(parts)}{self.where()}")

    @staticmethod
    def _cast(target: str, value: Any) -> Any:
        if value is None:
            return None
        if target in ("text", "varchar", "name") and isinstance(value, (str, int)) and not isinstance(value, bool):
            return functions.text_of(value)
        if target in _INTEGER_TYPES and isinstance(value, int) and not isinstance(value, bool):
            return value
        raise NotModelled(f"cast to {target} not modelled")

    def _operator(self, op: str, node: Any) -> Any:
        if node.lexpr is None:
            value = self._value(node.rexpr)
            if op == "-" and isinstance(value, int) and not isinstance(value, bool):
                return -value
            if op == "-" and value is None:
                return None
            raise NotModelled(f"operator {op} not modelled{self.where()}")
        left, right = self._value(node.lexpr), self._value(node.rexpr)
        if op == "||":
            if isinstance(left, bool) or isinstance(right, bool) or not (isinstance(left, str) or isinstance(right, str)):
                raise NotModelled(f"|| over these values is not modelled{self.where()}")
            return None if left is None or right is None else functions.text_of(left) + functions.text_of(right)
        if left is None or right is None:
            return None
        both_int = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
        if op in ("+", "-", "*", "/", "%") and both_int:
            if op in "/%" and right == 0:
                raise PgError(SqlState.DIVISION_BY_ZERO, "division by zero")
            if op == "/":
                result = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
            elif op == "%":
                result = abs(left) % abs(right) * (1 if left >= 0 else -1)
            else:
                result = {"+": left + right, "-": left - right, "*": left * right}[op]
            if not _INT8[0] <= result <= _INT8[1]:
                raise NotModelled("integer arithmetic beyond bigint is not modelled")
            return result
        comparisons = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "!=": lambda a, b: a != b,
                       "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
                       ">=": lambda a, b: a >= b}
        if op in comparisons and (both_int or (type(left) is type(right) and op in ("=", "<>", "!="))):
            return comparisons[op](left, right)
        raise NotModelled(f"operator {op} over these values is not modelled{self.where()}")

    def _function(self, node: Any) -> Any:
        name = names(node.funcname)
        if len(name) == 2 and name[0] == "pg_catalog":
            name = name[1:]
        args = [self._value(a) for a in node.args or ()]
        if name == ["format"] and args:
            if not (args[0] is None or isinstance(args[0], str)):
                raise NotModelled("format() with a non-text pattern is not modelled")
            return functions.format_text(args[0], args[1:])
        if name == ["quote_ident"] and len(args) == 1:
            return functions.quote_ident(args[0])
        if name == ["quote_literal"] and len(args) == 1:
            return functions.quote_literal(args[0])
        if name == ["quote_nullable"] and len(args) == 1:
            return functions.quote_nullable(args[0])
        if name == ["coalesce"] and args:
            return next((a for a in args if a is not None), None)
        raise NotModelled(f"function {'.'.join(name)}() in a PL/pgSQL expression is not modelled{self.where()}")

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
        if self.variables() and not isinstance(node, ast.SubLink):
            value = self._value(node)
            if value is None or isinstance(value, bool):
                return value
            raise PgError(SqlState.DATATYPE_MISMATCH, "argument of IF must be type boolean")
        raise NotModelled(f"condition not modelled: {one_line(node)}")
