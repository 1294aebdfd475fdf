"""PL/pgSQL assignment and loops: `:=`, FOR over an integer range or a catalog query, WHILE, LOOP, EXIT/CONTINUE."""

from __future__ import annotations

import re
from typing import Any

import pglast
from pglast import ast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.query.catalog_rows import RowQuery
from consolidator.query.values import Record
from consolidator.replay.plpgsql.control import truth_word
from consolidator.replay.plpgsql.data import assign_row, query_rows, reads_rows
from consolidator.replay.plpgsql.interpreter import PLPGSQL, Exit, Run
from consolidator.replay.plpgsql.tree import one, query_text

MAX_ITERATIONS = 10_000  # beyond this a DO block is not a migration the model follows step by step
_TARGET = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_$]*)\s*:?=(.*)", re.DOTALL)


_FIELD_TARGET = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_$]*)\s*:?=(.*)", re.DOTALL)


@PLPGSQL.register("PLpgSQL_stmt_assign")
def _assign(run: Run, data: dict) -> None:
    varno = data.get("varno")
    if isinstance(varno, int) and 0 <= varno < len(run.raw_datums) and run.raw_datums[varno][0] == "PLpgSQL_recfield":
        _assign_field(run, data, run.raw_datums[varno][1])
        return
    name = run.datum_name(varno)
    text = query_text(data.get("expr"))
    match = _TARGET.fullmatch(text)
    if match is None or match.group(1).lower() != name:
        raise NotModelled(f"PL/pgSQL assignment to {text.split(':=')[0].strip()} is not modelled{run.at()}")
    variable = run.scope[name]
    if variable.constant:
        raise PgError(SqlState.ERROR_IN_ASSIGNMENT, f'variable "{name}" is declared CONSTANT')
    variable.value = variable.coerce(run.evaluator.value(match.group(2)))
    run.parts.append(f"{name} := {_shown(variable.value)}")


def _assign_field(run: Run, data: dict, recfield: dict) -> None:
    """NEW.col := expression (a trigger's row): the value with the column's assignment cast."""
    parent = run.raw_datums[recfield.get("recparentno")][1].get("refname") \
        if isinstance(recfield.get("recparentno"), int) else None
    text = query_text(data.get("expr"))
    match = _FIELD_TARGET.fullmatch(text)
    if parent not in run.row_tables or match is None or match.group(1).lower() != parent:
        raise NotModelled(f"PL/pgSQL assignment {text.split('=')[0].strip()} is not modelled{run.at()}")
    table = run.row_tables[parent]
    record = run.scope[parent].value
    field_name = recfield.get("fieldname")
    if record.fields is None:
        raise PgError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, f'record "{parent}" is not assigned yet')
    column = table.column(field_name)
    if column is None or field_name not in record.fields:
        raise PgError(SqlState.UNDEFINED_COLUMN, f'record "{parent}" has no field "{field_name}"')
    value = run.evaluator.stored(match.group(3), column)
    record.fields = {**record.fields, field_name: value}
    run.parts.append(f"{parent}.{field_name} := {getattr(value, 'sql', None) or _shown(getattr(value, 'text', value))}")


