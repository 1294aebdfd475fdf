"""DO blocks: the PL/pgSQL body compiled by pglast, interpreted against the catalog.

pglast compiles the body with PostgreSQL's own PL/pgSQL compiler (libpg_query), so the
compile-time errors are the server's: SQL syntax anywhere in the body, unknown condition
names, RAISE parameter counts. What migrations write in DO blocks is then interpreted:

    BEGIN ... [EXCEPTION WHEN <condition> [OR ...] THEN ...] END    a subtransaction
    IF / ELSIF / ELSE, searched CASE, ASSERT, EXIT <label>           on catalog predicates
    SQL statements, EXECUTE '<literal>'                             dispatched as at top level
    RAISE (EXCEPTION → PgError with its SQLSTATE), NULL, RETURN

Predicates are `[NOT] EXISTS (SELECT ... FROM <catalog view> WHERE ...)` (and `(SELECT
count(*) ...) <op> n`), combined with AND / OR / NOT, over the views migrations ask:
information_schema.{tables,columns,table_constraints,schemata} and pg_catalog.{pg_class,
pg_type, pg_constraint,pg_indexes,pg_tables,pg_extension,pg_namespace}. The rows are the
model's objects plus the system objects of a fresh PostgreSQL 15 database (catalog_views.py),
so that `typname = 'text'` or `table_name = 'columns'` come out as the server says.

Whatever cannot be decided exactly (variables, loops, computed EXECUTE strings, a view or
column not modelled, a name that may be a system object the model does not list) raises
`NotModelled`, and the catalog is left as it was before the DO block. A statement inside
the block that the model cannot represent is treated as at top level (the server ran it):
the block goes on and the DO statement is reported not-modelled, with what it did apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import pglast
from pglast import ast, enums
from pglast.parser import ParseError

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.catalog import Catalog
from consolidator.model.names import qualify, truncate
from consolidator.parse.expressions import names, string_value, to_sql
from consolidator.replay.catalog_views import ANY, SYSTEM_RELATIONS, VIEWS, Row, Uncertain, Unknown, View
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.dispatch import dispatch
from consolidator.replay.effects import Effect, Effects, describe, noted
from consolidator.replay.pgerrors import CONDITIONS
from consolidator.replay.registry import STATEMENTS, Registry

# ---- the DO statement ------------------------------------------------------------------------

# Languages built into every server that have no inline handler: the server refuses DO in them.
_NO_INLINE = ("sql", "c", "internal")


@STATEMENTS.register("DoStmt")
def do_block(ctx: ReplayContext, node: Any) -> Effects:
    body, language = _arguments(node)
    if language != "plpgsql":
        if language in _NO_INLINE:
            raise PgError(SqlState.FEATURE_NOT_SUPPORTED, f'language "{language}" does not support inline code execution')
        raise NotModelled(f"DO block in LANGUAGE {language} is not modelled: only PL/pgSQL is interpreted")
    savepoint = ctx.catalog.savepoint()
    run = _Run(ctx, body)
    try:
        function = _compile(body)
        _check_datums(function)
        run.statement(function.get("action"))
    except _Return:
        pass
    except PgError as error:
        ctx.catalog.rollback_to(savepoint)
        where = f" (DO block, line {run.line})" if run.line else ""
        raise PgError(error.sqlstate, f"{error.message}{where}") from error
    except NotModelled as e:
        ctx.catalog.rollback_to(savepoint)
        raise NotModelled(f"DO block not modelled, left out whole: {e}") from e
    except Exception as e:  # noqa: BLE001  (no input may crash the replay: an odd tree is reported, not raised)
        ctx.catalog.rollback_to(savepoint)
        raise NotModelled(f"DO block not modelled, left out whole: its body is not understood "
                          f"({type(e).__name__}: {e})") from e
    ctx.catalog.release(savepoint)
    sentence = "DO block: " + ("; ".join(run.parts) if run.parts else "nothing to do")
    if run.notes:
        raise NotModelled(f"{sentence}; not modelled inside it: {'; '.join(run.notes)}")
    return noted(sentence, run.effects)


def _arguments(node: Any) -> tuple[str, str]:
    body = language = None
    for arg in node.args or ():
        if not isinstance(arg, ast.DefElem) or arg.defname not in ("as", "language"):
            raise NotModelled("DO block with an unexpected argument is not modelled")
        value = string_value(arg.arg)
        if value is None:
            raise NotModelled("DO block with a non-string argument is not modelled")
        if (body if arg.defname == "as" else language) is not None:
            raise PgError(SqlState.SYNTAX_ERROR, "conflicting or redundant options")
        if arg.defname == "as":
            body = value
        else:
            language = value
    if body is None:
        raise PgError(SqlState.SYNTAX_ERROR, "no inline code specified")
    return body, language or "plpgsql"


# Compile errors of PL/pgSQL (pl_gram.y, pl_comp.c) whose SQLSTATE is known; others are not modelled.
_COMPILE_ERRORS = (
    (re.compile(r"unrecognized exception condition"), SqlState.UNDEFINED_OBJECT),
    (re.compile(r"syntax error|unterminated|too (many|few) parameters specified for RAISE|"
                r"is not a known variable|missing \"|mismatched parentheses|invalid SQLSTATE code|"
                r"end label|EXIT cannot be used outside a loop|CONTINUE cannot be used outside a loop|"
                r"there is no label|zero-length delimited identifier"), SqlState.SYNTAX_ERROR),
)


def _compile(body: str) -> dict:
    tag = "consolidator"
    while f"${tag}$" in body:
        tag += "_"
    try:
        functions = pglast.parse_plpgsql(f"DO ${tag}${body}${tag}$")
    except ParseError as e:
        message = str(e.args[0]) if e.args else str(e)
        for pattern, sqlstate in _COMPILE_ERRORS:
            if pattern.search(message):
                raise PgError(sqlstate, message) from e
        raise NotModelled(f"PL/pgSQL compile error not modelled: {message}") from e
    if len(functions) != 1 or not isinstance(functions[0], dict) or "PLpgSQL_function" not in functions[0]:
        raise NotModelled("the PL/pgSQL compiler gave no function for this DO block")
    return functions[0]["PLpgSQL_function"]


_IMPLICIT_VARIABLES = ("found", "sqlstate", "sqlerrm")


def _check_datums(function: dict) -> None:
    """Variables (DECLARE, FOR loop variables, INTO targets) are not interpreted: no value is tracked."""
    declared = []
    for datum in function.get("datums") or ():
        kind, data = _one(datum)
        if kind != "PLpgSQL_var" or data.get("refname") not in _IMPLICIT_VARIABLES:
            declared.append(str(data.get("refname", "?")))
    if any(name.startswith("__Case__Variable_") for name in declared):
        raise NotModelled("PL/pgSQL simple CASE (CASE <expression> WHEN ...) is not modelled")
    if declared:
        raise NotModelled(f"PL/pgSQL variables are not modelled (DECLARE or loop variable: {', '.join(declared)})")


def _one(wrapped: Any) -> tuple[str, dict]:
    """A PL/pgSQL tree node is {"PLpgSQL_kind": {fields}}."""
    if not isinstance(wrapped, dict) or len(wrapped) != 1:
        raise NotModelled("unexpected PL/pgSQL tree node")
    ((kind, data),) = wrapped.items()
    return kind, data if isinstance(data, dict) else {}


# ---- the interpreter ---------------------------------------------------------------------------


class _Return(Exception):
    """RETURN: the DO block ends here."""


class _Exit(Exception):
    """EXIT <label>: leave the labelled block."""

    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


PLPGSQL: Registry = Registry("PL/pgSQL statement handlers")

# What the constructs not interpreted are called, for the diagnostic.
_CONSTRUCTS = {
    "PLpgSQL_stmt_assign": "assignment", "PLpgSQL_stmt_loop": "LOOP", "PLpgSQL_stmt_while": "WHILE loop",
    "PLpgSQL_stmt_fori": "FOR loop", "PLpgSQL_stmt_fors": "FOR ... IN query loop",
    "PLpgSQL_stmt_forc": "FOR ... IN cursor loop", "PLpgSQL_stmt_foreach_a": "FOREACH loop",
    "PLpgSQL_stmt_dynfors": "FOR ... IN EXECUTE loop", "PLpgSQL_stmt_return_next": "RETURN NEXT",
    "PLpgSQL_stmt_return_query": "RETURN QUERY", "PLpgSQL_stmt_getdiag": "GET DIAGNOSTICS",
    "PLpgSQL_stmt_open": "OPEN cursor", "PLpgSQL_stmt_fetch": "FETCH/MOVE cursor",
    "PLpgSQL_stmt_close": "CLOSE cursor", "PLpgSQL_stmt_perform": "PERFORM", "PLpgSQL_stmt_call": "CALL",
}


@dataclass
class _Run:
    ctx: ReplayContext
    body: str
    parts: list[str] = field(default_factory=list)  # what happened, in order
    effects: list[Effect] = field(default_factory=list)  # what the statements run inside did
    notes: list[str] = field(default_factory=list)  # inner statements the model cannot represent
    caught: list[PgError] = field(default_factory=list)  # errors being handled (RAISE; SQLSTATE, SQLERRM)
    line: int | None = None  # file line of the statement running

    def __post_init__(self) -> None:
        self._where = _Locator(self.ctx, self.body)
        self.conditions = _Conditions(self)

    def statements(self, items: Any) -> None:
        for item in items or ():
            self.statement(item)

    def statement(self, wrapped: Any) -> None:
        kind, data = _one(wrapped)
        if isinstance(data.get("lineno"), int):
            self.line = self._where.span(data["lineno"]).line
        handler = PLPGSQL.get(kind)
        if handler is None:
            what = _CONSTRUCTS.get(kind, kind.removeprefix("PLpgSQL_stmt_").upper())
            raise NotModelled(f"PL/pgSQL {what} is not modelled{self.at()}")
        handler(self, data)

    def at(self) -> str:
        return f" (line {self.line})" if self.line else ""

    def span(self, data: dict, needle: str | None = None) -> SourceSpan:
        return self._where.span(data.get("lineno"), needle)

    # ---- SQL run from the block ---------------------------------------------------------------

    def run_sql(self, sql: str, span: SourceSpan, dynamic: bool) -> list[str]:
        """Dispatch each statement of `sql`; returns their sentences. PgError propagates."""
        try:
            raws = pglast.parse_sql(sql)
        except ParseError as e:
            raise PgError(SqlState.SYNTAX_ERROR, str(e.args[0]) if e.args else str(e)) from e
        done = []
        for raw in raws:
            node = raw.stmt
            end = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(sql)
            text = sql[raw.stmt_location:end].strip()
            name = type(node).__name__
            if name == "TransactionStmt":
                raise PgError(SqlState.FEATURE_NOT_SUPPORTED, "EXECUTE of transaction commands is not implemented"
                              if dynamic else "unsupported transaction command in PL/pgSQL")
            if name == "SelectStmt" and not dynamic:
                raise NotModelled("SELECT without INTO in a DO block is not modelled (the server rejects it: "
                                  f"query has no destination for result data){self.at()}")
            inner = ReplayContext(catalog=self.ctx.catalog, span=span, text=text, in_transaction_block=True)
            try:
                effects = dispatch(inner, node)
                self.effects.extend(effects)
                done.append(describe(effects))
            except NotModelled as e:
                self.notes.append(f"{e} (line {span.line})")
        return done


@PLPGSQL.register("PLpgSQL_stmt_block")
def _block(run: _Run, data: dict) -> None:
    label = data.get("label")
    try:
        if data.get("exceptions"):
            _guarded(run, data)
        else:
            run.statements(data.get("body"))
    except _Exit as e:
        if e.label != label:
            raise


def _guarded(run: _Run, data: dict) -> None:
    """A block with EXCEPTION: a subtransaction; a caught error undoes the block, then its handler runs."""
    catalog = run.ctx.catalog
    savepoint = catalog.savepoint()
    parts, notes, effects = len(run.parts), len(run.notes), len(run.effects)
    try:
        run.statements(data.get("body"))
    except PgError as error:
        catalog.rollback_to(savepoint)
        handler = _handler_for(data["exceptions"], error)
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
    return [_one(c)[1].get("condname", "?") for c in handler.get("conditions") or ()]


def _handler_for(block: Any, error: PgError) -> dict | None:
    _, exceptions = _one(block)
    for wrapped in exceptions.get("exc_list") or ():
        _, handler = _one(wrapped)
        for name in _condition_names(handler):
            if _matches(name, error.sqlstate):
                return handler
    return None


def _matches(condition: str, sqlstate: str) -> bool:
    """pl_exec.c exception_matches_conditions: OTHERS, exact SQLSTATE, or a class ('..000')."""
    if condition == "others":
        return sqlstate not in ("57014", "P0004")  # query_canceled and assert_failure escape OTHERS
    codes = _sqlstates(condition)
    if codes is None:
        raise NotModelled(f"exception condition {condition} is not known to the model")
    return any(sqlstate == code or (code.endswith("000") and sqlstate[:2] == code[:2]) for code in codes)


def _sqlstates(condition: str) -> tuple[str, ...] | None:
    if _is_sqlstate(condition):
        return (condition,)
    return CONDITIONS.get(condition)


def _is_sqlstate(text: str) -> bool:
    return len(text) == 5 and all(c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in text)


@PLPGSQL.register("PLpgSQL_stmt_if")
def _if(run: _Run, data: dict) -> None:
    branches = [(data.get("cond"), data.get("then_body"), "IF")]
    for wrapped in data.get("elsif_list") or ():
        _, elsif = _one(wrapped)
        branches.append((elsif.get("cond"), elsif.get("stmts"), "ELSIF"))
    for cond, body, word in branches:
        text, value = run.conditions.evaluate(cond)
        run.parts.append(f"{word} {text} is {_truth_word(value)}")
        if value is True:
            _branch(run, body)
            return
    if data.get("else_body"):
        run.parts.append("ELSE")
        _branch(run, data.get("else_body"))


def _branch(run: _Run, body: Any) -> None:
    before = len(run.parts)
    run.statements(body)
    if len(run.parts) == before:
        run.parts[-1] += " → nothing to do"
    else:
        run.parts[before - 1] += " → " + run.parts[before]
        del run.parts[before]


def _truth_word(value: bool | None) -> str:
    return {True: "true", False: "false", None: "null"}[value]


@PLPGSQL.register("PLpgSQL_stmt_case")
def _case(run: _Run, data: dict) -> None:
    if data.get("t_expr") is not None or data.get("t_varno") is not None:
        raise NotModelled(f"PL/pgSQL simple CASE (CASE <expression> WHEN ...) is not modelled{run.at()}")
    for wrapped in data.get("case_when_list") or ():
        _, when = _one(wrapped)
        text, value = run.conditions.evaluate(when.get("expr"))
        run.parts.append(f"CASE WHEN {text} is {_truth_word(value)}")
        if value is True:
            _branch(run, when.get("stmts"))
            return
    if not data.get("have_else"):
        raise PgError("20000", "case not found")
    run.parts.append("CASE ELSE")
    _branch(run, data.get("else_stmts"))


@PLPGSQL.register("PLpgSQL_stmt_execsql")
def _execsql(run: _Run, data: dict) -> None:
    if data.get("into"):
        raise NotModelled(f"PL/pgSQL SELECT/RETURNING ... INTO is not modelled{run.at()}")
    sql = _query(data.get("sqlstmt"))
    run.parts.extend(run.run_sql(sql, run.span(data, sql), dynamic=False))


@PLPGSQL.register("PLpgSQL_stmt_dynexecute")
def _dynexecute(run: _Run, data: dict) -> None:
    if data.get("into") or data.get("params"):
        raise NotModelled(f"EXECUTE ... INTO/USING is not modelled{run.at()}")
    text = _query(data.get("query"))
    sql = run.conditions.string_constant(text)
    if sql is None:
        raise PgError("22004", "query string argument of EXECUTE is null")
    done = run.run_sql(sql, run.span(data, text), dynamic=True)
    run.parts.append("EXECUTE: " + ("; ".join(done) if done else "empty string, nothing to do"))


@PLPGSQL.register("PLpgSQL_stmt_return")
def _return(run: _Run, data: dict) -> None:
    if data.get("expr") is not None:
        raise NotModelled(f"RETURN with a value is not modelled{run.at()}")
    raise _Return()


@PLPGSQL.register("PLpgSQL_stmt_exit")
def _exit(run: _Run, data: dict) -> None:
    if not data.get("is_exit") or not data.get("label"):
        raise NotModelled(f"PL/pgSQL {'EXIT' if data.get('is_exit') else 'CONTINUE'} outside a labelled block "
                          f"is not modelled{run.at()}")
    if data.get("cond") is not None:
        text, value = run.conditions.evaluate(data["cond"])
        run.parts.append(f"EXIT {data['label']} WHEN {text} is {_truth_word(value)}")
        if value is not True:
            return
    raise _Exit(data["label"])


@PLPGSQL.register("PLpgSQL_stmt_commit", "PLpgSQL_stmt_rollback")
def _commit(run: _Run, data: dict) -> None:
    if run.ctx.in_transaction_block:
        raise PgError("2D000", "invalid transaction termination")
    raise NotModelled(f"COMMIT/ROLLBACK inside a DO block is not modelled{run.at()}")


@PLPGSQL.register("PLpgSQL_stmt_assert")
def _assert(run: _Run, data: dict) -> None:
    text, value = run.conditions.evaluate(data.get("cond"))
    if value is True:
        run.parts.append(f"ASSERT {text} holds")
        return
    message = "assertion failed"
    if data.get("message") is not None:
        given = run.conditions.text_constant(_query(data["message"]))
        message = given if given is not None else message
    raise PgError("P0004", message)


_ERROR = 21  # elog.h in PostgreSQL 15: ... NOTICE 18, WARNING 19, WARNING_CLIENT_ONLY 20, ERROR 21
_RAISE_OPTIONS = ("ERRCODE", "MESSAGE", "DETAIL", "HINT", "COLUMN", "CONSTRAINT", "DATATYPE", "TABLE", "SCHEMA")


@PLPGSQL.register("PLpgSQL_stmt_raise")
def _raise(run: _Run, data: dict) -> None:
    level = data.get("elog_level", _ERROR)
    condname, message, options = data.get("condname"), data.get("message"), data.get("options") or ()
    if condname is None and message is None and not options:  # RAISE; re-throws the error being handled
        if not run.caught:
            raise PgError("0Z002", "RAISE without parameters cannot be used outside an exception handler")
        raise run.caught[-1]
    code = None
    if condname is not None:
        code = _recognize(condname)
    if message is not None:
        message = _format(message, [run.conditions.text_constant(_query(p)) for p in data.get("params") or ()])
    seen: set[int] = set()
    for wrapped in options:
        _, option = _one(wrapped)
        kind = option.get("opt_type", 0)
        name = _RAISE_OPTIONS[kind] if isinstance(kind, int) and 0 <= kind < len(_RAISE_OPTIONS) else str(kind)
        if kind in seen or (kind == 1 and message is not None):
            raise PgError(SqlState.SYNTAX_ERROR, f"RAISE option already specified: {name}")
        seen.add(kind)
        value = run.conditions.text_constant(_query(option.get("expr")))
        if value is None:
            raise PgError("22004", "RAISE statement option cannot be null")
        if kind == 0:
            code, condname = _recognize(value), value
        elif kind == 1:
            message = value
    if level < _ERROR:
        return  # NOTICE, INFO, WARNING, LOG, DEBUG: a message, no effect on the schema
    code = code or SqlState.RAISE_EXCEPTION
    raise PgError(code, message if message is not None else condname if condname is not None else code)


def _recognize(condition: str) -> str:
    """plpgsql_recognize_err_condition: a 5-character SQLSTATE, or a condition's first SQLSTATE."""
    if _is_sqlstate(condition):
        return condition
    codes = CONDITIONS.get(condition)
    if not codes:
        raise PgError(SqlState.UNDEFINED_OBJECT, f'unrecognized exception condition "{condition}"')
    return codes[0]


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


