"""The rows a statement reads: a SELECT's result (INSERT ... SELECT), the relations of UPDATE's FROM and DELETE's
USING. Modelled: VALUES, a SELECT without FROM, FROM over the model's tables and generate_series(), cross joined
and filtered by WHERE. Anything else (joins, grouping, ORDER BY, LIMIT, set operations) is NotModelled."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterator

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.rows import Row
from consolidator.model.types import SqlType
from consolidator.parse.expressions import names
from consolidator.model.types import builtin as builtin_type
from consolidator.query.scalar import Datum
from consolidator.replay.seed.target import require_known
from consolidator.replay.seed.values import Relation, Scope, Value, Values, columns_of


@dataclass
class Source:
    """One FROM item: the names it answers to, its columns and its rows."""

    names: tuple[str, ...]
    columns: dict[str, SqlType]
    rows: list[Row]
    order_unknown: bool = False  # a table whose scan order the model does not know (see model/rows.py)


def from_items(values: Values, items: Any, taken: tuple[str, ...] = ()) -> list[Source]:
    """The FROM items; `taken`: the names already in scope (UPDATE's and DELETE's target)."""
    sources = [_item(values, item) for item in items or ()]
    seen = set(taken)
    for source in sources:
        for name in source.names:
            if name in seen:
                raise PgError(SqlState.DUPLICATE_ALIAS, f'table name "{name}" specified more than once')
            seen.add(name)
    return sources


def _item(values: Values, item: Any) -> Source:
    ctx = values.ctx
    if isinstance(item, ast.RangeVar):
        key = ctx.relation_key(item)
        if key in ctx.catalog.views or ctx.catalog.relation_kind(key) not in (None, "table"):
            raise NotModelled(f"reading rows of {split_key(key)[1]} (not a table) is not modelled")
        table = ctx.catalog.table(key)
        require_known(ctx, key)
        if table.partition_key is not None or table.partition_of is not None:
            raise NotModelled("rows of partitioned tables are not modelled yet")
        alias = item.alias.aliasname if item.alias is not None else split_key(key)[1]
        if item.alias is not None and item.alias.colnames:
            raise NotModelled("column aliases in FROM are not modelled")
        return Source((alias,), columns_of(table), list(ctx.catalog.rows(key)), ctx.catalog.order_unknown(key))
    if isinstance(item, ast.RangeFunction):
        return _series(values, item)
    raise NotModelled(f"FROM items of the kind {type(item).__name__} are not evaluated yet")


def _series(values: Values, item: ast.RangeFunction) -> Source:
    if item.ordinality or item.lateral or item.is_rowsfrom or len(item.functions) != 1:
        raise NotModelled("this form of a function in FROM is not evaluated")
    call, coldefs = item.functions[0]
    if not isinstance(call, ast.FuncCall) or names(call.funcname)[-1] != "generate_series" or coldefs:
        raise NotModelled("only generate_series() is evaluated in FROM")
    args = [values.datum(a) for a in call.args or ()]
    if len(args) not in (2, 3) or any(a.type not in ("int4", "int8") for a in args):
        raise NotModelled("generate_series() over other than integer constants is not evaluated")
    if any(a.text is None for a in args):
        numbers: list[int] = []
    else:
        start, stop = int(args[0].text), int(args[1].text)
        step = int(args[2].text) if len(args) == 3 else 1
        if step == 0:
            raise PgError(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero")
        numbers = list(range(start, stop + (1 if step > 0 else -1), step))
    kind = "int8" if any(a.type == "int8" for a in args) else "int4"
    alias = item.alias.aliasname if item.alias is not None else "generate_series"
    column = item.alias.colnames[0].sval if item.alias is not None and item.alias.colnames else alias
    return Source((alias,), {column: builtin_type(kind)}, [{column: Datum(kind, str(n))} for n in numbers])


def scopes(sources: list[Source], extra: list[Relation] = ()) -> Iterator[Scope]:
    """Every combination of the sources' rows (a cross join), each as a scope after `extra`."""
    for combo in itertools.product(*(s.rows for s in sources)):
        yield Scope([*extra, *(Relation(s.names, s.columns, row) for s, row in zip(sources, combo))])