def _shown(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def iterate(run: Run, label: str | None, body: Any) -> bool:
    """Run the loop body once; False when the loop ends (EXIT)."""
    try:
        run.statements(body)
    except Exit as e:
        if e.label is not None and e.label != label:
            raise
        return e.is_continue
    return True


def _count(run: Run, iterations: int) -> None:
    if iterations > MAX_ITERATIONS:
        raise NotModelled(f"a PL/pgSQL loop of more than {MAX_ITERATIONS} iterations is not modelled{run.at()}")


@PLPGSQL.register("PLpgSQL_stmt_loop")
def _loop(run: Run, data: dict) -> None:
    iterations = 0
    while True:
        iterations += 1
        _count(run, iterations)
        if not iterate(run, data.get("label"), data.get("body")):
            return


@PLPGSQL.register("PLpgSQL_stmt_while")
def _while(run: Run, data: dict) -> None:
    iterations = 0
    while True:
        text, value = run.condition(data.get("cond"))
        iterations += 1
        _count(run, iterations)
        if value is not True:
            run.parts.append(f"WHILE {text} is {truth_word(value)}, loop ends")
            return
        if not iterate(run, data.get("label"), data.get("body")):
            return


@PLPGSQL.register("PLpgSQL_stmt_fori")
def _fori(run: Run, data: dict) -> None:
    _, var = one(data.get("var"))
    variable = run.scope[var["refname"]]
    lower, upper = (_bound(run, data.get(k), what) for k, what in (("lower", "lower bound"), ("upper", "upper bound")))
    step = _bound(run, data.get("step"), "BY value") if data.get("step") is not None else 1
    if step <= 0:
        raise PgError(SqlState.INVALID_PARAMETER_VALUE, "BY value of FOR loop must be greater than zero")
    reverse = bool(data.get("reverse"))
    run.parts.append(f"FOR {variable.name} IN {'REVERSE ' if reverse else ''}{lower}..{upper}")
    i, iterations = lower, 0
    while (i >= upper) if reverse else (i <= upper):
        iterations += 1
        _count(run, iterations)
        variable.value = variable.coerce(i)
        if not iterate(run, data.get("label"), data.get("body")):
            break
        i = i - step if reverse else i + step
    run.found = iterations > 0


def _bound(run: Run, expr: Any, what: str) -> int:
    value = run.evaluator.value(query_text(expr))
    if value is None:
        raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, f"{what} of FOR loop cannot be null")
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotModelled(f"a non-integer FOR loop bound is not modelled{run.at()}")
    if not -2**31 <= value < 2**31:
        raise PgError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range")
    return value


@PLPGSQL.register("PLpgSQL_stmt_fors")
def _fors(run: Run, data: dict) -> None:
    text = query_text(data.get("query"))
    try:
        raws = pglast.parse_sql(text)
    except ParseError as e:
        raise PgError(SqlState.SYNTAX_ERROR, str(e.args[0]) if e.args else str(e)) from e
    if len(raws) != 1 or not isinstance(raws[0].stmt, ast.SelectStmt):
        raise NotModelled(f"FOR over a query that is not a SELECT is not modelled{run.at()}")
    if reads_rows(run, raws[0].stmt):
        columns, rows = query_rows(run, raws[0].stmt)  # read once, before the body runs, as a cursor does
    else:
        used = _names_used(raws[0].stmt) & set(run.scope)
        if used:
            raise NotModelled(f"a FOR loop query that reads PL/pgSQL variables ({', '.join(sorted(used))}) "
                              f"is not modelled{run.at()}")
        try:
            rows = RowQuery(run.ctx.catalog).rows(raws[0].stmt)
        except NotModelled as e:
            raise NotModelled(f"{e}{run.at()}") from e
        columns = list(rows[0]) if rows else []
    loop_targets = targets(run, data.get("var"))
    run.parts.append(f"FOR over {len(rows)} row(s)")
    found = False
    for iterations, row in enumerate(rows, 1):
        _count(run, iterations)
        found = True
        assign_row(run, loop_targets, columns, row)
        if not iterate(run, data.get("label"), data.get("body")):
            break
    run.found = found


def targets(run: Run, wrapped: Any) -> Any:
    kind, data = one(wrapped)
    if kind == "PLpgSQL_row":
        names_ = [f.get("name") for f in data.get("fields") or ()]
    else:
        names_ = [data.get("refname")]
    variables = [run.scope[n] for n in names_]
    if len(variables) == 1 and isinstance(variables[0].value, Record):
        return variables[0].value
    if any(isinstance(v.value, Record) for v in variables):
        raise NotModelled(f"a record in a FOR loop target list is not modelled{run.at()}")
    return variables


def _names_used(node: Any) -> set[str]:
    """The first name of every column reference in the query."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.ColumnRef):
            if item.fields and isinstance(item.fields[0], ast.String):
                found.add(item.fields[0].sval)
        elif isinstance(item, ast.Node):
            stack.extend(getattr(item, slot) for slot in item.__slots__)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
    return found


@PLPGSQL.register("PLpgSQL_stmt_exit")
def _exit(run: Run, data: dict) -> None:
    word = "EXIT" if data.get("is_exit") else "CONTINUE"
    label = data.get("label")
    if data.get("cond") is not None:
        text, value = run.condition(data["cond"])
        run.parts.append(f"{word}{' ' + label if label else ''} WHEN {text} is {truth_word(value)}")
        if value is not True:
            return
    raise Exit(label, is_continue=not data.get("is_exit"))
