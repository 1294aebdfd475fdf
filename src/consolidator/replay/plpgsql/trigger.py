"""A PL/pgSQL trigger function run on one row, in the interpreter: NEW and OLD as records of the row's values
(NEW is unassigned on DELETE, OLD on INSERT), TG_OP, TG_NAME, TG_WHEN, TG_LEVEL, TG_TABLE_NAME, TG_TABLE_SCHEMA,
TG_RELNAME and TG_NARGS as variables; `NEW.col := ...` assigns with the column's assignment cast; RETURN NEW, OLD
or NULL says what a BEFORE trigger stores. SQL the function runs is dispatched as in a DO block, so it may fire
further triggers, up to MAX_DEPTH levels (beyond that the model stops following: PostgreSQL's own limit is its
stack depth).

What the interpreter cannot follow raises NotModelled, naming the trigger, its function and where it was
created."""

from __future__ import annotations

from typing import Any

import pglast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Function, Table, Trigger
from consolidator.query.scalar import Datum
from consolidator.query.values import Record
from consolidator.replay.context import ReplayContext
from consolidator.replay.plpgsql.interpreter import Return, Run
from consolidator.replay.plpgsql.tree import check_datums, dollar_quoted, one
from consolidator.replay.plpgsql import data
from consolidator.replay.plpgsql.data import direct_writes, tables_written
from consolidator.replay.plpgsql.variables import Variable, declare
from consolidator.replay.seed import triggers as seed_triggers
from consolidator.replay.seed.values import null_of

MAX_DEPTH = 16
_depth = [0]


def _compile(body: str) -> dict:
    try:
        functions = pglast.parse_plpgsql(f"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS {dollar_quoted(body)}")
    except ParseError as e:
        raise NotModelled(f"its body does not compile here ({e})") from e
    return functions[0]["PLpgSQL_function"]


def runnable(function: Function | None, trigger: Trigger) -> str | None:
    """Why the interpreter does not run this trigger (None: it does)."""
    if function is None or function.language != "plpgsql" or function.body is None:
        return "its function is not PL/pgSQL the model holds"
    if trigger.when is not None or trigger.columns or trigger.old_table or trigger.new_table or trigger.constraint:
        return "WHEN, UPDATE OF, transition tables and constraint triggers are not run"
    if not trigger.row:
        return "statement-level triggers are not run"
    if any(o.upper().startswith("SET ") for o in function.options):
        return "a function with SET options is not run"
    if "tg_argv" in function.body.lower():
        return "TG_ARGV is not modelled"
    return None


def run_trigger(ctx: ReplayContext, table: Table, trigger: Trigger, event: str,
                new: dict | None, old: dict | None, allow_sql: bool) -> dict | None:
    """Run the trigger's function on one row; returns the row it RETURNs (None: NULL). `allow_sql`: the function
    may run SQL (an AFTER trigger; a BEFORE one runs while the statement holds its rows, so that is not followed)."""
    function = ctx.catalog.functions.get(trigger.function)
    created = function.provenance.created if function is not None else None
    where = f"trigger {trigger.name} (function {split_key(trigger.function.split('(')[0])[1]}()" + (
        f", created at {created.file}:{created.line})" if created is not None else ")")
    reason = runnable(function, trigger)
    if reason is not None:
        raise TriggerNotModelled(f"{where} fires on {event.upper()}: {reason}")
    if _depth[0] >= MAX_DEPTH:
        raise TriggerNotModelled(f"{where}: triggers nested more than {MAX_DEPTH} levels deep are not followed")
    _depth[0] += 1
    before = {key: ctx.catalog.rows(key) for key in ctx.catalog.tables} if _depth[0] == 1 else {}
    try:
        return _run(ctx, table, trigger, function, event, new, old, allow_sql)
    except TriggerNotModelled as e:
        if _depth[0] == 1:
            _lost(ctx, before, function, f"{ctx.span.file}:{ctx.span.line} ({e})")
        raise  # a trigger fired by this one's statements: it says which
    except NotModelled as e:
        failure = TriggerNotModelled(f"{where}: {e}")
        if _depth[0] == 1:
            _lost(ctx, before, function, f"{ctx.span.file}:{ctx.span.line} ({failure})")
        raise failure from e
    finally:
        _depth[0] -= 1


