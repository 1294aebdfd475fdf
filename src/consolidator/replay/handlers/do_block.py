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
model's objects plus the system objects of a fresh PostgreSQL 15 database (frozen below),
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
from typing import Any, Callable, Iterable, Iterator

import pglast
from pglast import ast, enums
from pglast.parser import ParseError

from consolidator.errors import PgError, SourceSpan, SqlState
from consolidator.model.catalog import Catalog
from consolidator.model.names import qualify, split_key, truncate
from consolidator.parse.expressions import names, string_value, to_sql
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.handlers import dispatch
from consolidator.replay.registry import STATEMENTS, Registry

# ---- the DO statement ------------------------------------------------------------------------

# Languages built into every server that have no inline handler: the server refuses DO in them.
_NO_INLINE = ("sql", "c", "internal")


@STATEMENTS.register("DoStmt")
def do_block(ctx: ReplayContext, node: Any) -> str:
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
    return sentence


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
                done.append(dispatch(inner, node))
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
    parts, notes = len(run.parts), len(run.notes)
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
    return _CONDITIONS.get(condition)


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
    codes = _CONDITIONS.get(condition)
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


class _Uncertain(Exception):
    """A row of a catalog view holds a value the model does not know exactly."""


@dataclass(frozen=True)
class _Unknown:
    """A value known only to be one of `candidates` or to match `pattern`; both None: anything."""

    candidates: frozenset[str] | None = None
    pattern: str | None = None

    def could_be(self, value: str) -> bool:
        if self.candidates is None and self.pattern is None:
            return True
        return (self.candidates is not None and value in self.candidates) or (
            self.pattern is not None and re.fullmatch(self.pattern, value) is not None)


ANY = _Unknown()
Row = dict[str, Any]


@dataclass(frozen=True)
class _View:
    name: str  # as written in messages, e.g. information_schema.columns
    columns: dict[str, str]  # modelled columns → their type family: name, text, char, regclass
    all_columns: frozenset[str]
    rows: Callable[[Catalog], Iterable[Row]]


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

    def _matching(self, select: Any, aggregate: bool) -> tuple[int, int, _View]:
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
            except _Uncertain:
                uncertain += 1
                continue
            definite += value is True
        return definite, uncertain, view

    def _view(self, rangevar: Any) -> _View:
        if rangevar.catalogname:
            raise NotModelled("condition not modelled: a catalog-qualified relation")
        relname, schema = rangevar.relname, rangevar.schemaname
        if schema is None:
            if relname in _SYSTEM_RELATIONS["pg_catalog"]:
                schema = "pg_catalog"  # pg_catalog is searched first, whatever search_path says
            else:
                raise NotModelled(f"condition not modelled: it reads {relname}, not a catalog view the model holds")
        view = _VIEWS.get((schema, relname))
        if view is not None:
            return view
        if schema in _SYSTEM_RELATIONS:
            if relname in _SYSTEM_RELATIONS[schema]:
                raise NotModelled(f"condition not modelled: catalog {schema}.{relname} is not modelled")
            raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{schema}.{relname}" does not exist')
        raise NotModelled(f"condition not modelled: it reads {schema}.{relname}, not a catalog view")

    def _column(self, view: _View, qualifier: str, ref: Any) -> str:
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

    def _predicate(self, view: _View, qualifier: str, node: Any) -> Predicate:
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
            if name in _SYSTEM_RELATIONS["pg_catalog"]:
                return f"oid:pg_catalog.{name}"
            key = qualify("public", name)
            if self.catalog.relation_kind(key) is None:
                raise PgError(SqlState.UNDEFINED_TABLE, f'relation "{name}" does not exist')
            return f"oid:{key}"
        if len(parts) == 2:
            schema, name = parts
            if schema in _SYSTEM_RELATIONS:
                if name in _SYSTEM_RELATIONS[schema]:
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
    """SQL's three-valued AND / OR / NOT; a part the model cannot decide (_Uncertain) decides nothing when
    another part does (false AND anything is false), and makes the whole uncertain otherwise."""
    known, uncertain = [], False
    for value in values:
        try:
            known.append(value())
        except _Uncertain:
            uncertain = True
    if op == enums.BoolExprType.NOT_EXPR:
        if uncertain:
            raise _Uncertain()
        return None if known[0] is None else not known[0]
    decisive = False if op == enums.BoolExprType.AND_EXPR else True
    if decisive in known:
        return decisive
    if uncertain:
        raise _Uncertain()
    return None if None in known else not decisive


def _compare(value: Any, constant: str | None, equal: bool) -> bool | None:
    if value is None or constant is None:
        return None
    if isinstance(value, _Unknown):
        if value.could_be(constant):
            raise _Uncertain()
        return not equal
    return (value == constant) == equal


def _is_null(value: Any) -> bool:
    if isinstance(value, _Unknown):
        raise _Uncertain()
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


# ---- the catalog views -------------------------------------------------------------------------


