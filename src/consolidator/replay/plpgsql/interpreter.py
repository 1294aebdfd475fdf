"""The interpreter of a DO block's PL/pgSQL tree: one handler per construct (registry PLPGSQL), run over the catalog.

SQL statements inside the block are dispatched as at top level; expressions go to the shared evaluator
(`consolidator.query`). Whatever cannot be decided exactly raises `NotModelled`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import ast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SourceSpan, SqlState
from consolidator.replay.context import ReplayContext
from consolidator.replay.dispatch import dispatch
from consolidator.replay.effects import Effect, as_list, describe
from consolidator.replay.plpgsql.data import DML, RowsEvaluator, row_count, substitute
from consolidator.replay.plpgsql.tree import one, query_text
from consolidator.replay.registry import Registry


class Return(Exception):
    """RETURN: the DO block (or trigger function) ends here; a trigger's `value`: the row it returns (None: NULL)."""

    def __init__(self, value: Any = None):
        super().__init__()
        self.value = value


class Exit(Exception):
    """EXIT [label] / CONTINUE [label]: leave (or go on with) the innermost loop, or the labelled one."""

    def __init__(self, label: str | None, is_continue: bool = False):
        super().__init__(label)
        self.label = label
        self.is_continue = is_continue


PLPGSQL: Registry = Registry("PL/pgSQL statement handlers")

# What the constructs not interpreted are called, for the diagnostic.
CONSTRUCTS = {
    "PLpgSQL_stmt_forc": "FOR ... IN cursor loop", "PLpgSQL_stmt_foreach_a": "FOREACH loop",
    "PLpgSQL_stmt_dynfors": "FOR ... IN EXECUTE loop", "PLpgSQL_stmt_return_next": "RETURN NEXT",
    "PLpgSQL_stmt_return_query": "RETURN QUERY", "PLpgSQL_stmt_getdiag": "GET DIAGNOSTICS",
    "PLpgSQL_stmt_open": "OPEN cursor", "PLpgSQL_stmt_fetch": "FETCH/MOVE cursor",
    "PLpgSQL_stmt_close": "CLOSE cursor", "PLpgSQL_stmt_perform": "PERFORM", "PLpgSQL_stmt_call": "CALL",
}


