"""SELECT over one catalog view (information_schema, pg_catalog) in a DO-block guard, as the server answers it.

`[NOT] EXISTS (SELECT ... FROM <view> WHERE ...)` and `(SELECT count(*) FROM <view> WHERE ...) <op> n`; the
WHERE clause is compiled once (every error the server finds at parse analysis is raised then) and run over
the view's rows (catalog_views.py). A row that may or may not match makes the answer uncertain: NotModelled.
"""

from __future__ import annotations

from typing import Any, Callable

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.catalog import Catalog
from consolidator.model.names import qualify, truncate
from consolidator.parse.expressions import names
from consolidator.query.catalog_views import ANY, SYSTEM_RELATIONS, VIEWS, View
from consolidator.query.names import is_current_schema, one_line, qualified_name, type_name
from consolidator.query.values import Row, Uncertain, boolean, compare, is_null

Predicate = Callable[[Row], "bool | None"]
_IMPLICIT_VARIABLES = ("found", "sqlstate", "sqlerrm")  # PL/pgSQL's own variables, not catalog columns


class CatalogQuery:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def exists(self, select: Any) -> bool:
        limit = self._limit(select)
        definite, uncertain, view = self._matching(select, aggregate=False)
        if limit == 0 or definite:
            return limit != 0
        if uncertain:
            raise NotModelled(f"condition not modelled: {view.name} may hold rows the model does not know "
                              f"({one_line(select.whereClause) if select.whereClause else 'no WHERE'})")
        return False

    def count_comparison(self, node: Any) -> bool | None:
        """(SELECT count(*) FROM <view> WHERE ...) <op> <integer>, either way round."""
        ops = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, ">": lambda a, b: a > b,
               "<": lambda a, b: a < b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
        flipped = {">": "<", "<": ">", ">=": "<=", "<=": ">="}
        op = names(node.name)
        if len(op) != 1 or op[0] not in ops:
            return None
        left, right, op = node.lexpr, node.rexpr, op[0]
        if isinstance(right, ast.SubLink):
            left, right, op = right, left, flipped.get(op, op)
        if not (isinstance(left, ast.SubLink) and left.subLinkType == enums.SubLinkType.EXPR_SUBLINK):
            return None
        if not (isinstance(right, ast.A_Const) and isinstance(right.val, ast.Integer)):
            return None
        select = left.subselect
        target = select.targetList[0].val if isinstance(select, ast.SelectStmt) and len(select.targetList or ()) == 1 else None
        if not (isinstance(target, ast.FuncCall) and names(target.funcname)[-1:] == ["count"] and target.agg_star
                and not target.agg_distinct and not target.agg_filter and not target.over and not target.agg_order):
            return None
        if select.limitCount is not None or select.limitOffset is not None:
            return None
        definite, uncertain, view = self._matching(select, aggregate=True)
        if uncertain:
            raise NotModelled(f"condition not modelled: {view.name} may hold rows the model does not know")
        return ops[op](definite, right.val.ival)

    def _limit(self, select: Any) -> int | None:
        if select.limitOffset is not None:
            raise NotModelled("condition not modelled: OFFSET in a catalog query")
        limit = select.limitCount
        if limit is None or (isinstance(limit, ast.A_Const) and limit.isnull):
            return None
        if isinstance(limit, ast.A_Const) and isinstance(limit.val, ast.Integer) and limit.val.ival >= 0:
            return limit.val.ival
        raise NotModelled(f"condition not modelled: LIMIT {one_line(limit)}")

    # -- a query on one catalog view

    def _matching(self, select: Any, aggregate: bool) -> tuple[int, int, View]:
        """(rows that match, rows that may match) of a one-view SELECT."""
        if not isinstance(select, ast.SelectStmt) or select.op != enums.SetOperation.SETOP_NONE:
            raise NotModelled(f"condition not modelled: {one_line(select)}")
        for clause, what in ((select.withClause, "WITH"), (select.groupClause, "GROUP BY"),
                             (select.havingClause, "HAVING"), (select.windowClause, "WINDOW"),
                             (select.sortClause, "ORDER BY"), (select.valuesLists, "VALUES"),
                             (select.lockingClause, "FOR UPDATE"), (select.intoClause, "INTO")):
            if clause:
                raise NotModelled(f"condition not modelled: {what} in a catalog query")
        if len(select.fromClause or ()) != 1 or not isinstance(select.fromClause[0], ast.RangeVar):
            raise NotModelled(f"condition not modelled: only a query on one catalog view is: {one_line(select)}")
        rangevar = select.fromClause[0]
        view = self._view(rangevar)
        qualifier = rangevar.alias.aliasname if rangevar.alias else rangevar.relname
        if not aggregate:
            for target in select.targetList or ():
                value = target.val
                if isinstance(value, ast.ColumnRef):
                    if not isinstance(value.fields[-1], ast.A_Star):
                        self._column(view, qualifier, value)
                elif not isinstance(value, ast.A_Const):
                    raise NotModelled(f"condition not modelled: {one_line(value)} in a catalog query's select list")
        predicate = self._predicate(view, qualifier, select.whereClause) if select.whereClause else None
        equal = self._equalities(view, qualifier, select.whereClause) if select.whereClause else ()
        narrowed = next(((column, value) for column, value in equal if column in view.narrow), None)
        rows = view.rows(self.catalog) if narrowed is None else view.rows(self.catalog, **dict([narrowed]))
        definite = uncertain = 0
        for row in rows:
            # a conjunct `column = 'c'` over an exact other value is false, and so is the whole WHERE
            if any(type(value := row.get(column)) is str and value != wanted for column, wanted in equal):
                continue
            try:
                value = True if predicate is None else predicate(row)
            except Uncertain:
                uncertain += 1
                continue
            definite += value is True
        return definite, uncertain, view

    def _equalities(self, view: View, qualifier: str, where: Any) -> list[tuple[str, str]]:
        """(column, text) of each `column = 'text'` ANDed at the top of WHERE (compiled already, so valid)."""
        found = []
        for node in where.args if _is_and(where) else [where]:
            if not (isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP
                    and names(node.name) == ["="]):
                continue
            left, right = node.lexpr, node.rexpr
            if not isinstance(left, ast.ColumnRef):
                left, right = right, left
            if isinstance(left, ast.ColumnRef) and not isinstance(right, ast.ColumnRef):
                column = self._column(view, qualifier, left)
                value = self._constant(view.columns[column], right)
                if isinstance(value, str):
                    found.append((column, value))
        return found

    def _view(self, rangevar: Any) -> View:
        if rangevar.catalogname:
            raise NotModelled("condition not modelled: a catalog-qualified relation")
        relname, schema = rangevar.relname, rangevar.schemaname
        if schema is None:
            if relname in SYSTEM_RELATIONS["pg_catalog"]:
                schema = "pg_catalog"  # pg_catalog is searched first, whatever search_path says
            else:
                raise NotModelled(f"condition not modelled: it reads {relname}, not a catalog view the model holds")
        view = VIEWS.get((schema, relname))
        if view is not None:
            return view
        if schema in SYSTEM_RELATIONS:
            if relname in SYSTEM_RELATIONS[schema]:
                raise NotModelled(f"condition not modelled: catalog {schema}.{relname} is not modelled")
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{relname}" does not exist')
        raise NotModelled(f"condition not modelled: it reads {schema}.{relname}, not a catalog view")

    def _column(self, view: View, qualifier: str, ref: Any) -> str:
        fields = ref.fields or ()
        if not all(isinstance(f, ast.String) for f in fields) or not 1 <= len(fields) <= 2:
            raise NotModelled(f"condition not modelled: column reference {one_line(ref)}")
        if len(fields) == 2 and fields[0].sval != qualifier:
            raise NotModelled(f"condition not modelled: column reference {one_line(ref)}")
        column = fields[-1].sval
        if column in view.columns:
            return column
        if column in view.all_columns:
            raise NotModelled(f"condition not modelled: {view.name}.{column} is not modelled")
        if len(fields) == 1 and column in _IMPLICIT_VARIABLES:
            raise NotModelled(f"condition not modelled: PL/pgSQL variable {column}")
        if len(fields) == 2:
            raise PgError(SqlState.UNDEFINED_COLUMN, f"column {fields[0].sval}.{column} does not exist")
        raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column}" does not exist')

    def _predicate(self, view: View, qualifier: str, node: Any) -> Predicate:
        """Compile a WHERE clause: every error the server finds at parse analysis is raised now."""
        if isinstance(node, ast.BoolExpr):
            parts = [self._predicate(view, qualifier, arg) for arg in node.args]
            return lambda row: boolean(node.boolop, [lambda p=p: p(row) for p in parts])
        if isinstance(node, ast.A_Const) and not node.isnull and isinstance(node.val, ast.Boolean):
            return lambda row: node.val.boolval
        if isinstance(node, ast.NullTest) and isinstance(node.arg, ast.ColumnRef):
            column = self._column(view, qualifier, node.arg)
            wanted = node.nulltesttype == enums.NullTestType.IS_NULL
            return lambda row: is_null(row.get(column, ANY)) == wanted
        if isinstance(node, ast.A_Expr) and names(node.name) in (["="], ["<>"]):
            equal = names(node.name) == ["="]
            if node.kind == enums.A_Expr_Kind.AEXPR_OP:
                left, right = node.lexpr, node.rexpr
                if not isinstance(left, ast.ColumnRef):
                    left, right = right, left
                if isinstance(left, ast.ColumnRef) and not isinstance(right, ast.ColumnRef):
                    column = self._column(view, qualifier, left)
                    value = self._constant(view.columns[column], right)
                    return lambda row: compare(row.get(column, ANY), value, equal)
            elif node.kind == enums.A_Expr_Kind.AEXPR_IN and isinstance(node.lexpr, ast.ColumnRef):
                column = self._column(view, qualifier, node.lexpr)
                values = [self._constant(view.columns[column], item) for item in node.rexpr or ()]
                # x IN (a, b) is x = a OR x = b; x NOT IN (a, b) is x <> a AND x <> b
                op = enums.BoolExprType.OR_EXPR if equal else enums.BoolExprType.AND_EXPR
                return lambda row: boolean(op, [lambda v=v: compare(row.get(column, ANY), v, equal) for v in values])
        raise NotModelled(f"condition not modelled: {one_line(node)} in a catalog query")

    def _constant(self, family: str, node: Any) -> str | None:
        """A constant compared with a column of `family`, coerced as the server coerces it."""
        cast = None
        if isinstance(node, ast.TypeCast):
            cast, node = type_name(node.typeName), node.arg
        if isinstance(node, ast.A_Const) and node.isnull:
            return None
        if isinstance(node, (ast.SQLValueFunction, ast.FuncCall)) and cast is None and family == "name":
            if is_current_schema(node):
                if self.catalog.schemas:
                    raise NotModelled("condition not modelled: current_schema() when other schemas exist")
                return "public"
        if not (isinstance(node, ast.A_Const) and isinstance(node.val, ast.String)):
            raise NotModelled(f"condition not modelled: {one_line(node)} compared with a catalog column")
        text = node.val.sval
        if family == "regclass":
            if cast != "regclass":
                raise NotModelled(f"condition not modelled: '{text}' compared with an oid column")
            return self._regclass(text)
        if family == "name" and cast in (None, "name"):
            return truncate(text)  # namein cuts to 63 bytes
        if family == "char" and cast in (None, "char"):
            if text and not text[0].isascii():
                raise NotModelled("condition not modelled: a non-ASCII \"char\" constant")
            return text[:1]
        if cast in (None, "text", "varchar") and family in ("name", "text"):
            return text
        raise NotModelled(f"condition not modelled: '{text}'::{cast} compared with a catalog column")

    def _regclass(self, text: str) -> str:
        """'name'::regclass, as regclassin resolves it; the value is 'oid:<schema>.<name>'."""
        parts = qualified_name(text)
        if len(parts) == 1:
            name = parts[0]
            if name in SYSTEM_RELATIONS["pg_catalog"]:
                return f"oid:pg_catalog.{name}"
            key = qualify("public", name)
            if self.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{name}" does not exist')
            return f"oid:{key}"
        if len(parts) == 2:
            schema, name = parts
            if schema in SYSTEM_RELATIONS:
                if name in SYSTEM_RELATIONS[schema]:
                    return f"oid:{schema}.{name}"
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{name}" does not exist')
            if schema.startswith("pg_"):
                raise NotModelled(f"condition not modelled: '{text}'::regclass")
            if not self.catalog.schema_exists(schema):
                raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{schema}" does not exist')
            key = qualify(schema, name)
            if self.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{name}" does not exist')
            return f"oid:{key}"
        raise NotModelled(f"condition not modelled: '{text}'::regclass")


def _is_and(node: Any) -> bool:
    return isinstance(node, ast.BoolExpr) and node.boolop == enums.BoolExprType.AND_EXPR