def _relation_rows(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(schema, name, relkind) of every relation the model holds."""
    for key in catalog.tables:
        yield (*split_key(key), "r")
    for key in catalog.sequences:
        yield (*split_key(key), "S")
    for key in catalog.indexes:
        yield (*split_key(key), "i")
    for table in catalog.tables.values():
        for c in table.constraints:
            if c.has_index:
                yield split_key(table.key)[0], c.name, "i"


def _system_relations(kinds: str) -> Iterator[tuple[str, str, str]]:
    for (schema, kind), relnames in _SYSTEM_RELATION_KINDS.items():
        if kind in kinds:
            for name in relnames:
                yield schema, name, kind


def _opaque_extensions(catalog: Catalog) -> list[str]:
    """Extensions whose objects the model does not know (the known ones create no relation or constraint)."""
    return [name for name in catalog.extensions if name not in _EXTENSION_TYPES]


def _pg_class(catalog: Catalog) -> Iterator[Row]:
    for _, name, kind in _relation_rows(catalog):
        yield {"relname": name, "relkind": kind}
    for _, name, kind in _system_relations("rvi"):
        yield {"relname": name, "relkind": kind}
    # TOAST tables and their indexes: named after oids the model cannot know
    yield {"relname": _Unknown(pattern=r"pg_toast_\d+"), "relkind": "t"}
    yield {"relname": _Unknown(pattern=r"pg_toast_\d+_index"), "relkind": "i"}
    if _opaque_extensions(catalog):
        yield {"relname": ANY, "relkind": ANY}


def _pg_tables(catalog: Catalog) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        yield {"schemaname": schema, "tablename": name}
    for schema, name, _ in _system_relations("r"):
        yield {"schemaname": schema, "tablename": name}
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY}


def _pg_indexes(catalog: Catalog) -> Iterator[Row]:
    for index in catalog.indexes.values():
        schema, name = split_key(index.key)
        yield {"schemaname": schema, "tablename": split_key(index.table)[1], "indexname": name}
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for c in table.constraints:
            if c.has_index:
                yield {"schemaname": schema, "tablename": name, "indexname": c.name}
    catalog_tables = _SYSTEM_RELATION_KINDS[("pg_catalog", "r")]
    for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")]:
        yield {"schemaname": "pg_catalog", "tablename": _Unknown(candidates=catalog_tables), "indexname": name}
    if _opaque_extensions(catalog):
        yield {"schemaname": ANY, "tablename": ANY, "indexname": ANY}


_CONTYPE = {"primary key": "p", "unique": "u", "foreign key": "f", "check": "c", "exclude": "x"}


def _pg_constraint(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        for c in table.constraints:
            yield {"conname": c.name, "contype": _CONTYPE[c.kind], "conrelid": f"oid:{table.key}"}
    for name in _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT:
        yield {"conname": name, "contype": _Unknown(candidates=frozenset("pu")),
               "conrelid": _Unknown(pattern=r"oid:pg_catalog\..*")}
    for name in _SYSTEM_DOMAIN_CHECKS:
        yield {"conname": name, "contype": "c", "conrelid": "oid:0"}
    if _opaque_extensions(catalog):
        yield {"conname": ANY, "contype": ANY, "conrelid": ANY}


def _array_name(name: str) -> str:
    return truncate("_" + name)  # makeArrayTypeName, when the name is free


def _pg_type(catalog: Catalog) -> Iterator[Row]:
    user = [split_key(k)[1] for k in catalog.types] + [split_key(k)[1] for k in catalog.tables]
    for name in user:
        yield {"typname": name}
        array = _array_name(name)
        if array in user or array in _SYSTEM_TYPES:
            yield {"typname": _Unknown(pattern=r"_.*")}  # the server picks another name for the array type
        else:
            yield {"typname": array}
    for name in _SYSTEM_TYPES:
        yield {"typname": name}
    for _, name, _ in _system_relations("rv"):
        yield {"typname": name}
        yield {"typname": "_" + name}
    for extension in catalog.extensions:
        types = _EXTENSION_TYPES.get(extension)
        if types is None:
            yield {"typname": ANY}
        for name in types or ():
            yield {"typname": name}


def _pg_extension(catalog: Catalog) -> Iterator[Row]:
    yield {"extname": "plpgsql"}
    for name in catalog.extensions:
        yield {"extname": name}


def _schemas(catalog: Catalog) -> list[str]:
    return sorted({"public", *catalog.schemas, *_SYSTEM_SCHEMAS})


def _pg_namespace(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"nspname": name}
    yield {"nspname": _Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _schemata(catalog: Catalog) -> Iterator[Row]:
    for name in _schemas(catalog):
        yield {"schema_name": name}
    yield {"schema_name": _Unknown(pattern=r"pg_(toast_)?temp_\d+")}


def _tables(catalog: Catalog) -> Iterator[Row]:
    for key in catalog.tables:
        schema, name = split_key(key)
        yield {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE"}
    for schema, name, kind in _system_relations("rv"):
        yield {"table_schema": schema, "table_name": name, "table_type": "BASE TABLE" if kind == "r" else "VIEW"}
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "table_type": ANY}


def _columns(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for column in table.columns:
            yield {"table_schema": schema, "table_name": name, "column_name": column.name,
                   "data_type": _data_type(column.type, column.type_key),
                   "is_nullable": "NO" if column.not_null or column.identity else "YES"}
    for schema, name, _ in _system_relations("rv"):
        yield {"table_schema": schema, "table_name": name, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}
    if _opaque_extensions(catalog):
        yield {"table_schema": ANY, "table_name": ANY, "column_name": ANY, "data_type": ANY, "is_nullable": ANY}


_CONSTRAINT_TYPE = {"primary key": "PRIMARY KEY", "unique": "UNIQUE", "foreign key": "FOREIGN KEY", "check": "CHECK"}
_NOT_NULL_NAME = r"\d+_\d+_\d+_not_null"  # '<namespace oid>_<table oid>_<attnum>_not_null'


def _table_constraints(catalog: Catalog) -> Iterator[Row]:
    for table in catalog.tables.values():
        schema, name = split_key(table.key)
        for c in table.constraints:
            if c.kind in _CONSTRAINT_TYPE:  # exclusion constraints are not listed
                yield {"constraint_schema": schema, "constraint_name": c.name, "table_schema": schema,
                       "table_name": name, "constraint_type": _CONSTRAINT_TYPE[c.kind],
                       "is_deferrable": "YES" if c.deferrable else "NO",
                       "initially_deferred": "YES" if c.initially_deferred else "NO"}
        for column in table.columns:
            if column.not_null or column.identity:
                yield {"constraint_schema": schema, "constraint_name": _Unknown(pattern=_NOT_NULL_NAME),
                       "table_schema": schema, "table_name": name, "constraint_type": "CHECK",
                       "is_deferrable": "NO", "initially_deferred": "NO"}
    system_names = _SYSTEM_RELATION_KINDS[("pg_catalog", "i")] - _SYSTEM_INDEXES_WITHOUT_CONSTRAINT
    for schema in ("pg_catalog", "information_schema"):
        yield {"constraint_schema": schema,
               "constraint_name": _Unknown(candidates=system_names, pattern=_NOT_NULL_NAME),
               "table_schema": schema, "table_name": _Unknown(candidates=_SYSTEM_RELATION_KINDS[(schema, "r")]),
               "constraint_type": ANY, "is_deferrable": "NO", "initially_deferred": "NO"}
    if _opaque_extensions(catalog):
        yield {k: ANY for k in ("constraint_schema", "constraint_name", "table_schema", "table_name",
                                "constraint_type", "is_deferrable", "initially_deferred")}


# format_type() of the built-in types, as information_schema.columns.data_type shows them.
_DATA_TYPES = {
    "varchar": "character varying", "character varying": "character varying", "char": "character",
    "character": "character", "bpchar": "character", "timestamptz": "timestamp with time zone",
    "timestamp with time zone": "timestamp with time zone", "timestamp": "timestamp without time zone",
    "timestamp without time zone": "timestamp without time zone", "time": "time without time zone",
    "time without time zone": "time without time zone", "timetz": "time with time zone",
    "time with time zone": "time with time zone", "bit varying": "bit varying", "varbit": "bit varying",
    '"char"': '"char"', "int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
    "float4": "real", "float8": "double precision", "bool": "boolean", "decimal": "numeric",
    **{t: t for t in ("integer", "smallint", "bigint", "real", "double precision", "boolean", "numeric", "text",
                      "uuid", "json", "jsonb", "bytea", "date", "interval", "inet", "cidr", "macaddr",
                      "macaddr8", "money", "xml", "tsvector", "tsquery", "bit", "oid", "name")},
}


def _data_type(sql_type: str, type_key: str | None) -> Any:
    if sql_type.endswith("]"):
        return "ARRAY"
    if type_key is not None:
        return "USER-DEFINED"
    base = re.sub(r"\([^)]*\)", "", sql_type).strip()
    if base.startswith("interval"):
        return "interval"
    if base.startswith("pg_catalog."):
        base = base[len("pg_catalog."):]
    return _DATA_TYPES.get(base, ANY)


def _view(name: str, rows: Callable[[Catalog], Iterable[Row]], columns: dict[str, str], all_columns: str) -> _View:
    return _View(name=name, columns=columns, all_columns=frozenset(all_columns.split()) | set(columns), rows=rows)


_VIEWS: dict[tuple[str, str], _View] = {
    ("information_schema", "tables"): _view(
        "information_schema.tables", _tables,
        {"table_schema": "name", "table_name": "name", "table_type": "text"},
        "table_catalog self_referencing_column_name reference_generation user_defined_type_catalog "
        "user_defined_type_schema user_defined_type_name is_insertable_into is_typed commit_action"),
    ("information_schema", "columns"): _view(
        "information_schema.columns", _columns,
        {"table_schema": "name", "table_name": "name", "column_name": "name", "data_type": "text",
         "is_nullable": "text"},
        "table_catalog ordinal_position column_default character_maximum_length character_octet_length "
        "numeric_precision numeric_precision_radix numeric_scale datetime_precision interval_type "
        "interval_precision character_set_catalog character_set_schema character_set_name collation_catalog "
        "collation_schema collation_name domain_catalog domain_schema domain_name udt_catalog udt_schema "
        "udt_name scope_catalog scope_schema scope_name maximum_cardinality dtd_identifier is_self_referencing "
        "is_identity identity_generation identity_start identity_increment identity_maximum identity_minimum "
        "identity_cycle is_generated generation_expression is_updatable"),
    ("information_schema", "table_constraints"): _view(
        "information_schema.table_constraints", _table_constraints,
        {"constraint_schema": "name", "constraint_name": "name", "table_schema": "name", "table_name": "name",
         "constraint_type": "text", "is_deferrable": "text", "initially_deferred": "text"},
        "constraint_catalog table_catalog enforced nulls_distinct"),
    ("information_schema", "schemata"): _view(
        "information_schema.schemata", _schemata, {"schema_name": "name"},
        "catalog_name schema_owner default_character_set_catalog default_character_set_schema "
        "default_character_set_name sql_path"),
    ("pg_catalog", "pg_class"): _view(
        "pg_class", _pg_class, {"relname": "name", "relkind": "char"},
        "oid relnamespace reltype reloftype relowner relam relfilenode reltablespace relpages reltuples "
        "relallvisible reltoastrelid relhasindex relisshared relpersistence relnatts relchecks relhasrules "
        "relhastriggers relhassubclass relrowsecurity relforcerowsecurity relispopulated relreplident "
        "relispartition relrewrite relfrozenxid relminmxid relacl reloptions relpartbound"),
    ("pg_catalog", "pg_tables"): _view(
        "pg_tables", _pg_tables, {"schemaname": "name", "tablename": "name"},
        "tableowner tablespace hasindexes hasrules hastriggers rowsecurity"),
    ("pg_catalog", "pg_indexes"): _view(
        "pg_indexes", _pg_indexes, {"schemaname": "name", "tablename": "name", "indexname": "name"},
        "tablespace indexdef"),
    ("pg_catalog", "pg_constraint"): _view(
        "pg_constraint", _pg_constraint, {"conname": "name", "contype": "char", "conrelid": "regclass"},
        "oid connamespace condeferrable condeferred convalidated contypid conindid conparentid confrelid "
        "confupdtype confdeltype confmatchtype conislocal coninhcount connoinherit conkey confkey conpfeqop "
        "conppeqop conffeqop confdelsetcols conexclop conbin"),
    ("pg_catalog", "pg_type"): _view(
        "pg_type", _pg_type, {"typname": "name"},
        "oid typnamespace typowner typlen typbyval typtype typcategory typispreferred typisdefined typdelim "
        "typrelid typsubscript typelem typarray typinput typoutput typreceive typsend typmodin typmodout "
        "typanalyze typalign typstorage typnotnull typbasetype typtypmod typndims typcollation typdefaultbin "
        "typdefault typacl"),
    ("pg_catalog", "pg_extension"): _view(
        "pg_extension", _pg_extension, {"extname": "name"},
        "oid extowner extnamespace extrelocatable extversion extconfig extcondition"),
    ("pg_catalog", "pg_namespace"): _view(
        "pg_namespace", _pg_namespace, {"nspname": "name"}, "oid nspowner nspacl"),
}


# ---- PostgreSQL 15's own objects, as a fresh database has them ----------------------------------
# (SELECT relname FROM pg_class / typname FROM pg_type / conname FROM pg_constraint on a new database)

_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")

# Types an extension of the common ones creates (CREATE EXTENSION on PostgreSQL 15); the others are opaque.
_EXTENSION_TYPES: dict[str, frozenset[str]] = {
    "plpgsql": frozenset(),
    "uuid-ossp": frozenset(),
    "pgcrypto": frozenset(),
    "citext": frozenset({"citext", "_citext"}),
    "hstore": frozenset({"hstore", "_hstore", "ghstore", "_ghstore"}),
    "ltree": frozenset({"ltree", "_ltree", "lquery", "_lquery", "ltxtquery", "_ltxtquery", "ltree_gist",
                        "_ltree_gist"}),
    "pg_trgm": frozenset({"gtrgm", "_gtrgm"}),
}  # none of them creates a table, an index or a constraint

_INFORMATION_SCHEMA_TABLES = frozenset("""
sql_features sql_implementation_info sql_parts sql_sizing
""".split())
_INFORMATION_SCHEMA_VIEWS = frozenset("""
_pg_foreign_data_wrappers _pg_foreign_servers _pg_foreign_table_columns _pg_foreign_tables _pg_user_mappings
administrable_role_authorizations applicable_roles attributes character_sets check_constraint_routine_usage
check_constraints collation_character_set_applicability collations column_column_usage column_domain_usage
column_options column_privileges column_udt_usage columns constraint_column_usage constraint_table_usage
data_type_privileges domain_constraints domain_udt_usage domains element_types enabled_roles
foreign_data_wrapper_options foreign_data_wrappers foreign_server_options foreign_servers
foreign_table_options foreign_tables information_schema_catalog_name key_column_usage parameters
referential_constraints role_column_grants role_routine_grants role_table_grants role_udt_grants
role_usage_grants routine_column_usage routine_privileges routine_routine_usage routine_sequence_usage
routine_table_usage routines schemata sequences table_constraints table_privileges tables transforms
triggered_update_columns triggers udt_privileges usage_privileges user_defined_types user_mapping_options
user_mappings view_column_usage view_routine_usage view_table_usage views
""".split())
_PG_CATALOG_INDEXES = frozenset("""
pg_aggregate_fnoid_index pg_am_name_index pg_am_oid_index pg_amop_fam_strat_index pg_amop_oid_index
pg_amop_opr_fam_index pg_amproc_fam_proc_index pg_amproc_oid_index pg_attrdef_adrelid_adnum_index
pg_attrdef_oid_index pg_attribute_relid_attnam_index pg_attribute_relid_attnum_index
pg_auth_members_member_role_index pg_auth_members_role_member_index pg_authid_oid_index
pg_authid_rolname_index pg_cast_oid_index pg_cast_source_target_index pg_class_oid_index
pg_class_relname_nsp_index pg_class_tblspc_relfilenode_index pg_collation_name_enc_nsp_index
pg_collation_oid_index pg_constraint_conname_nsp_index pg_constraint_conparentid_index
pg_constraint_conrelid_contypid_conname_index pg_constraint_contypid_index pg_constraint_oid_index
pg_conversion_default_index pg_conversion_name_nsp_index pg_conversion_oid_index pg_database_datname_index
pg_database_oid_index pg_db_role_setting_databaseid_rol_index pg_default_acl_oid_index
pg_default_acl_role_nsp_obj_index pg_depend_depender_index pg_depend_reference_index
pg_description_o_c_o_index pg_enum_oid_index pg_enum_typid_label_index pg_enum_typid_sortorder_index
pg_event_trigger_evtname_index pg_event_trigger_oid_index pg_extension_name_index pg_extension_oid_index
pg_foreign_data_wrapper_name_index pg_foreign_data_wrapper_oid_index pg_foreign_server_name_index
pg_foreign_server_oid_index pg_foreign_table_relid_index pg_index_indexrelid_index pg_index_indrelid_index
pg_inherits_parent_index pg_inherits_relid_seqno_index pg_init_privs_o_c_o_index pg_language_name_index
pg_language_oid_index pg_largeobject_loid_pn_index pg_largeobject_metadata_oid_index
pg_namespace_nspname_index pg_namespace_oid_index pg_opclass_am_name_nsp_index pg_opclass_oid_index
pg_operator_oid_index pg_operator_oprname_l_r_n_index pg_opfamily_am_name_nsp_index pg_opfamily_oid_index
pg_parameter_acl_oid_index pg_parameter_acl_parname_index pg_partitioned_table_partrelid_index
pg_policy_oid_index pg_policy_polrelid_polname_index pg_proc_oid_index pg_proc_proname_args_nsp_index
pg_publication_namespace_oid_index pg_publication_namespace_pnnspid_pnpubid_index pg_publication_oid_index
pg_publication_pubname_index pg_publication_rel_oid_index pg_publication_rel_prpubid_index
pg_publication_rel_prrelid_prpubid_index pg_range_rngmultitypid_index pg_range_rngtypid_index
pg_replication_origin_roiident_index pg_replication_origin_roname_index pg_rewrite_oid_index
pg_rewrite_rel_rulename_index pg_seclabel_object_index pg_sequence_seqrelid_index pg_shdepend_depender_index
pg_shdepend_reference_index pg_shdescription_o_c_index pg_shseclabel_object_index
pg_statistic_ext_data_stxoid_inh_index pg_statistic_ext_name_index pg_statistic_ext_oid_index
pg_statistic_ext_relid_index pg_statistic_relid_att_inh_index pg_subscription_oid_index
pg_subscription_rel_srrelid_srsubid_index pg_subscription_subname_index pg_tablespace_oid_index
pg_tablespace_spcname_index pg_transform_oid_index pg_transform_type_lang_index pg_trigger_oid_index
pg_trigger_tgconstraint_index pg_trigger_tgrelid_tgname_index pg_ts_config_cfgname_index
pg_ts_config_map_index pg_ts_config_oid_index pg_ts_dict_dictname_index pg_ts_dict_oid_index
pg_ts_parser_oid_index pg_ts_parser_prsname_index pg_ts_template_oid_index pg_ts_template_tmplname_index
pg_type_oid_index pg_type_typname_nsp_index pg_user_mapping_oid_index pg_user_mapping_user_server_index
""".split())
_PG_CATALOG_TABLES = frozenset("""
pg_aggregate pg_am pg_amop pg_amproc pg_attrdef pg_attribute pg_auth_members pg_authid pg_cast pg_class
pg_collation pg_constraint pg_conversion pg_database pg_db_role_setting pg_default_acl pg_depend
pg_description pg_enum pg_event_trigger pg_extension pg_foreign_data_wrapper pg_foreign_server
pg_foreign_table pg_index pg_inherits pg_init_privs pg_language pg_largeobject pg_largeobject_metadata
pg_namespace pg_opclass pg_operator pg_opfamily pg_parameter_acl pg_partitioned_table pg_policy pg_proc
pg_publication pg_publication_namespace pg_publication_rel pg_range pg_replication_origin pg_rewrite
pg_seclabel pg_sequence pg_shdepend pg_shdescription pg_shseclabel pg_statistic pg_statistic_ext
pg_statistic_ext_data pg_subscription pg_subscription_rel pg_tablespace pg_transform pg_trigger pg_ts_config
pg_ts_config_map pg_ts_dict pg_ts_parser pg_ts_template pg_type pg_user_mapping
""".split())
_PG_CATALOG_VIEWS = frozenset("""
pg_available_extension_versions pg_available_extensions pg_backend_memory_contexts pg_config pg_cursors
pg_file_settings pg_group pg_hba_file_rules pg_ident_file_mappings pg_indexes pg_locks pg_matviews pg_policies
pg_prepared_statements pg_prepared_xacts pg_publication_tables pg_replication_origin_status
pg_replication_slots pg_roles pg_rules pg_seclabels pg_sequences pg_settings pg_shadow pg_shmem_allocations
pg_stat_activity pg_stat_all_indexes pg_stat_all_tables pg_stat_archiver pg_stat_bgwriter pg_stat_database
pg_stat_database_conflicts pg_stat_gssapi pg_stat_progress_analyze pg_stat_progress_basebackup
pg_stat_progress_cluster pg_stat_progress_copy pg_stat_progress_create_index pg_stat_progress_vacuum
pg_stat_recovery_prefetch pg_stat_replication pg_stat_replication_slots pg_stat_slru pg_stat_ssl
pg_stat_subscription pg_stat_subscription_stats pg_stat_sys_indexes pg_stat_sys_tables pg_stat_user_functions
pg_stat_user_indexes pg_stat_user_tables pg_stat_wal pg_stat_wal_receiver pg_stat_xact_all_tables
pg_stat_xact_sys_tables pg_stat_xact_user_functions pg_stat_xact_user_tables pg_statio_all_indexes
pg_statio_all_sequences pg_statio_all_tables pg_statio_sys_indexes pg_statio_sys_sequences
pg_statio_sys_tables pg_statio_user_indexes pg_statio_user_sequences pg_statio_user_tables pg_stats
pg_stats_ext pg_stats_ext_exprs pg_tables pg_timezone_abbrevs pg_timezone_names pg_user pg_user_mappings
pg_views
""".split())
_SYSTEM_TYPES = frozenset("""
_aclitem _bit _bool _box _bpchar _bytea _cardinal_number _char _character_data _cid _cidr _circle _cstring
_date _datemultirange _daterange _float4 _float8 _gtsvector _inet _int2 _int2vector _int4 _int4multirange
_int4range _int8 _int8multirange _int8range _interval _json _jsonb _jsonpath _line _lseg _macaddr _macaddr8
_money _name _numeric _nummultirange _numrange _oid _oidvector _path _pg_lsn _pg_snapshot _point _polygon
_record _refcursor _regclass _regcollation _regconfig _regdictionary _regnamespace _regoper _regoperator
_regproc _regprocedure _regrole _regtype _sql_identifier _text _tid _time _time_stamp _timestamp _timestamptz
_timetz _tsmultirange _tsquery _tsrange _tstzmultirange _tstzrange _tsvector _txid_snapshot _uuid _varbit
_varchar _xid _xid8 _xml _yes_or_no aclitem any anyarray anycompatible anycompatiblearray
anycompatiblemultirange anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray
anyrange bit bool box bpchar bytea cardinal_number char character_data cid cidr circle cstring date
datemultirange daterange event_trigger fdw_handler float4 float8 gtsvector index_am_handler inet int2
int2vector int4 int4multirange int4range int8 int8multirange int8range internal interval json jsonb jsonpath
language_handler line lseg macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path
pg_brin_bloom_summary pg_brin_minmax_multi_summary pg_ddl_command pg_dependencies pg_lsn pg_mcv_list
pg_ndistinct pg_node_tree pg_snapshot point polygon record refcursor regclass regcollation regconfig
regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype sql_identifier
table_am_handler text tid time time_stamp timestamp timestamptz timetz trigger tsm_handler tsmultirange
tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown uuid varbit varchar void xid xid8 xml
yes_or_no
""".split())
_SYSTEM_RELATION_KINDS: dict[tuple[str, str], frozenset[str]] = {
    ("pg_catalog", "r"): _PG_CATALOG_TABLES,
    ("pg_catalog", "v"): _PG_CATALOG_VIEWS,
    ("pg_catalog", "i"): _PG_CATALOG_INDEXES,
    ("information_schema", "r"): _INFORMATION_SCHEMA_TABLES,
    ("information_schema", "v"): _INFORMATION_SCHEMA_VIEWS,
}
_SYSTEM_RELATIONS: dict[str, frozenset[str]] = {
    "pg_catalog": _PG_CATALOG_TABLES | _PG_CATALOG_VIEWS | _PG_CATALOG_INDEXES,
    "information_schema": _INFORMATION_SCHEMA_TABLES | _INFORMATION_SCHEMA_VIEWS,
}
# The indexes of pg_catalog that back no constraint; every other one backs the constraint of its name.
_SYSTEM_INDEXES_WITHOUT_CONSTRAINT = frozenset("""
pg_class_tblspc_relfilenode_index pg_constraint_conname_nsp_index pg_constraint_conparentid_index
pg_constraint_contypid_index pg_depend_depender_index pg_depend_reference_index pg_index_indrelid_index
pg_inherits_parent_index pg_publication_rel_prpubid_index pg_shdepend_depender_index pg_shdepend_reference_index
pg_statistic_ext_relid_index pg_trigger_tgconstraint_index
""".split())
_SYSTEM_DOMAIN_CHECKS = ("cardinal_number_domain_check", "yes_or_no_check")  # information_schema's domains

# PL/pgSQL condition names (PostgreSQL 15 errcodes.txt, the source of plerrcodes.h): SQLSTATE name pairs.
# A few names stand for two SQLSTATEs (a warning and an error): WHEN matches both, RAISE takes the first.
_ERRCODES = """
00000 successful_completion  01000 warning  0100C dynamic_result_sets_returned  01008 implicit_zero_bit_padding
01003 null_value_eliminated_in_set_function  01007 privilege_not_granted  01006 privilege_not_revoked  01004
string_data_right_truncation  01P01 deprecated_feature  02000 no_data  02001
no_additional_dynamic_result_sets_returned  03000 sql_statement_not_yet_complete  08000 connection_exception
08003 connection_does_not_exist  08006 connection_failure  08001 sqlclient_unable_to_establish_sqlconnection
08004 sqlserver_rejected_establishment_of_sqlconnection  08007 transaction_resolution_unknown  08P01
protocol_violation  09000 triggered_action_exception  0A000 feature_not_supported  0B000
invalid_transaction_initiation  0F000 locator_exception  0F001 invalid_locator_specification  0L000
invalid_grantor  0LP01 invalid_grant_operation  0P000 invalid_role_specification  0Z000 diagnostics_exception
0Z002 stacked_diagnostics_accessed_without_active_handler  20000 case_not_found  21000 cardinality_violation
22000 data_exception  2202E array_subscript_error  22021 character_not_in_repertoire  22008
datetime_field_overflow  22012 division_by_zero  22005 error_in_assignment  2200B escape_character_conflict
22022 indicator_overflow  22015 interval_field_overflow  2201E invalid_argument_for_logarithm  22014
invalid_argument_for_ntile_function  22016 invalid_argument_for_nth_value_function  2201F
invalid_argument_for_power_function  2201G invalid_argument_for_width_bucket_function  22018
invalid_character_value_for_cast  22007 invalid_datetime_format  22019 invalid_escape_character  2200D
invalid_escape_octet  22025 invalid_escape_sequence  22P06 nonstandard_use_of_escape_character  22010
invalid_indicator_parameter_value  22023 invalid_parameter_value  22013 invalid_preceding_or_following_size
2201B invalid_regular_expression  2201W invalid_row_count_in_limit_clause  2201X
invalid_row_count_in_result_offset_clause  2202H invalid_tablesample_argument  2202G invalid_tablesample_repeat
22009 invalid_time_zone_displacement_value  2200C invalid_use_of_escape_character  2200G
most_specific_type_mismatch  22004 null_value_not_allowed  22002 null_value_no_indicator_parameter  22003
numeric_value_out_of_range  2200H sequence_generator_limit_exceeded  22026 string_data_length_mismatch  22001
string_data_right_truncation  22011 substring_error  22027 trim_error  22024 unterminated_c_string  2200F
zero_length_character_string  22P01 floating_point_exception  22P02 invalid_text_representation  22P03
invalid_binary_representation  22P04 bad_copy_file_format  22P05 untranslatable_character  2200L
not_an_xml_document  2200M invalid_xml_document  2200N invalid_xml_content  2200S invalid_xml_comment  2200T
invalid_xml_processing_instruction  22030 duplicate_json_object_key_value  22031
invalid_argument_for_sql_json_datetime_function  22032 invalid_json_text  22033 invalid_sql_json_subscript
22034 more_than_one_sql_json_item  22035 no_sql_json_item  22036 non_numeric_sql_json_item  22037
non_unique_keys_in_a_json_object  22038 singleton_sql_json_item_required  22039 sql_json_array_not_found  2203A
sql_json_member_not_found  2203B sql_json_number_not_found  2203C sql_json_object_not_found  2203D
too_many_json_array_elements  2203E too_many_json_object_members  2203F sql_json_scalar_required  2203G
sql_json_item_cannot_be_cast_to_target_type  23000 integrity_constraint_violation  23001 restrict_violation
23502 not_null_violation  23503 foreign_key_violation  23505 unique_violation  23514 check_violation  23P01
exclusion_violation  24000 invalid_cursor_state  25000 invalid_transaction_state  25001 active_sql_transaction
25002 branch_transaction_already_active  25008 held_cursor_requires_same_isolation_level  25003
inappropriate_access_mode_for_branch_transaction  25004 inappropriate_isolation_level_for_branch_transaction
25005 no_active_sql_transaction_for_branch_transaction  25006 read_only_sql_transaction  25007
schema_and_data_statement_mixing_not_supported  25P01 no_active_sql_transaction  25P02 in_failed_sql_transaction
25P03 idle_in_transaction_session_timeout  26000 invalid_sql_statement_name  27000
triggered_data_change_violation  28000 invalid_authorization_specification  28P01 invalid_password  2B000
dependent_privilege_descriptors_still_exist  2BP01 dependent_objects_still_exist  2D000
invalid_transaction_termination  2F000 sql_routine_exception  2F005 function_executed_no_return_statement  2F002
modifying_sql_data_not_permitted  2F003 prohibited_sql_statement_attempted  2F004 reading_sql_data_not_permitted
34000 invalid_cursor_name  38000 external_routine_exception  38001 containing_sql_not_permitted  38002
modifying_sql_data_not_permitted  38003 prohibited_sql_statement_attempted  38004 reading_sql_data_not_permitted
39000 external_routine_invocation_exception  39001 invalid_sqlstate_returned  39004 null_value_not_allowed
39P01 trigger_protocol_violated  39P02 srf_protocol_violated  39P03 event_trigger_protocol_violated  3B000
savepoint_exception  3B001 invalid_savepoint_specification  3D000 invalid_catalog_name  3F000
invalid_schema_name  40000 transaction_rollback  40002 transaction_integrity_constraint_violation  40001
serialization_failure  40003 statement_completion_unknown  40P01 deadlock_detected  42000
syntax_error_or_access_rule_violation  42601 syntax_error  42501 insufficient_privilege  42846 cannot_coerce
42803 grouping_error  42P20 windowing_error  42P19 invalid_recursion  42830 invalid_foreign_key  42602
invalid_name  42622 name_too_long  42939 reserved_name  42804 datatype_mismatch  42P18 indeterminate_datatype
42P21 collation_mismatch  42P22 indeterminate_collation  42809 wrong_object_type  428C9 generated_always  42703
undefined_column  42883 undefined_function  42P01 undefined_table  42P02 undefined_parameter  42704
undefined_object  42701 duplicate_column  42P03 duplicate_cursor  42P04 duplicate_database  42723
duplicate_function  42P05 duplicate_prepared_statement  42P06 duplicate_schema  42P07 duplicate_table  42712
duplicate_alias  42710 duplicate_object  42702 ambiguous_column  42725 ambiguous_function  42P08
ambiguous_parameter  42P09 ambiguous_alias  42P10 invalid_column_reference  42611 invalid_column_definition
42P11 invalid_cursor_definition  42P12 invalid_database_definition  42P13 invalid_function_definition  42P14
invalid_prepared_statement_definition  42P15 invalid_schema_definition  42P16 invalid_table_definition  42P17
invalid_object_definition  44000 with_check_option_violation  53000 insufficient_resources  53100 disk_full
53200 out_of_memory  53300 too_many_connections  53400 configuration_limit_exceeded  54000
program_limit_exceeded  54001 statement_too_complex  54011 too_many_columns  54023 too_many_arguments  55000
object_not_in_prerequisite_state  55006 object_in_use  55P02 cant_change_runtime_param  55P03 lock_not_available
55P04 unsafe_new_enum_value_usage  57000 operator_intervention  57014 query_canceled  57P01 admin_shutdown
57P02 crash_shutdown  57P03 cannot_connect_now  57P04 database_dropped  57P05 idle_session_timeout  58000
system_error  58030 io_error  58P01 undefined_file  58P02 duplicate_file  72000 snapshot_too_old  F0000
config_file_error  F0001 lock_file_exists  HV000 fdw_error  HV005 fdw_column_name_not_found  HV002
fdw_dynamic_parameter_value_needed  HV010 fdw_function_sequence_error  HV021
fdw_inconsistent_descriptor_information  HV024 fdw_invalid_attribute_value  HV007 fdw_invalid_column_name  HV008
fdw_invalid_column_number  HV004 fdw_invalid_data_type  HV006 fdw_invalid_data_type_descriptors  HV091
fdw_invalid_descriptor_field_identifier  HV00B fdw_invalid_handle  HV00C fdw_invalid_option_index  HV00D
fdw_invalid_option_name  HV090 fdw_invalid_string_length_or_buffer_length  HV00A fdw_invalid_string_format
HV009 fdw_invalid_use_of_null_pointer  HV014 fdw_too_many_handles  HV001 fdw_out_of_memory  HV00P fdw_no_schemas
HV00J fdw_option_name_not_found  HV00K fdw_reply_handle  HV00Q fdw_schema_not_found  HV00R fdw_table_not_found
HV00L fdw_unable_to_create_execution  HV00M fdw_unable_to_create_reply  HV00N fdw_unable_to_establish_connection
P0000 plpgsql_error  P0001 raise_exception  P0002 no_data_found  P0003 too_many_rows  P0004 assert_failure
XX000 internal_error  XX001 data_corrupted  XX002 index_corrupted
"""


def _conditions(table: str) -> dict[str, tuple[str, ...]]:
    words = table.split()
    out: dict[str, tuple[str, ...]] = {}
    for code, name in zip(words[::2], words[1::2]):
        out[name] = out.get(name, ()) + (code,)
    return out


_CONDITIONS = _conditions(_ERRCODES)