def select_rows(values: Values, stmt: Any, ordered: bool = False) -> list[list[Value]]:
    """The rows of a SELECT (or VALUES) as lists of values, in the order the server produces them. `ordered`: the
    caller depends on that order (sequence values, ON CONFLICT), so a table whose scan order the model does not
    know makes it NotModelled."""
    if not isinstance(stmt, ast.SelectStmt):
        raise NotModelled(f"{type(stmt).__name__} as a source of rows is not evaluated")
    unsupported = [name for name, part in (
        ("WITH", stmt.withClause), ("DISTINCT", stmt.distinctClause), ("GROUP BY", stmt.groupClause),
        ("HAVING", stmt.havingClause), ("WINDOW", stmt.windowClause), ("ORDER BY", stmt.sortClause),
        ("LIMIT", stmt.limitCount), ("OFFSET", stmt.limitOffset), ("FOR UPDATE", stmt.lockingClause),
        ("INTO", stmt.intoClause)) if part]
    if stmt.op.name != "SETOP_NONE":
        unsupported.append(stmt.op.name.removeprefix("SETOP_"))
    if unsupported:
        raise NotModelled(f"SELECT with {', '.join(unsupported)} is not evaluated yet as a source of rows")
    if stmt.valuesLists:
        return [[values.value(v) for v in row] for row in stmt.valuesLists]
    sources = from_items(values, stmt.fromClause)
    shuffled = [s.names[0] for s in sources if s.order_unknown and len(s.rows) > 1]
    if ordered and shuffled:
        raise NotModelled(f"the rows are read in {shuffled[0]}'s scan order, which its earlier UPDATE or DELETE "
                          "moved in a way the model does not follow, and the result depends on it")
    out = []
    for scope in scopes(sources):
        if stmt.whereClause is not None and not values.truth(stmt.whereClause, scope):
            continue
        row: list[Value] = []
        for target in stmt.targetList or ():
            node = target.val
            if isinstance(node, ast.ColumnRef) and isinstance(node.fields[-1], ast.A_Star):
                row.extend(_star(scope, node))
            elif isinstance(node, ast.ColumnRef):
                row.append(scope.value(node))  # a volatile value is carried as it is
            else:
                row.append(values.value(node, scope))
        out.append(row)
    return out


def _star(scope: Scope, node: ast.ColumnRef) -> list[Value]:
    qualifier = [f.sval for f in node.fields[:-1]]
    relations = scope.relations if not qualifier else [r for r in scope.relations if qualifier[-1] in r.names]
    if qualifier and not relations:
        raise PgError(SqlState.UNDEFINED_TABLE, f'missing FROM-clause entry for table "{qualifier[-1]}"')
    if not relations:
        raise PgError(SqlState.SYNTAX_ERROR, "SELECT * with no tables specified is not valid")
    out: list[Value] = []
    for relation in relations:
        for column, sql_type in relation.columns.items():
            value = relation.row.get(column)
            out.append(value if value is not None else Datum(sql_type.underlying.name, None))
    return out


def reads_shuffled(values: Values, stmt: Any) -> bool:
    """Whether a SELECT reads a table whose scan order the model does not know."""
    items = getattr(stmt, "fromClause", None) or ()
    return any(isinstance(i, ast.RangeVar) and values.ctx.catalog.order_unknown(values.ctx.relation_key(i))
               for i in items)


def exists(values: Values, stmt: Any, outer: Scope) -> bool:
    """EXISTS (SELECT ... FROM ... WHERE ...): whether the subquery has a row, the outer row in scope."""
    if not isinstance(stmt, ast.SelectStmt) or stmt.valuesLists or stmt.op.name != "SETOP_NONE" or any(
            getattr(stmt, part) for part in ("withClause", "groupClause", "havingClause", "windowClause",
                                             "limitCount", "limitOffset", "distinctClause")):
        raise NotModelled("this form of EXISTS subquery is not evaluated yet")
    sources = [_item(values, item) for item in stmt.fromClause or ()]
    for inner in scopes(sources):
        inner.outer = outer
        if stmt.whereClause is None or values.truth(stmt.whereClause, inner):
            return True
    return False


Values.exists = staticmethod(exists)