def _lost(ctx: ReplayContext, before: dict, function: Function, where: str) -> None:
    """The server ran the whole trigger: what it wrote, the model does not know. The tables changed so far and
    those the function writes (every table, if it EXECUTEs) are marked so."""
    catalog = ctx.catalog
    written = _written_by(ctx, function)
    for key in list(catalog.tables):
        if written is None or key in written or catalog.rows(key) is not before.get(key):
            catalog.mark_rows_unknown(key, where)


def _written_by(ctx: ReplayContext, function: Function) -> set[str] | None:
    """The tables the function's statements write (None: it EXECUTEs statements, which could write any)."""
    try:
        compiled = _compile(function.body or "")
    except NotModelled:
        return None
    return tables_written(ctx, compiled.get("action"))


class TriggerNotModelled(NotModelled):
    """A trigger the model could not follow, named with its function."""


def _run(ctx: ReplayContext, table: Table, trigger: Trigger, function: Function, event: str,
         new: dict | None, old: dict | None, allow_sql: bool) -> dict | None:
    compiled = _compile(function.body)
    check_datums(compiled)
    datums = compiled.get("datums") or ()
    run = _TriggerRun(ctx, function.body)
    run.sql_allowed = allow_sql
    run.notes_fatal = True
    run.datums = [str(one(d)[1].get("refname", "?")) for d in datums]
    run.raw_datums = [one(d) for d in datums]
    run.scope = declare([d for d in datums if one(d)[0] != "PLpgSQL_recfield"],
                        one(compiled.get("action"))[1].get("lineno"), lambda text, scope: _default(run, text, scope))
    schema, name = split_key(table.key)
    tg = {"tg_op": event.upper(), "tg_name": trigger.name, "tg_when": trigger.timing.upper(), "tg_level": "ROW",
          "tg_table_name": name, "tg_relname": name, "tg_table_schema": schema}
    for variable_name, value in tg.items():
        variable = Variable(variable_name, "text")  # (name for the names: the same values, short as they are)
        variable.value = value
        run.scope[variable_name] = variable
    nargs = Variable("tg_nargs", "int4")
    nargs.value = len(trigger.args)
    run.scope["tg_nargs"] = nargs
    for record_name, row in (("new", new), ("old", old)):
        if record_name not in run.scope:
            run.scope[record_name] = Variable(record_name, "record")
        record: Record = run.scope[record_name].value
        record.fields = None if row is None else {c.name: row.get(c.name, null_of(c.type)) for c in table.columns}
    run.row_tables = {"new": table, "old": table}
    try:
        run.statement(compiled.get("action"))
    except Return as returned:
        value = returned.value
        if value is None:
            return None
        return {k: v for k, v in value.items() if not (isinstance(v, Datum) and v.text is None)}
    raise PgError(SqlState.S_R_E_FUNCTION_EXECUTED_NO_RETURN_STATEMENT,
                  "control reached end of trigger procedure without RETURN")


class _TriggerRun(Run):
    """Lines are the function body's own (the file holds the function where it was created, not here)."""

    body_line: int | None = None

    def statement(self, wrapped: Any) -> None:
        _, data = one(wrapped)
        if isinstance(data.get("lineno"), int):
            self.body_line = data["lineno"]
        super().statement(wrapped)

    def at(self) -> str:
        return f" (line {self.body_line} of its body)" if self.body_line else ""


def _default(run: Run, text: str, scope: dict) -> object:
    run.scope = scope
    return run.evaluator.value(text)


def _function_written(ctx: ReplayContext, key: str) -> set[str] | None:
    function = ctx.catalog.functions.get(key)
    if function is None or function.body is None:
        return None
    try:
        return direct_writes(ctx, _compile(function.body).get("action"))
    except NotModelled:
        return None


data.FUNCTION_WRITES = _function_written
seed_triggers.RUN_TRIGGER = run_trigger
seed_triggers.RUNNABLE = runnable