def _query(wrapped: Any) -> str:
    kind, data = _one(wrapped)
    if kind != "PLpgSQL_expr" or not isinstance(data.get("query"), str):
        raise NotModelled("unexpected PL/pgSQL expression")
    return data["query"]


class _Locator:
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


# ---- conditions ----------------------------------------------------------------------------------
#
# Expressions are parsed with pglast as `SELECT <expression>`, not with sqlglot: it is the grammar the
# server itself uses for PL/pgSQL expressions, so identifier folding, string escapes (E'', dollar
# quotes, standard_conforming_strings) and operator precedence are PostgreSQL's exactly, and the
# replay already holds pglast trees everywhere else. sqlglot's PostgreSQL dialect is a translation
# that may disagree on exactly those details, and a guard must be decided the way the server does.


Predicate = Callable[[Row], "bool | None"]


class _Conditions:
    def __init__(self, run: _Run):
        self.run = run

    @property
    def catalog(self) -> Catalog:
        return self.run.ctx.catalog

    # -- entry points

    def evaluate(self, wrapped: Any) -> tuple[str, bool | None]:
        """(the condition as written, on one line; its value). Raises PgError as the server would."""
        text = _query(wrapped)
        node = self._expression(text)
        return " ".join(text.split()), self._truth(node)

    def string_constant(self, text: str) -> str | None:
        node = self._expression(text)
        value = self._string(node)
        if value is _NOT_CONSTANT:
            raise NotModelled(f"EXECUTE of a computed string is not modelled: {' '.join(text.split())}"
                              f"{self.run.at()}")
        return value

    def text_constant(self, text: str) -> str | None:
        """A RAISE / ASSERT argument: a constant, or SQLSTATE / SQLERRM in an exception handler."""
        node = self._expression(text)
        if isinstance(node, ast.ColumnRef) and len(node.fields or ()) == 1 and isinstance(node.fields[0], ast.String):
            variable = node.fields[0].sval
            if variable in ("sqlstate", "sqlerrm") and self.run.caught:
                error = self.run.caught[-1]
                return error.sqlstate if variable == "sqlstate" else error.message
        if isinstance(node, ast.A_Const) and not node.isnull:
            value = node.val
            if isinstance(value, ast.Integer):
                return str(value.ival)
            if isinstance(value, ast.Float):
                return value.fval
            if isinstance(value, ast.Boolean):
                return "t" if value.boolval else "f"
        value = self._string(node)
        if value is _NOT_CONSTANT:
            raise NotModelled(f"PL/pgSQL expression not modelled: {' '.join(text.split())}{self.run.at()}")
        return value

    # -- parsing

    def _expression(self, text: str) -> Any:
        try:
            raws = pglast.parse_sql("SELECT " + text)
        except ParseError as e:
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}") from e
        if len(raws) != 1 or not isinstance(raws[0].stmt, ast.SelectStmt):
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}")
        select = raws[0].stmt
        if (len(select.targetList or ()) != 1 or select.fromClause or select.whereClause or select.groupClause
                or select.havingClause or select.sortClause or select.limitCount or select.limitOffset
                or select.distinctClause or select.withClause or select.intoClause or select.lockingClause
                or select.op != enums.SetOperation.SETOP_NONE):
            raise NotModelled(f"PL/pgSQL expression not understood: {' '.join(text.split())}")
        return select.targetList[0].val

    def _string(self, node: Any) -> Any:
        """The value of a string constant (also 'a' || 'b' and casts to text); None for NULL."""
        if isinstance(node, ast.A_Const):
            if node.isnull:
                return None
            return node.val.sval if isinstance(node.val, ast.String) else _NOT_CONSTANT
        if isinstance(node, ast.TypeCast) and _type_name(node.typeName) in ("text", "varchar"):
            return self._string(node.arg)
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP and names(node.name) == ["||"]:
            left, right = self._string(node.lexpr), self._string(node.rexpr)
            if left is _NOT_CONSTANT or right is _NOT_CONSTANT:
                return _NOT_CONSTANT
            return None if left is None or right is None else left + right
        return _NOT_CONSTANT

    # -- boolean expressions

    def _truth(self, node: Any) -> bool | None:
        if isinstance(node, ast.BoolExpr):
            values = [self._truth(arg) for arg in node.args]
            return _boolean(node.boolop, [lambda v=v: v for v in values])
        if isinstance(node, ast.SubLink) and node.subLinkType == enums.SubLinkType.EXISTS_SUBLINK:
            return self._exists(node.subselect)
        if isinstance(node, ast.A_Const):
            if node.isnull:
                return None
            if isinstance(node.val, ast.Boolean):
                return node.val.boolval
        if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP:
            count = self._count_comparison(node)
            if count is not None:
                return count
        raise NotModelled(f"condition not modelled: {_sql(node)}")

    def _exists(self, select: Any) -> bool:
        limit = self._limit(select)
        definite, uncertain, view = self._matching(select, aggregate=False)
        if limit == 0 or definite:
            return limit != 0
        if uncertain:
            raise NotModelled(f"condition not modelled: {view.name} may hold rows the model does not know "
                              f"({_sql(select.whereClause) if select.whereClause else 'no WHERE'})")
        return False

    def _count_comparison(self, node: Any) -> bool | None:
        """(SELECT count(*) FROM <view> WHERE ...) <op> <integer>, either way round."""
        ops = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, ">": lambda a, b: a > b,
               "<": lambda a, b: a < b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
        flipped = {">": "<", "<": ">", ">=": "<=", "<=": ">="}
        op = names(node.name)
        if len(op) != 1 or op[0] not in ops:
            return None
        left, right, op = node.lexpr, node.rexpr, op[0]
        if isinstance(right, ast.SubLink):
            left, right, op = right, left, flipped.get(op, op)
        if not (isinstance(left, ast.SubLink) and left.subLinkType == enums.SubLinkType.EXPR_SUBLINK):
            return None
        if not (isinstance(right, ast.A_Const) and isinstance(right.val, ast.Integer)):
            return None
        select = left.subselect
        target = select.targetList[0].val if isinstance(select, ast.SelectStmt) and len(select.targetList or ()) == 1 else None
        if not (isinstance(target, ast.FuncCall) and names(target.funcname)[-1:] == ["count"] and target.agg_star
                and not target.agg_distinct and not target.agg_filter and not target.over and not target.agg_order):
            return None
        if select.limitCount is not None or select.limitOffset is not None:
            return None
        definite, uncertain, view = self._matching(select, aggregate=True)
        if uncertain:
            raise NotModelled(f"condition not modelled: {view.name} may hold rows the model does not know")
        return ops[op](definite, right.val.ival)

    def _limit(self, select: Any) -> int | None:
        if select.limitOffset is not None:
            raise NotModelled("condition not modelled: OFFSET in a catalog query")
        limit = select.limitCount
        if limit is None or (isinstance(limit, ast.A_Const) and limit.isnull):
            return None
        if isinstance(limit, ast.A_Const) and isinstance(limit.val, ast.Integer) and limit.val.ival >= 0:
            return limit.val.ival
        raise NotModelled(f"condition not modelled: LIMIT {_sql(limit)}")

    # -- a query on one catalog view

    def _matching(self, select: Any, aggregate: bool) -> tuple[int, int, View]:
        """(rows that match, rows that may match) of a one-view SELECT."""
        if not isinstance(select, ast.SelectStmt) or select.op != enums.SetOperation.SETOP_NONE:
            raise NotModelled(f"condition not modelled: {_sql(select)}")
        for clause, what in ((select.withClause, "WITH"), (select.groupClause, "GROUP BY"),
                             (select.havingClause, "HAVING"), (select.windowClause, "WINDOW"),
                             (select.sortClause, "ORDER BY"), (select.valuesLists, "VALUES"),
                             (select.lockingClause, "FOR UPDATE"), (select.intoClause, "INTO")):
            if clause:
                raise NotModelled(f"condition not modelled: {what} in a catalog query")
        if len(select.fromClause or ()) != 1 or not isinstance(select.fromClause[0], ast.RangeVar):
            raise NotModelled(f"condition not modelled: only a query on one catalog view is: {_sql(select)}")
        rangevar = select.fromClause[0]
        view = self._view(rangevar)
        qualifier = rangevar.alias.aliasname if rangevar.alias else rangevar.relname
        if not aggregate:
            for target in select.targetList or ():
                value = target.val
                if isinstance(value, ast.ColumnRef):
                    if not isinstance(value.fields[-1], ast.A_Star):
                        self._column(view, qualifier, value)
                elif not isinstance(value, ast.A_Const):
                    raise NotModelled(f"condition not modelled: {_sql(value)} in a catalog query's select list")
        predicate = self._predicate(view, qualifier, select.whereClause) if select.whereClause else None
        definite = uncertain = 0
        for row in view.rows(self.catalog):
            try:
                value = True if predicate is None else predicate(row)
            except Uncertain:
                uncertain += 1
                continue
            definite += value is True
        return definite, uncertain, view

    def _view(self, rangevar: Any) -> View:
        if rangevar.catalogname:
            raise NotModelled("condition not modelled: a catalog-qualified relation")
        relname, schema = rangevar.relname, rangevar.schemaname
        if schema is None:
            if relname in SYSTEM_RELATIONS["pg_catalog"]:
                schema = "pg_catalog"  # pg_catalog is searched first, whatever search_path says
            else:
                raise NotModelled(f"condition not modelled: it reads {relname}, not a catalog view the model holds")
        view = VIEWS.get((schema, relname))
        if view is not None:
            return view
        if schema in SYSTEM_RELATIONS:
            if relname in SYSTEM_RELATIONS[schema]:
                raise NotModelled(f"condition not modelled: catalog {schema}.{relname} is not modelled")
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{relname}" does not exist')
        raise NotModelled(f"condition not modelled: it reads {schema}.{relname}, not a catalog view")

    def _column(self, view: View, qualifier: str, ref: Any) -> str:
        fields = ref.fields or ()
        if not all(isinstance(f, ast.String) for f in fields) or not 1 <= len(fields) <= 2:
            raise NotModelled(f"condition not modelled: column reference {_sql(ref)}")
        if len(fields) == 2 and fields[0].sval != qualifier:
            raise NotModelled(f"condition not modelled: column reference {_sql(ref)}")
        column = fields[-1].sval
        if column in view.columns:
            return column
        if column in view.all_columns:
            raise NotModelled(f"condition not modelled: {view.name}.{column} is not modelled")
        if len(fields) == 1 and column in _IMPLICIT_VARIABLES:
            raise NotModelled(f"condition not modelled: PL/pgSQL variable {column}")
        if len(fields) == 2:
            raise PgError(SqlState.UNDEFINED_COLUMN, f"column {fields[0].sval}.{column} does not exist")
        raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{column}" does not exist')

    def _predicate(self, view: View, qualifier: str, node: Any) -> Predicate:
        """Compile a WHERE clause: every error the server finds at parse analysis is raised now."""
        if isinstance(node, ast.BoolExpr):
            parts = [self._predicate(view, qualifier, arg) for arg in node.args]
            return lambda row: _boolean(node.boolop, [lambda p=p: p(row) for p in parts])
        if isinstance(node, ast.A_Const) and not node.isnull and isinstance(node.val, ast.Boolean):
            return lambda row: node.val.boolval
        if isinstance(node, ast.NullTest) and isinstance(node.arg, ast.ColumnRef):
            column = self._column(view, qualifier, node.arg)
            wanted = node.nulltesttype == enums.NullTestType.IS_NULL
            return lambda row: _is_null(row.get(column, ANY)) == wanted
        if isinstance(node, ast.A_Expr) and names(node.name) in (["="], ["<>"]):
            equal = names(node.name) == ["="]
            if node.kind == enums.A_Expr_Kind.AEXPR_OP:
                left, right = node.lexpr, node.rexpr
                if not isinstance(left, ast.ColumnRef):
                    left, right = right, left
                if isinstance(left, ast.ColumnRef) and not isinstance(right, ast.ColumnRef):
                    column = self._column(view, qualifier, left)
                    value = self._constant(view.columns[column], right)
                    return lambda row: _compare(row.get(column, ANY), value, equal)
            elif node.kind == enums.A_Expr_Kind.AEXPR_IN and isinstance(node.lexpr, ast.ColumnRef):
                column = self._column(view, qualifier, node.lexpr)
                values = [self._constant(view.columns[column], item) for item in node.rexpr or ()]
                # x IN (a, b) is x = a OR x = b; x NOT IN (a, b) is x <> a AND x <> b
                op = enums.BoolExprType.OR_EXPR if equal else enums.BoolExprType.AND_EXPR
                return lambda row: _boolean(op, [lambda v=v: _compare(row.get(column, ANY), v, equal) for v in values])
        raise NotModelled(f"condition not modelled: {_sql(node)} in a catalog query")

    def _constant(self, family: str, node: Any) -> str | None:
        """A constant compared with a column of `family`, coerced as the server coerces it."""
        cast = None
        if isinstance(node, ast.TypeCast):
            cast, node = _type_name(node.typeName), node.arg
        if isinstance(node, ast.A_Const) and node.isnull:
            return None
        if isinstance(node, (ast.SQLValueFunction, ast.FuncCall)) and cast is None and family == "name":
            if _is_current_schema(node):
                if self.catalog.schemas:
                    raise NotModelled("condition not modelled: current_schema() when other schemas exist")
                return "public"
        if not (isinstance(node, ast.A_Const) and isinstance(node.val, ast.String)):
            raise NotModelled(f"condition not modelled: {_sql(node)} compared with a catalog column")
        text = node.val.sval
        if family == "regclass":
            if cast != "regclass":
                raise NotModelled(f"condition not modelled: '{text}' compared with an oid column")
            return self._regclass(text)
        if family == "name" and cast in (None, "name"):
            return truncate(text)  # namein cuts to 63 bytes
        if family == "char" and cast in (None, "char"):
            if text and not text[0].isascii():
                raise NotModelled("condition not modelled: a non-ASCII \"char\" constant")
            return text[:1]
        if cast in (None, "text", "varchar") and family in ("name", "text"):
            return text
        raise NotModelled(f"condition not modelled: '{text}'::{cast} compared with a catalog column")

    def _regclass(self, text: str) -> str:
        """'name'::regclass, as regclassin resolves it; the value is 'oid:<schema>.<name>'."""
        parts = _qualified_name(text)
        if len(parts) == 1:
            name = parts[0]
            if name in SYSTEM_RELATIONS["pg_catalog"]:
                return f"oid:pg_catalog.{name}"
            key = qualify("public", name)
            if self.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{name}" does not exist')
            return f"oid:{key}"
        if len(parts) == 2:
            schema, name = parts
            if schema in SYSTEM_RELATIONS:
                if name in SYSTEM_RELATIONS[schema]:
                    return f"oid:{schema}.{name}"
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{name}" does not exist')
            if schema.startswith("pg_"):
                raise NotModelled(f"condition not modelled: '{text}'::regclass")
            if not self.catalog.schema_exists(schema):
                raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{schema}" does not exist')
            key = qualify(schema, name)
            if self.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{name}" does not exist')
            return f"oid:{key}"
        raise NotModelled(f"condition not modelled: '{text}'::regclass")


