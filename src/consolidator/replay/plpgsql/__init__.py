"""DO blocks' PL/pgSQL, interpreted against the catalog.

    BEGIN ... [EXCEPTION WHEN <condition> [OR ...] THEN ...] END    a subtransaction
    IF / ELSIF / ELSE, searched CASE, ASSERT, EXIT <label>           on catalog predicates
    SQL statements, EXECUTE <string> [USING ...]                    dispatched as at top level
    DECLARE (defaults, CONSTANT, NOT NULL; integer, text, varchar(n), name, boolean, record), :=   variables.py
    FOR over an integer range or a SELECT over catalog views, WHILE, LOOP, EXIT/CONTINUE [WHEN]   loops.py
    RAISE (EXCEPTION → PgError with its SQLSTATE), NULL, RETURN

Predicates (`[NOT] EXISTS (SELECT ... FROM <catalog view> WHERE ...)`, `(SELECT count(*) ...) <op> n`) are
evaluated by `consolidator.query` over the model's information_schema and pg_catalog rows; expressions over
variables (||, arithmetic, comparisons, format(), quote_ident(), quote_literal()) by its Evaluator.value.
"""

from __future__ import annotations

from consolidator.replay.plpgsql import control, loops, statements, trigger  # noqa: F401  (registers the constructs)
from consolidator.replay.plpgsql.data import tables_written
from consolidator.replay.seed import functions  # noqa: F401  (the history's sql functions in seed DML)
from consolidator.replay.plpgsql.interpreter import Return, Run
from consolidator.replay.plpgsql.tree import check_datums, compile_body, one
from consolidator.replay.plpgsql.variables import declare

__all__ = ["Run", "interpret", "lose_written_rows"]


def lose_written_rows(ctx, body: str, where: str) -> None:
    """A DO block the model left out ran on the server: the rows of the tables it writes (every table, when it
    EXECUTEs statements) are not known from then on."""
    try:
        written = tables_written(ctx, compile_body(body).get("action"))
    except Exception:  # noqa: BLE001 (a body the compiler refuses wrote nothing the model held)
        return
    for key in list(ctx.catalog.tables) if written is None else sorted(written):
        if key in ctx.catalog.tables:
            ctx.catalog.mark_rows_unknown(key, where)


def interpret(run: Run) -> None:
    """Compile `run.body` and run it; what it did is in `run` (parts, effects, notes). PgError propagates."""
    function = compile_body(run.body)
    check_datums(function)
    run.datums = [str(one(d)[1].get("refname", "?")) for d in function.get("datums") or ()]
    top_line = one(function.get("action"))[1].get("lineno")
    run.scope = declare(function.get("datums"), top_line,
                        lambda text, scope: _default(run, text, scope))
    try:
        run.statement(function.get("action"))
    except Return:
        pass


def _default(run: Run, text: str, scope: dict) -> object:
    """A DECLARE default, evaluated with the variables declared before it in scope."""
    run.scope = scope
    return run.evaluator.value(text)