@dataclass
class Run:
    ctx: ReplayContext
    body: str
    parts: list[str] = field(default_factory=list)  # what happened, in order
    effects: list[Effect] = field(default_factory=list)  # what the statements run inside did
    notes: list[str] = field(default_factory=list)  # inner statements the model cannot represent
    caught: list[PgError] = field(default_factory=list)  # errors being handled (RAISE; SQLSTATE, SQLERRM)
    line: int | None = None  # file line of the statement running
    scope: dict[str, Any] = field(default_factory=dict)  # DECLAREd and loop variables by name (variables.py)
    datums: list[str] = field(default_factory=list)  # the variables' names by number (varno)
    found: bool | None = False  # FOUND (None: after a statement the model could not follow)
    row_tables: dict[str, Any] = field(default_factory=dict)  # a trigger's NEW and OLD: the table of their rows
    raw_datums: list[tuple[str, dict]] = field(default_factory=list)  # a trigger function's datums (recfields)
    notes_fatal: bool = False  # a trigger's function: a statement the model cannot follow ends the run
    sql_allowed: bool = True  # a BEFORE trigger's function may not run SQL (replay/plpgsql/trigger.py)
    row_count: int | None = 0  # GET DIAGNOSTICS ... ROW_COUNT (None: the last statement's count is not known)

    def __post_init__(self) -> None:
        self._where = Locator(self.ctx, self.body)
        self.evaluator = RowsEvaluator(self)

    def variables(self) -> dict[str, Any]:
        """The variables' values; SQLSTATE and SQLERRM inside an exception handler."""
        values = ({"found": self.found} if self.found is not None else {}) | {name: variable.value for name, variable in self.scope.items()}
        if self.caught:
            values |= {"sqlstate": self.caught[-1].sqlstate, "sqlerrm": self.caught[-1].message}
        return values

    def datum_name(self, varno: Any) -> str:
        if not isinstance(varno, int) or not 0 <= varno < len(self.datums) or self.datums[varno] not in self.scope:
            raise NotModelled(f"PL/pgSQL assignment target not modelled{self.at()}")
        return self.datums[varno]

    def condition(self, wrapped: Any) -> tuple[str, bool | None]:
        """(the condition as written, on one line; its value)."""
        return self.evaluator.evaluate(query_text(wrapped))

    def statements(self, items: Any) -> None:
        for item in items or ():
            self.statement(item)

    def statement(self, wrapped: Any) -> None:
        kind, data = one(wrapped)
        if isinstance(data.get("lineno"), int):
            self.line = self._where.span(data["lineno"]).line
        handler = PLPGSQL.get(kind)
        if handler is None:
            what = CONSTRUCTS.get(kind, kind.removeprefix("PLpgSQL_stmt_").upper())
            raise NotModelled(f"PL/pgSQL {what} is not modelled{self.at()}")
        handler(self, data)

    def at(self) -> str:
        return f" (line {self.line})" if self.line else ""

    def span(self, data: dict, needle: str | None = None) -> SourceSpan:
        return self._where.span(data.get("lineno"), needle)

    # ---- SQL run from the block ---------------------------------------------------------------

    def run_sql(self, sql: str, span: SourceSpan, dynamic: bool, params: list | None = None) -> list[str]:
        """Dispatch each statement of `sql` (a static one with the variables it names as their values; EXECUTE's
        with its USING values as `params`); returns their sentences. Sets ROW_COUNT and, for a static statement,
        FOUND. PgError propagates."""
        try:
            raws = pglast.parse_sql(sql)
        except ParseError as e:
            raise PgError(SqlState.SYNTAX_ERROR, str(e.args[0]) if e.args else str(e)) from e
        done = []
        if raws and not self.sql_allowed:
            raise NotModelled(f"a BEFORE trigger's function that runs SQL is not modelled{self.at()}")
        for raw in raws:
            node = raw.stmt
            if isinstance(node, DML):
                node = substitute(self, node, params if dynamic else None)
            end = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(sql)
            text = sql[raw.stmt_location:end].strip()
            name = type(node).__name__
            if name == "TransactionStmt":
                raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "EXECUTE of transaction commands is not implemented"
                              if dynamic else "unsupported transaction command in PL/pgSQL")
            if name == "SelectStmt" and not dynamic:
                raise NotModelled("SELECT without INTO in a DO block is not modelled (the server rejects it: "
                                  f"query has no destination for result data){self.at()}")
            inner = ReplayContext(catalog=self.ctx.catalog, span=span, text=text, in_transaction_block=True,
                                  session=self.ctx.session)
            try:
                effects = as_list(dispatch(inner, node))
                self.effects.extend(effects)
                done.append(describe(effects))
                self.row_count = row_count(node, effects)
            except NotModelled as e:
                if self.notes_fatal:
                    raise
                self.notes.append(f"{e} (line {span.line})")
                self.row_count = None
            if not dynamic and isinstance(node, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)):
                self.found = None if self.row_count is None else self.row_count > 0
        return done


class Locator:
    """File positions of PL/pgSQL line numbers (line 1 is the line where the body starts)."""

    def __init__(self, ctx: ReplayContext, body: str):
        self.ctx = ctx
        self.body = body
        self.base = ctx.text.find(body) if body and ctx.text else -1
        self.starts = [0] + [m.end() for m in re.finditer("\n", body)]

    def span(self, lineno: Any, needle: str | None = None) -> SourceSpan:
        if self.base < 0 or not isinstance(lineno, int) or lineno < 1:
            return self.ctx.span
        offset = self.starts[min(lineno, len(self.starts)) - 1]
        if needle:
            found = self.body.find(needle, offset)
            offset = found if found >= 0 else offset
        before = self.ctx.text[: self.base + offset]
        newlines = before.count("\n")
        column = self.ctx.span.column + len(before) if newlines == 0 else len(before) - before.rfind("\n")
        return SourceSpan(file=self.ctx.span.file, line=self.ctx.span.line + newlines, column=column)