_NOT_CONSTANT = object()


def _boolean(op: Any, values: list[Callable[[], bool | None]]) -> bool | None:
    """SQL's three-valued AND / OR / NOT; a part the model cannot decide (Uncertain) decides nothing when
    another part does (false AND anything is false), and makes the whole uncertain otherwise."""
    known, uncertain = [], False
    for value in values:
        try:
            known.append(value())
        except Uncertain:
            uncertain = True
    if op == enums.BoolExprType.NOT_EXPR:
        if uncertain:
            raise Uncertain()
        return None if known[0] is None else not known[0]
    decisive = False if op == enums.BoolExprType.AND_EXPR else True
    if decisive in known:
        return decisive
    if uncertain:
        raise Uncertain()
    return None if None in known else not decisive


def _compare(value: Any, constant: str | None, equal: bool) -> bool | None:
    if value is None or constant is None:
        return None
    if isinstance(value, Unknown):
        if value.could_be(constant):
            raise Uncertain()
        return not equal
    return (value == constant) == equal


def _is_null(value: Any) -> bool:
    if isinstance(value, Unknown):
        raise Uncertain()
    return value is None


def _is_current_schema(node: Any) -> bool:
    if isinstance(node, ast.SQLValueFunction):
        return node.op == enums.SQLValueFunctionOp.SVFOP_CURRENT_SCHEMA
    return names(node.funcname)[-1:] == ["current_schema"] and not node.args


