"""The rows of a SELECT over catalog views, for a PL/pgSQL `FOR r IN SELECT ... LOOP`.

One view, or two joined with `[INNER] JOIN ... ON a.x = b.y`; WHERE with the guards' predicates plus LIKE and
boolean columns; a select list of columns; ORDER BY columns. Every row must be known exactly and their order
decided (ORDER BY with no ties, or at most one row), else NotModelled: a loop over rows the model only
half knows would be a guess.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from typing import Any, Iterator

from pglast import ast, enums

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.parse.expressions import names
from consolidator.query.catalog_query import CatalogQuery, Predicate
from consolidator.query.catalog_views import ANY, View
from consolidator.query.names import one_line
from consolidator.query.values import Row, Uncertain, Unknown, boolean

_AND = enums.BoolExprType.AND_EXPR
_ROW_FAMILIES = ("name", "text", "char", "bool")  # values a loop variable can hold as the server gives them


@dataclass(frozen=True)
class _Source:
    qualifier: str
    view: View


class RowQuery(CatalogQuery):
    def rows(self, select: Any) -> list[dict[str, Any]]:
        """The result rows, in order, as {output column: value}."""
        if not isinstance(select, ast.SelectStmt) or select.op != enums.SetOperation.SETOP_NONE:
            raise NotModelled(f"loop query not modelled: {one_line(select)}")
        for clause, what in ((select.withClause, "WITH"), (select.groupClause, "GROUP BY"),
                             (select.havingClause, "HAVING"), (select.windowClause, "WINDOW"),
                             (select.valuesLists, "VALUES"), (select.lockingClause, "FOR UPDATE"),
                             (select.intoClause, "INTO"), (select.distinctClause, "DISTINCT"),
                             (select.limitOffset, "OFFSET")):
            if clause:
                raise NotModelled(f"loop query not modelled: {what} in a catalog query")
        limit = self._limit(select)
        self._sources, on = self._from(select.fromClause)
        joined = View(name=" JOIN ".join(s.view.name for s in self._sources),
                      columns={f"{s.qualifier}.{c}": f for s in self._sources for c, f in s.view.columns.items()},
                      all_columns=frozenset(), rows=lambda _: ())
        outputs = self._outputs(joined, select.targetList)
        parts = [p for p in (on, self._predicate(joined, "", select.whereClause) if select.whereClause else None) if p]
        order = [self._order(joined, outputs, item) for item in select.sortClause or ()]
        matched = []
        for row in self._candidates(joined, select.fromClause[0], select.whereClause):
            try:
                value = boolean(_AND, [lambda p=p: p(row) for p in parts]) if parts else True
            except Uncertain:
                raise NotModelled(f"loop query not modelled: {joined.name} may hold rows the model does not know "
                                  f"({one_line(select.whereClause) if select.whereClause else 'no WHERE'})")
            if value is True:
                matched.append(row)
        result = self._sorted(matched, order)
        if limit is not None:
            result = result[:limit]
        return [{name: self._exact(row[key]) for name, key in outputs} for row in result]

    # -- FROM

    def _from(self, items: Any) -> tuple[list[_Source], Predicate | None]:
        if len(items or ()) != 1:
            raise NotModelled("loop query not modelled: only one catalog view, or two joined, in FROM")
        item = items[0]
        if isinstance(item, ast.RangeVar):
            return [self._source(item)], None
        if (isinstance(item, ast.JoinExpr) and item.jointype == enums.JoinType.JOIN_INNER and not item.isNatural
                and not item.usingClause and isinstance(item.larg, ast.RangeVar)
                and isinstance(item.rarg, ast.RangeVar) and item.quals is not None and item.alias is None):
            sources = [self._source(item.larg), self._source(item.rarg)]
            if sources[0].qualifier == sources[1].qualifier:
                raise PgError(SqlState.DUPLICATE_ALIAS, f'table name "{sources[0].qualifier}" specified more than once')
            self._sources = sources
            joined = View(name="", columns={f"{s.qualifier}.{c}": f for s in sources for c, f in s.view.columns.items()},
                          all_columns=frozenset(), rows=lambda _: ())
            return sources, self._predicate(joined, "", item.quals)
        raise NotModelled(f"loop query not modelled: FROM {one_line(item)}")

    def _source(self, rangevar: Any) -> _Source:
        return _Source(rangevar.alias.aliasname if rangevar.alias else rangevar.relname, self._view(rangevar))

    def _candidates(self, joined: View, item: Any, where: Any) -> Iterator[Row]:
        """The rows of FROM, in the order a nested loop gives them (each left row with every right row), less the
        pairs whose ON or WHERE is false whatever the other parts say: false AND anything is false, so the pairs
        left out can neither match nor make the answer uncertain. A join runs as a hash join on `ON a.x = b.y`,
        after each side is filtered by the WHERE conjuncts that read that side alone."""
        tables = [[{f"{s.qualifier}.{k}": v for k, v in r.items()} for r in s.view.rows(self.catalog)]
                  for s in self._sources]
        if len(tables) == 1:
            yield from tables[0]
            return
        owners = [{f"{s.qualifier}.{c}" for c in s.view.columns} for s in self._sources]
        conjuncts = () if where is None else where.args if _is_and(where) else (where,)
        for side, columns in enumerate(owners):
            filters = [self._predicate(joined, "", c) for c in conjuncts
                       if self._columns_read(joined, c) <= columns]
            if filters:
                tables[side] = [row for row in tables[side] if not any(_false(f, row) for f in filters)]
        left, right = tables
        keys = self._equi_join(joined, item.quals, owners)
        if keys is None:
            for row in left:
                for other in right:
                    yield row | other
            return
        left_key, right_key = keys
        by_value: dict[str, list[int]] = {}
        inexact: list[int] = []  # NULL, or known only in part: may equal anything, compared pair by pair
        for i, other in enumerate(right):
            value = other.get(right_key, ANY)
            if type(value) is str:
                by_value.setdefault(value, []).append(i)
            else:
                inexact.append(i)
        every = range(len(right))
        for row in left:
            value = row.get(left_key, ANY)
            # two exact values that differ make ON false; an inexact one is compared with every row
            indexes = heapq.merge(by_value.get(value, ()), inexact) if type(value) is str else every
            for i in indexes:
                yield row | right[i]

    def _equi_join(self, joined: View, quals: Any, owners: list[set[str]]) -> tuple[str, str] | None:
        """(left column, right column) of `ON a.x = b.y` with one column of each side, else None."""
        if not (isinstance(quals, ast.A_Expr) and quals.kind == enums.A_Expr_Kind.AEXPR_OP
                and names(quals.name) == ["="] and isinstance(quals.lexpr, ast.ColumnRef)
                and isinstance(quals.rexpr, ast.ColumnRef)):
            return None
        a, b = self._column(joined, "", quals.lexpr), self._column(joined, "", quals.rexpr)
        if a in owners[1] and b in owners[0]:
            a, b = b, a
        if a in owners[0] and b in owners[1] and a not in owners[1] and b not in owners[0]:
            return a, b
        return None

    def _columns_read(self, joined: View, node: Any) -> set[str]:
        """The joined columns (qualifier.column) a compiled WHERE part reads."""
        if isinstance(node, ast.ColumnRef):
            return {self._column(joined, "", node)}
        found: set[str] = set()
        if isinstance(node, ast.Node):
            for attribute in node:
                found |= self._columns_read(joined, getattr(node, attribute))
        elif isinstance(node, (list, tuple)):
            for child in node:
                found |= self._columns_read(joined, child)
        return found

    # -- columns

    def _column(self, view: View, qualifier: str, ref: Any) -> str:
        fields = ref.fields or ()
        if not all(isinstance(f, ast.String) for f in fields) or not 1 <= len(fields) <= 2:
            raise NotModelled(f"loop query not modelled: column reference {one_line(ref)}")
        column = fields[-1].sval
        if len(fields) == 2:
            sources = [s for s in self._sources if s.qualifier == fields[0].sval]
            if not sources:
                raise PgError(SqlState.UNDEFINED_TABLE, f'missing FROM-clause entry for table "{fields[0].sval}"')
        else:
            sources = [s for s in self._sources if column in s.view.columns or column in s.view.all_columns]
            if len(sources) > 1:
                raise PgError(SqlState.AMBIGUOUS_COLUMN, f'column reference "{column}" is ambiguous')
            if not sources:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column}" does not exist')
        source = sources[0]
        return f"{source.qualifier}.{super()._column(source.view, source.qualifier, _ref(source.qualifier, column))}"

    def _outputs(self, joined: View, targets: Any) -> list[tuple[str, str]]:
        outputs = []
        for target in targets or ():
            if not isinstance(target.val, ast.ColumnRef) or isinstance(target.val.fields[-1], ast.A_Star):
                raise NotModelled(f"loop query not modelled: {one_line(target.val)} in the select list")
            key = self._column(joined, "", target.val)
            if joined.columns[key] not in _ROW_FAMILIES:
                raise NotModelled(f"loop query not modelled: {one_line(target.val)} (an oid) in the select list")
            outputs.append((target.name or key.partition(".")[2], key))
        return outputs

    def _order(self, joined: View, outputs: list[tuple[str, str]], item: Any) -> tuple[str, bool]:
        if item.useOp or item.sortby_nulls != enums.SortByNulls.SORTBY_NULLS_DEFAULT:
            raise NotModelled("loop query not modelled: ORDER BY ... USING / NULLS")
        node = item.node
        descending = item.sortby_dir == enums.SortByDir.SORTBY_DESC
        if isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], ast.String):
            named = [key for name, key in outputs if name == node.fields[0].sval]
            if len(named) == 1:
                return named[0], descending
        if isinstance(node, ast.ColumnRef):
            return self._column(joined, "", node), descending
        raise NotModelled(f"loop query not modelled: ORDER BY {one_line(node)}")

    def _sorted(self, rows: list[Row], order: list[tuple[str, bool]]) -> list[Row]:
        if len(rows) <= 1:
            return rows
        if not order:
            raise NotModelled("loop query not modelled: the rows' order is the server's choice (no ORDER BY)")
        keys = [[self._exact(row[key]) for key, _ in order] for row in rows]
        if any(v is None or isinstance(v, bool) for k in keys for v in k):
            raise NotModelled("loop query not modelled: ORDER BY over NULLs or booleans")
        if len({tuple(k) for k in keys}) != len(keys):
            raise NotModelled("loop query not modelled: ORDER BY leaves ties, whose order is the server's choice")
        indexed = list(range(len(rows)))
        for position in reversed(range(len(order))):
            # name and text of ASCII sort as bytes in the C collation; otherwise the collation decides
            if any(not k[position].isascii() for k in keys):
                raise NotModelled("loop query not modelled: ORDER BY over non-ASCII text")
            indexed.sort(key=lambda i: keys[i][position], reverse=order[position][1])
        return [rows[i] for i in indexed]

    @staticmethod
    def _exact(value: Any) -> Any:
        if isinstance(value, Unknown):
            raise NotModelled("loop query not modelled: a row holds a value the model does not know exactly")
        return value

    # -- predicates the guards do not need

    def _predicate(self, view: View, qualifier: str, node: Any) -> Predicate:
        if isinstance(node, ast.ColumnRef):
            column = self._column(view, qualifier, node)
            if view.columns[column] != "bool":
                raise PgError(SqlState.DATATYPE_MISMATCH, "argument of WHERE must be type boolean")
            return lambda row: _truth(row.get(column, ANY))
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP and names(node.name) == ["="] \
                and isinstance(node.lexpr, ast.ColumnRef) and isinstance(node.rexpr, ast.ColumnRef):
            left, right = self._column(view, qualifier, node.lexpr), self._column(view, qualifier, node.rexpr)
            if view.columns[left] != view.columns[right]:
                raise NotModelled(f"loop query not modelled: {one_line(node)}")
            return lambda row: _equal(row.get(left, ANY), row.get(right, ANY))
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_LIKE \
                and names(node.name) in (["~~"], ["!~~"]) and isinstance(node.lexpr, ast.ColumnRef):
            column = self._column(view, qualifier, node.lexpr)
            if view.columns[column] not in ("name", "text"):
                raise NotModelled(f"loop query not modelled: {one_line(node)}")
            if not (isinstance(node.rexpr, ast.A_Const) and isinstance(node.rexpr.val, ast.String)):
                raise NotModelled(f"loop query not modelled: {one_line(node)}")
            pattern = like_pattern(node.rexpr.val.sval)
            positive = names(node.name) == ["~~"]
            return lambda row: _like(row.get(column, ANY), pattern, positive)
        return super()._predicate(view, qualifier, node)


def _ref(qualifier: str, column: str) -> Any:
    return ast.ColumnRef(fields=(ast.String(sval=qualifier), ast.String(sval=column)))


def like_pattern(text: str) -> re.Pattern:
    """LIKE's pattern with its default escape, the backslash."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text):
                raise PgError(SqlState.INVALID_ESCAPE_SEQUENCE, "LIKE pattern must not end with escape character")
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "%" else "." if c == "_" else re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _is_and(node: Any) -> bool:
    return isinstance(node, ast.BoolExpr) and node.boolop == _AND


def _false(predicate: Predicate, row: Row) -> bool:
    try:
        return predicate(row) is False
    except Uncertain:
        return False


def _truth(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        raise Uncertain()
    return value


def _equal(left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    if isinstance(left, Unknown) and isinstance(right, Unknown):
        raise Uncertain()
    if isinstance(right, Unknown):
        left, right = right, left
    if isinstance(left, Unknown):
        if left.could_be(right):
            raise Uncertain()
        return False
    return left == right


def _like(value: Any, pattern: re.Pattern, positive: bool) -> bool | None:
    if value is None:
        return None
    if isinstance(value, Unknown):
        if value.candidates is not None and value.pattern is None:
            if not any(pattern.fullmatch(c) for c in value.candidates):
                return not positive
        raise Uncertain()
    return (pattern.fullmatch(value) is not None) == positive
