"""SELECT ... INTO, INSERT / UPDATE / DELETE ... RETURNING ... INTO (static and EXECUTE'd), and PERFORM, over the
model's rows. The errors are PL/pgSQL's: STRICT and no row (P0002), STRICT or a data-changing statement and more
than one row (P0003)."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.parse.expressions import names
from consolidator.replay.plpgsql.data import AGGREGATES, walk, assign_row, describe_row, parse_one, query_rows, reads_rows, substitute
from consolidator.replay.plpgsql.interpreter import Run
from consolidator.replay.seed.values import Relation, Scope, Values, columns_of

_CHANGES = (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)


def into(run: Run, data: dict, sql: str, targets: Any, dynamic: bool, params: list | None = None) -> None:
    """Run `sql` and assign its first row to `targets` (a Record or a list of variables)."""
    node = parse_one(sql)
    if isinstance(node, ast.SelectStmt):
        if node.fromClause and not reads_rows(run, node):
            raise NotModelled(f"SELECT ... INTO over catalog views is not modelled{run.at()}")
        columns, rows = query_rows(run, substitute(run, node, params if dynamic else None), substituted=True,
                                   ordered=_calls(node), first=not data.get("strict"))
        what = "SELECT INTO"
    elif isinstance(node, _CHANGES) and node.returningList:
        columns, rows = _returning(run, data, node, sql, dynamic, params)
        what = type(node).__name__.removesuffix("Stmt").upper() + " RETURNING INTO"
    else:
        raise NotModelled(f"INTO on a {type(node).__name__} is not modelled{run.at()}")
    strict = bool(data.get("strict"))
    if not rows and strict:
        raise PgError(SqlState.NO_DATA_FOUND, "query returned no rows")
    if len(rows) > 1 and (strict or isinstance(node, _CHANGES)):
        raise PgError(SqlState.TOO_MANY_ROWS, "query returned more than one row")
    row = rows[0] if rows else None
    assign_row(run, targets, columns, row)
    run.row_count = len(rows)
    if not dynamic:
        run.found = bool(rows)
    run.parts.append(f"{what}: {describe_row(row)}")


def _returning(run: Run, data: dict, node: Any, sql: str, dynamic: bool, params: list | None) -> tuple[list, list]:
    """The rows RETURNING gives: the rows the statement wrote (the deleted ones for DELETE), read from the table's
    rows before and after it, evaluated for the RETURNING list."""
    key = run.ctx.relation_key(node.relation)
    catalog = run.ctx.catalog
    before = catalog.rows(key)
    notes = len(run.notes)
    run.run_sql(sql, run.span(data, sql), dynamic=dynamic, params=params)
    if len(run.notes) > notes or key not in catalog.tables or run.row_count is None:
        raise NotModelled(f"RETURNING ... INTO after a statement the model could not follow is not modelled"
                          f"{run.at()}")
    after = catalog.rows(key)
    if isinstance(node, ast.DeleteStmt):
        kept = {id(r) for r in after}
        written = [r for r in before if id(r) not in kept]
    else:
        old = {id(r) for r in before}
        written = [r for r in after if id(r) not in old]
    if len(written) != run.row_count:
        raise NotModelled(f"the rows RETURNING gives here are not modelled{run.at()}")
    table = catalog.tables[key]
    alias = node.relation.alias.aliasname if node.relation.alias is not None else split_key(key)[1]
    values = Values(run.ctx)
    returning = substitute(run, ast.SelectStmt(targetList=node.returningList), params if dynamic else None)
    columns: list[str] = []
    rows = []
    for row in written:
        scope = Scope([Relation((alias,), columns_of(table), row)])
        out: dict = {}
        for target in returning.targetList:
            if isinstance(target.val, ast.ColumnRef) and isinstance(target.val.fields[-1], ast.A_Star):
                for column in table.columns:
                    out[column.name] = scope.value(ast.ColumnRef(fields=(ast.String(sval=column.name),)))
                continue
            name = target.name or (target.val.fields[-1].sval if isinstance(target.val, ast.ColumnRef) else "?column?")
            out[name] = values.value(target.val, scope)
        columns = list(out)
        rows.append(out)
    if not written:
        columns = [t.name or (t.val.fields[-1].sval if isinstance(t.val, ast.ColumnRef) else "?column?")
                   for t in returning.targetList]
    return columns, rows


def perform(run: Run, select_text: str) -> None:
    """PERFORM <query>: the query runs for its effects; FOUND and ROW_COUNT say whether it gave rows."""
    node = parse_one(select_text)
    if not isinstance(node, ast.SelectStmt) or (node.fromClause and not reads_rows(run, node)):
        raise NotModelled(f"PERFORM over catalog views is not modelled{run.at()}")
    _, rows = query_rows(run, node, ordered=_calls(node))
    run.row_count = len(rows)
    run.found = bool(rows)
    run.parts.append(f"PERFORM: {len(rows)} row(s)")


def _calls(node: Any) -> bool:
    """Whether the query's output calls functions (whose effects, nextval's, depend on the order rows come in)."""
    return any(isinstance(i, ast.FuncCall) and names(i.funcname)[-1] not in AGGREGATES for i in walk(node.targetList))
