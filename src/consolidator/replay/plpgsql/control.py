"""PL/pgSQL control flow: blocks (EXCEPTION ones are subtransactions), IF, CASE, EXIT, RETURN, ASSERT, COMMIT."""

from __future__ import annotations

from typing import Any

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.pg15.sqlstate import exception_matches
from consolidator.replay.plpgsql.interpreter import PLPGSQL, Exit, Return, Run
from consolidator.replay.plpgsql.tree import one, query_text


@PLPGSQL.register("PLpgSQL_stmt_block")
def _block(run: Run, data: dict) -> None:
    label = data.get("label")
    try:
        if data.get("exceptions"):
            _guarded(run, data)
        else:
            run.statements(data.get("body"))
    except Exit as e:
        if e.is_continue or e.label is None or e.label != label:
            raise


def _guarded(run: Run, data: dict) -> None:
    """A block with EXCEPTION: a subtransaction; a caught error undoes the block, then its handler runs."""
    catalog = run.ctx.catalog
    savepoint = catalog.savepoint()
    parts, notes, effects = len(run.parts), len(run.notes), len(run.effects)
    try:
        run.statements(data.get("body"))
    except PgError as error:
        catalog.rollback_to(savepoint)
        handler = handler_for(data["exceptions"], error)
        if handler is None:
            raise
        undone = len(run.parts) - parts
        del run.parts[parts:]
        del run.notes[notes:]
        del run.effects[effects:]
        names_ = " OR ".join(_condition_names(handler))
        run.parts.append(f"{error.sqlstate} ({error.message}) caught by EXCEPTION WHEN {names_}"
                         + (f", {undone} step(s) of the block undone" if undone else ""))
        run.caught.append(error)
        try:
            run.statements(handler.get("action"))
        finally:
            run.caught.pop()
    else:
        catalog.release(savepoint)


def _condition_names(handler: dict) -> list[str]:
    return [one(c)[1].get("condname", "?") for c in handler.get("conditions") or ()]


def handler_for(block: Any, error: PgError) -> dict | None:
    _, exceptions = one(block)
    for wrapped in exceptions.get("exc_list") or ():
        _, handler = one(wrapped)
        for name in _condition_names(handler):
            if exception_matches(name, error.sqlstate):
                return handler
    return None


@PLPGSQL.register("PLpgSQL_stmt_if")
def _if(run: Run, data: dict) -> None:
    branches = [(data.get("cond"), data.get("then_body"), "IF")]
    for wrapped in data.get("elsif_list") or ():
        _, elsif = one(wrapped)
        branches.append((elsif.get("cond"), elsif.get("stmts"), "ELSIF"))
    for cond, body, word in branches:
        text, value = run.condition(cond)
        run.parts.append(f"{word} {text} is {truth_word(value)}")
        if value is True:
            branch(run, body)
            return
    if data.get("else_body"):
        run.parts.append("ELSE")
        branch(run, data.get("else_body"))


def branch(run: Run, body: Any) -> None:
    before = len(run.parts)
    run.statements(body)
    if len(run.parts) == before:
        run.parts[-1] += " → nothing to do"
    else:
        run.parts[before - 1] += " → " + run.parts[before]
        del run.parts[before]


def truth_word(value: bool | None) -> str:
    return {True: "true", False: "false", None: "null"}[value]


@PLPGSQL.register("PLpgSQL_stmt_case")
def _case(run: Run, data: dict) -> None:
    if data.get("t_expr") is not None or data.get("t_varno") is not None:
        raise NotModelled(f"PL/pgSQL simple CASE (CASE <expression> WHEN ...) is not modelled{run.at()}")
    for wrapped in data.get("case_when_list") or ():
        _, when = one(wrapped)
        text, value = run.condition(when.get("expr"))
        run.parts.append(f"CASE WHEN {text} is {truth_word(value)}")
        if value is True:
            branch(run, when.get("stmts"))
            return
    if not data.get("have_else"):
        raise PgError(SqlState.CASE_NOT_FOUND, "case not found")
    run.parts.append("CASE ELSE")
    branch(run, data.get("else_stmts"))


@PLPGSQL.register("PLpgSQL_stmt_return")
def _return(run: Run, data: dict) -> None:
    if data.get("expr") is not None and run.row_tables:  # a trigger function: RETURN NEW, OLD or NULL
        text = " ".join(query_text(data["expr"]).split()).lower()
        if text == "null":
            raise Return(None)
        if text in ("new", "old"):
            record = run.scope[text].value
            raise Return(None if record.fields is None else dict(record.fields))
        raise NotModelled(f"a trigger function's RETURN {text} is not modelled{run.at()}")
    if run.row_tables:  # the compiler's dummy RETURN at the end: the function fell off its end
        raise PgError(SqlState.S_R_E_FUNCTION_EXECUTED_NO_RETURN_STATEMENT,
                      "control reached end of trigger procedure without RETURN")
    if data.get("expr") is not None:
        raise NotModelled(f"RETURN with a value is not modelled{run.at()}")
    raise Return()


@PLPGSQL.register("PLpgSQL_stmt_commit", "PLpgSQL_stmt_rollback")
def _commit(run: Run, data: dict) -> None:
    if run.ctx.in_transaction_block:
        raise PgError(SqlState.INVALID_TRANSACTION_TERMINATION, "invalid transaction termination")
    raise NotModelled(f"COMMIT/ROLLBACK inside a DO block is not modelled{run.at()}")


@PLPGSQL.register("PLpgSQL_stmt_assert")
def _assert(run: Run, data: dict) -> None:
    text, value = run.condition(data.get("cond"))
    if value is True:
        run.parts.append(f"ASSERT {text} holds")
        return
    message, from_user = "assertion failed", False
    if data.get("message") is not None:
        given = run.evaluator.text_constant(query_text(data["message"]))
        message, from_user = (given, True) if given is not None else (message, False)
    raise PgError(SqlState.ASSERT_FAILURE, message, from_user=from_user)