def _type_name(node: Any) -> str:
    parts = names(node.names)
    if node.arrayBounds or not parts or (len(parts) == 2 and parts[0] != "pg_catalog") or len(parts) > 2:
        return "?"
    return parts[-1]


def _qualified_name(text: str) -> list[str]:
    """stringToQualifiedNameList: dotted parts, double quotes kept, the rest folded to lower case."""
    parts, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            j, part = i + 1, []
            while True:
                k = text.find('"', j)
                if k < 0:
                    raise PgError("42602", "invalid name syntax")
                part.append(text[j:k])
                if text[k + 1:k + 2] == '"':
                    part.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            name = "".join(part)
            if not name:
                raise PgError("42602", "invalid name syntax")
        else:
            j = i
            while i < n and text[i] != "." and not text[i].isspace():
                i += 1
            name = text[j:i]
            if not name:
                raise PgError("42602", "invalid name syntax")
            if name.isdigit() and not parts:
                raise NotModelled(f"condition not modelled: '{text}'::regclass (an oid)")
            name = "".join(c.lower() if "A" <= c <= "Z" else c for c in name)
        parts.append(truncate(name))
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            return parts
        if text[i] != ".":
            raise PgError("42602", "invalid name syntax")
        i += 1


def _sql(node: Any) -> str:
    try:
        return " ".join(to_sql(node).split())
    except Exception:  # noqa: BLE001  (only for a message)
        return type(node).__name__
