"""PL/pgSQL statements that run SQL (a statement, EXECUTE of a constant string) or raise (RAISE)."""

from __future__ import annotations

import pglast
from pglast import ast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.sqlstate import code_for
from consolidator.replay.plpgsql.data import DML
from consolidator.replay.plpgsql.interpreter import PLPGSQL, Run
from consolidator.replay.plpgsql.into import into, perform
from consolidator.replay.plpgsql.loops import targets
from consolidator.replay.plpgsql.tree import one, query_text


@PLPGSQL.register("PLpgSQL_stmt_execsql")
def _execsql(run: Run, data: dict) -> None:
    sql = query_text(data.get("sqlstmt"))
    if data.get("into"):
        into(run, data, sql, targets(run, data.get("target")), dynamic=False)
        return
    run.parts.extend(run.run_sql(sql, run.span(data, sql), dynamic=False))


@PLPGSQL.register("PLpgSQL_stmt_dynexecute")
def _dynexecute(run: Run, data: dict) -> None:
    text = query_text(data.get("query"))
    sql = run.evaluator.string_constant(text)
    if sql is None:
        raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, "query string argument of EXECUTE is null")
    params = None
    if data.get("params"):
        if _has_parameters(sql) and not _is_dml(sql):
            raise NotModelled(f"EXECUTE ... USING into $n parameters of a utility statement is not modelled{run.at()}")
        if _has_parameters(sql) or data.get("into"):
            params = [run.evaluator.datum(run.evaluator.expression(query_text(p))) for p in data["params"]]
        else:
            for param in data["params"]:
                run.evaluator.value(query_text(param))  # evaluated, as the server does, even when unused
    if data.get("into"):
        into(run, data, sql, targets(run, data.get("target")), dynamic=True, params=params or [])
        return
    done = run.run_sql(sql, run.span(data, text), dynamic=True, params=params or [])
    run.parts.append("EXECUTE: " + ("; ".join(done) if done else "empty string, nothing to do"))


@PLPGSQL.register("PLpgSQL_stmt_perform")
def _perform(run: Run, data: dict) -> None:
    perform(run, query_text(data.get("expr")))


@PLPGSQL.register("PLpgSQL_stmt_getdiag")
def _getdiag(run: Run, data: dict) -> None:
    if data.get("is_stacked"):
        raise NotModelled(f"GET STACKED DIAGNOSTICS is not modelled{run.at()}")
    for wrapped in data.get("diag_items") or ():
        _, item = one(wrapped)
        if item.get("kind") != "ROW_COUNT":
            raise NotModelled(f"GET DIAGNOSTICS {item.get('kind')} is not modelled{run.at()}")
        if run.row_count is None:
            raise NotModelled(f"ROW_COUNT after a statement the model could not follow is not modelled{run.at()}")
        name = run.datum_name(item.get("target"))
        variable = run.scope[name]
        variable.value = variable.coerce(run.row_count)
        run.parts.append(f"ROW_COUNT = {run.row_count} into {name}")


def _is_dml(sql: str) -> bool:
    try:
        raws = pglast.parse_sql(sql)
    except ParseError:
        return False
    return len(raws) == 1 and isinstance(raws[0].stmt, DML)


def _has_parameters(sql: str) -> bool:
    """Whether the statements hold $n (or cannot be read: the dispatch then reports the syntax error)."""
    try:
        raws = pglast.parse_sql(sql)
    except ParseError:
        return False
    if len(raws) != 1:
        return True
    stack: list = [raws[0].stmt]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.ParamRef):
            return True
        if isinstance(item, ast.Node):
            stack.extend(getattr(item, slot) for slot in item.__slots__)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
    return False


_ERROR = 21  # elog.h in PostgreSQL 15: ... NOTICE 18, WARNING 19, WARNING_CLIENT_ONLY 20, ERROR 21
_RAISE_OPTIONS = ("ERRCODE", "MESSAGE", "DETAIL", "HINT", "COLUMN", "CONSTRAINT", "DATATYPE", "TABLE", "SCHEMA")


@PLPGSQL.register("PLpgSQL_stmt_raise")
def _raise(run: Run, data: dict) -> None:
    level = data.get("elog_level", _ERROR)
    condname, message, options = data.get("condname"), data.get("message"), data.get("options") or ()
    if condname is None and message is None and not options:  # RAISE; re-throws the error being handled
        if not run.caught:
            raise PgError(SqlState.STACKED_DIAGNOSTICS_ACCESSED_WITHOUT_ACTIVE_HANDLER, "RAISE without parameters cannot be used outside an exception handler")
        raise run.caught[-1]
    code = None
    if condname is not None:
        code = _recognize(condname)
    if message is not None:
        message = _format(message, [run.evaluator.text_constant(query_text(p)) for p in data.get("params") or ()])
    seen: set[int] = set()
    for wrapped in options:
        _, option = one(wrapped)
        kind = option.get("opt_type", 0)
        name = _RAISE_OPTIONS[kind] if isinstance(kind, int) and 0 <= kind < len(_RAISE_OPTIONS) else str(kind)
        if kind in seen or (kind == 1 and message is not None):
            raise PgError(SqlState.SYNTAX_ERROR, f"RAISE option already specified: {name}")
        seen.add(kind)
        value = run.evaluator.text_constant(query_text(option.get("expr")))
        if value is None:
            raise PgError(SqlState.NULL_VALUE_NOT_ALLOWED, "RAISE statement option cannot be null")
        if kind == 0:
            code, condname = _recognize(value), value
        elif kind == 1:
            message = value
    if level < _ERROR:
        return  # NOTICE, INFO, WARNING, LOG, DEBUG: a message, no effect on the schema
    code = code or SqlState.RAISE_EXCEPTION
    raise PgError(code, message if message is not None else condname if condname is not None else code, from_user=True)


def _recognize(condition: str) -> str:
    """plpgsql_recognize_err_condition: a 5-character SQLSTATE, or a condition's first SQLSTATE."""
    if _is_sqlstate(condition):
        return condition
    code = code_for(condition)
    if code is None:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'unrecognized exception condition "{condition}"')
    return code


def _is_sqlstate(text: str) -> bool:
    return len(text) == 5 and all(c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in text)


def _format(message: str, params: list[str | None]) -> str:
    out, values = [], iter(params)
    i = 0
    while i < len(message):
        c = message[i]
        if c == "%":
            if message[i + 1:i + 2] == "%":
                out.append("%")
                i += 2
                continue
            value = next(values, None)
            out.append("<NULL>" if value is None else value)
        else:
            out.append(c)
        i += 1
    return "".join(out)
