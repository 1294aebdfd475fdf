"""DO blocks' PL/pgSQL, interpreted against the catalog.

    BEGIN ... [EXCEPTION WHEN <condition> [OR ...] THEN ...] END    a subtransaction
    IF / ELSIF / ELSE, searched CASE, ASSERT, EXIT <label>           on catalog predicates
    SQL statements, EXECUTE '<literal>'                             dispatched as at top level
    RAISE (EXCEPTION → PgError with its SQLSTATE), NULL, RETURN

Predicates (`[NOT] EXISTS (SELECT ... FROM <catalog view> WHERE ...)`, `(SELECT count(*) ...) <op> n`) are
evaluated by `consolidator.query` over the model's information_schema and pg_catalog rows.
"""

from __future__ import annotations

from consolidator.replay.plpgsql import control, statements  # noqa: F401  (registers the constructs)
from consolidator.replay.plpgsql.interpreter import Return, Run
from consolidator.replay.plpgsql.tree import check_datums, compile_body

__all__ = ["Run", "interpret"]


def interpret(run: Run) -> None:
    """Compile `run.body` and run it; what it did is in `run` (parts, effects, notes). PgError propagates."""
    function = compile_body(run.body)
    check_datums(function)
    try:
        run.statement(function.get("action"))
    except Return:
        pass
