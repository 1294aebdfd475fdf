"""PL/pgSQL over the model's seed rows: variables in the block's SQL, expressions that read user tables, FOR over
their rows, SELECT ... INTO, PERFORM, ROW_COUNT and FOUND.

PL/pgSQL hands a variable to a SQL statement as a typed parameter. The model does the same: each reference to a
variable (or a record's field) in a DML statement or a query becomes a typed constant of its value, and the
statement then runs as at top level. A name that is both a variable and a column of a relation the statement
reads is reported (the server raises 42702 where both are in scope, and the model does not resolve scopes).

Expressions that read user tables, or the fields of a record holding a row of one, are evaluated by the seed
rows' evaluator (replay/seed/values.py, PostgreSQL's semantics over `Datum`s); the rest stays with the catalog
evaluator of DO-block guards (query/evaluate.py).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pglast
from pglast import ast
from pglast.parser import ParseError

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.rows import KeptExpression
from consolidator.parse.expressions import names
from consolidator.pg15.types import type_info
from consolidator.query.evaluate import Evaluator
from consolidator.query.names import one_line
from consolidator.query.scalar import Datum
from consolidator.query.values import Record
from consolidator.replay.effects import Action, Effect
from consolidator.replay.seed.sources import from_items, reads_shuffled, select_rows
from consolidator.replay.seed.values import Values

_INTEGER = ("int2", "int4", "int8")
_TEXT = ("text", "varchar", "name", "bpchar", "unknown")
DML = (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt, ast.SelectStmt)


def parse_one(text: str) -> Any:
    try:
        raws = pglast.parse_sql(text)
    except ParseError as e:
        raise PgError(SqlState.SYNTAX_ERROR, str(e.args[0]) if e.args else str(e)) from e
    if len(raws) != 1:
        raise NotModelled(f"a PL/pgSQL query of {len(raws)} statements is not modelled")
    return raws[0].stmt


# ---- what a statement reads ------------------------------------------------------------------------------


def walk(node: Any):
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Node):
            yield item
            stack.extend(getattr(item, slot) for slot in item.__slots__)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)


def user_relations(run: Any, node: Any) -> list[str]:
    """The keys of the user tables and views the statement names (not the catalog views)."""
    catalog = run.ctx.catalog
    found = []
    for item in walk(node):
        if isinstance(item, ast.RangeVar):
            try:
                key = run.ctx.relation_key(item)
            except Exception:  # noqa: BLE001 (a name the model cannot resolve reads no user table it knows)
                continue
            if key in catalog.tables or key in catalog.views:
                found.append(key)
    return found


def _row_records(run: Any) -> set[str]:
    """The record variables holding a row of a user table (their fields are `Datum`s)."""
    return {name for name, v in run.scope.items() if isinstance(v.value, Record) and v.value.fields is not None
            and any(isinstance(f, (Datum, KeptExpression)) for f in v.value.fields.values())}


def reads_rows(run: Any, node: Any) -> bool:
    if user_relations(run, node):
        return True
    records = _row_records(run)
    return bool(records) and any(isinstance(i, ast.ColumnRef) and len(i.fields or ()) == 2
                                 and isinstance(i.fields[0], ast.String) and i.fields[0].sval in records
                                 for i in walk(node))


# ---- variables as typed constants --------------------------------------------------------------------------


def _type_name(name: str) -> ast.TypeName:
    return ast.TypeName(names=(ast.String(sval="pg_catalog"), ast.String(sval=name)), typemod=-1)


def constant(value: Any, type_: str) -> Any:
    if isinstance(value, KeptExpression):
        raise NotModelled(f"a volatile value ({value.function}()) handed to a statement in a DO block is not "
                          "modelled")
    if isinstance(value, Datum):
        value, type_ = value.text, value.type
        if type_ == "unknown":
            type_ = "text"
        if type_info(type_) is None:
            raise NotModelled(f"a PL/pgSQL value of type {type_} handed to a statement is not modelled")
    elif isinstance(value, bool):
        value = "t" if value else "f"
    elif value is not None:
        value = str(value)
    arg = ast.A_Const(isnull=True) if value is None else ast.A_Const(val=ast.String(sval=value))
    return ast.TypeCast(arg=arg, typeName=_type_name(type_))


def _variable_type(variable: Any) -> str:
    return "int4" if variable.type == "UNKNOWN" else variable.type


def substitute(run: Any, node: Any, params: list[Datum] | None = None) -> Any:
    """A copy of the parsed statement with the variables' references replaced by their values; with `params`
    (EXECUTE ... USING's values) the $n parameters instead, as EXECUTE'd text sees no variables."""
    node = copy.deepcopy(node)
    if isinstance(node, ast.InsertStmt) and node.selectStmt is not None:
        # the target's columns are not in scope in VALUES or the SELECT, only in ON CONFLICT and RETURNING
        node.selectStmt = _substituted(run, node.selectStmt, node.selectStmt, params)
    return _substituted(run, node, node, params)


def _substituted(run: Any, node: Any, scope_of: Any, params: list[Datum] | None) -> Any:
    columns, relation_names = _names_in_scope(run, scope_of) if params is None else (set(), set())
    holder = ast.ResTarget(val=node)
    _Substituter(run, columns, relation_names, params)(holder)
    return holder.val


class _Substituter(pglast.visitors.Visitor):
    def __init__(self, run: Any, columns: set[str], relations: set[str], params: list[Datum] | None = None):
        self.run, self.columns, self.relations, self.params = run, columns, relations, params

    def visit_ParamRef(self, ancestors, node):
        if self.params is None or not 1 <= node.number <= len(self.params):
            raise PgError(SqlState.UNDEFINED_PARAMETER, f"there is no parameter ${node.number}")
        return constant(self.params[node.number - 1], "text")

    def visit_ColumnRef(self, ancestors, node):
        if self.params is not None:
            return None  # EXECUTE'd text sees no variables
        parts = [f.sval if isinstance(f, ast.String) else None for f in node.fields or ()]
        scope = self.run.scope
        if len(parts) == 1 and parts[0] is not None:
            name = parts[0]
            if name == "found" and name not in scope:
                if self.run.found is None:
                    raise NotModelled(f"FOUND after a statement the model could not follow is not "
                                      f"modelled{self.run.at()}")
                return self._checked(name, constant(self.run.found, "bool"))
            variable = scope.get(name)
            if variable is None and name in ("sqlstate", "sqlerrm") and self.run.caught:
                return self._checked(name, constant(self.run.variables()[name], "text"))
            if variable is None:
                return None
            if isinstance(variable.value, Record):
                raise NotModelled(f"a whole record ({name}) used in a statement is not modelled{self.run.at()}")
            return self._checked(name, constant(variable.value, _variable_type(variable)))
        if len(parts) == 2 and None not in parts and isinstance(getattr(scope.get(parts[0]), "value", None), Record):
            record = scope[parts[0]].value
            if parts[0] in self.relations:
                raise NotModelled(f"{parts[0]} names both a PL/pgSQL record and a relation of the statement: "
                                  f"not modelled{self.run.at()}")
            if record.fields is None:
                raise PgError(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, f'record "{record.name}" is not assigned yet')
            if parts[1] not in record.fields:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'record "{record.name}" has no field "{parts[1]}"')
            value = record.fields[parts[1]]
            return constant(value, _python_type(value))
        return None

    def _checked(self, name: str, node: Any) -> Any:
        if name in self.columns:
            raise NotModelled(f"{name} names both a PL/pgSQL variable and a column of a relation the statement "
                              f"reads: which one PostgreSQL takes (or 42702) is not modelled{self.run.at()}")
        return node


def _python_type(value: Any) -> str:
    if isinstance(value, Datum):
        return value.type
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int4" if -2**31 <= value < 2**31 else "int8"
    return "text"


def _names_in_scope(run: Any, node: Any) -> tuple[set[str], set[str]]:
    """The column names of the relations the statement names, and the names those relations answer to."""
    catalog = run.ctx.catalog
    columns: set[str] = set()
    relations: set[str] = set()
    for item in walk(node):
        if isinstance(item, ast.RangeVar):
            relations.add(item.relname)
            if item.alias is not None:
                relations.add(item.alias.aliasname)
            try:
                key = run.ctx.relation_key(item)
            except Exception:  # noqa: BLE001
                continue
            if key in catalog.tables:
                columns.update(c.name for c in catalog.tables[key].columns)
            elif key in catalog.views:
                raise NotModelled(f"a statement in a DO block reading the view {item.relname} is not modelled")
        elif isinstance(item, ast.RangeFunction) and item.alias is not None:
            relations.add(item.alias.aliasname)
            columns.update(c.sval for c in item.alias.colnames or ())
            columns.add(item.alias.aliasname)
    return columns, relations


def python_value(datum: Any) -> Any:
    """A seed value as the PL/pgSQL variables hold it: None, bool, int or text (the type's output)."""
    if isinstance(datum, KeptExpression):
        raise NotModelled(f"a volatile value ({datum.function}()) in a PL/pgSQL variable is not modelled")
    if datum.text is None:
        return None
    if datum.type == "bool":
        return datum.text == "t"
    if datum.type in _INTEGER:
        return int(datum.text)
    return datum.text


# ---- expressions over rows ----------------------------------------------------------------------------------


class RowsEvaluator(Evaluator):
    """The catalog evaluator, handing what reads user tables (or a record holding a row) to the seed evaluator."""

    def __init__(self, run: Any):
        super().__init__(run.ctx.catalog, variables=run.variables, where=run.at)
        self.run = run

    def expression(self, text: str) -> Any:
        return self._expression(text)

    def _rows_expression(self, text: str) -> Any | None:
        node = self._expression(text)
        return node if reads_rows(self.run, node) else None

    def datum(self, node: Any) -> Datum:
        try:
            holder = ast.ResTarget(val=substitute(self.run, node))
            _ScalarSubqueries(self.run)(holder)
            return Values(self.run.ctx).datum(holder.val)
        except NotModelled as e:
            raise NotModelled(f"{e}{self.run.at()}") from e

    def stored(self, text: str, column: Any) -> Any:
        """The value a row's column takes from a PL/pgSQL expression (volatile ones kept as the expression)."""
        node = substitute(self.run, self._expression(text))
        values = Values(self.run.ctx)
        try:
            return values.stored(values.value(node), column)
        except NotModelled as e:
            raise NotModelled(f"{e}{self.run.at()}") from e

    def evaluate(self, text: str) -> tuple[str, bool | None]:
        node = self._rows_expression(text)
        if node is None:
            return super().evaluate(text)
        result = self.datum(node)
        if result.type not in ("bool", "unknown"):
            raise PgError(SqlState.DATATYPE_MISMATCH, f"argument of IF must be type boolean, not type {result.type}")
        return " ".join(text.split()), None if result.text is None else result.text == "t"

    def value(self, text: str) -> Any:
        node = self._rows_expression(text)
        return super().value(text) if node is None else python_value(self.datum(node))

    def text_constant(self, text: str) -> str | None:
        node = self._rows_expression(text)
        return super().text_constant(text) if node is None else self.datum(node).text


class _ScalarSubqueries(pglast.visitors.Visitor):
    """(SELECT ...) in a PL/pgSQL expression (which has no outer row): replaced by its value. count(*) over the
    rows of a SELECT without GROUP BY is counted; another subquery must give one column and at most one row."""

    def __init__(self, run: Any):
        self.run = run

    def visit_SubLink(self, ancestors, node):
        if node.subLinkType.name != "EXPR_SUBLINK":
            return None
        select = node.subselect
        if not isinstance(select, ast.SelectStmt) or len(select.targetList or ()) != 1:
            raise NotModelled("this form of scalar subquery is not evaluated")
        target = select.targetList[0].val
        if _is_count(target):
            _, rows = query_rows(self.run, select, substituted=True, ordered=False)
            return constant(rows[0]["count"], "int8")
        if any(isinstance(i, ast.FuncCall) and names(i.funcname)[-1] in AGGREGATES for i in walk(target)):
            raise NotModelled("aggregates other than count(*) in a subquery are not evaluated")
        _, rows = query_rows(self.run, select, substituted=True, ordered=False)
        if len(rows) > 1:
            raise PgError(SqlState.CARDINALITY_VIOLATION, "more than one row returned by a subquery used as an "
                          "expression")
        if not rows:
            raise NotModelled("the NULL of a scalar subquery without rows is not typed by the model")
        (value,) = rows[0].values()
        return constant(value, _python_type(value))


def _is_count(node: Any) -> bool:
    return isinstance(node, ast.FuncCall) and names(node.funcname)[-1] == "count" and bool(node.agg_star) \
        and not (node.agg_distinct or node.agg_filter or node.over or node.agg_order)


AGGREGATES = ("count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or",
               "json_agg", "jsonb_agg", "every", "jsonb_object_agg", "json_object_agg")


# ---- queries ------------------------------------------------------------------------------------------------


def query_rows(run: Any, select: Any, substituted: bool = False, ordered: bool = True, first: bool = False
               ) -> tuple[list[str], list[dict[str, Any]]]:
    """The output names of a SELECT over user tables (variables substituted) and its rows, each as {output name:
    value}, in the order the server produces them. NotModelled where the model does not know that order and
    the caller depends on it: `ordered`, its whole order; `first`, which row comes first."""
    values = Values(run.ctx)
    if not substituted:
        select = substitute(run, select)
    targets = select.targetList or ()
    if len(targets) == 1 and _is_count(targets[0].val) and not select.groupClause and not select.havingClause:
        counted = copy.copy(select)
        counted.targetList = (ast.ResTarget(val=ast.A_Const(val=ast.Integer(ival=1))),)
        _, rows = query_rows(run, counted, substituted=True, ordered=False)
        return [targets[0].name or "count"], [{targets[0].name or "count": Datum("int8", str(len(rows)))}]
    try:
        rows = select_rows(values, select, ordered=ordered)
        if first and not ordered and len(rows) > 1 and reads_shuffled(values, select):
            raise NotModelled("more than one row, read in a scan order the model does not follow")
        columns = _output_names(values, select)
    except NotModelled as e:
        raise NotModelled(f"{e}{run.at()}") from e
    out = []
    for row in rows:
        if len(row) != len(columns):
            raise NotModelled(f"the columns of this query are not modelled{run.at()}")
        out.append(dict(zip(columns, row)))
    return columns, out


def _output_names(values: Values, select: Any) -> list[str]:
    if select.valuesLists:
        return [f"column{i}" for i in range(1, len(select.valuesLists[0]) + 1)]
    out = []
    for target in select.targetList or ():
        node = target.val
        if target.name:
            out.append(target.name)
        elif isinstance(node, ast.ColumnRef) and isinstance(node.fields[-1], ast.A_Star):
            qualifier = [f.sval for f in node.fields[:-1]]
            for source in from_items(values, select.fromClause):
                if not qualifier or qualifier[-1] in source.names:
                    out.extend(source.columns)
        elif isinstance(node, ast.ColumnRef):
            out.append(node.fields[-1].sval)
        elif isinstance(node, ast.FuncCall):
            out.append(names(node.funcname)[-1])
        elif isinstance(node, ast.TypeCast) and isinstance(node.arg, ast.ColumnRef):
            out.append(node.arg.fields[-1].sval)
        elif isinstance(node, ast.TypeCast):
            out.append(names(node.typeName.names)[-1])
        else:
            out.append("?column?")
    return out


def assign_row(run: Any, targets: Any, columns: list[str], row: dict[str, Any] | None) -> None:
    """INTO / FOR targets: a record takes the row; a list of variables its values in order (NULLs for no row)."""
    if row is None:
        row = {c: Datum("unknown", None) for c in columns}
    if isinstance(targets, Record):
        targets.fields = dict(row)
        return
    values = list(row.values())
    if len(values) != len(targets):
        raise NotModelled(f"an INTO or FOR target list of another length than the query's columns is not "
                          f"modelled{run.at()}")
    for variable, value in zip(targets, values):
        variable.value = variable.coerce(python_value(value) if isinstance(value, (Datum, KeptExpression)) else value)


# ---- what a block writes -----------------------------------------------------------------------------------

FUNCTION_WRITES: Any = None  # trigger.py: the tables a trigger function's own statements write (None: any)


def tables_written(ctx: Any, action: Any) -> set[str] | None:
    """The tables a PL/pgSQL tree's statements write, and those the triggers on them write (None: it EXECUTEs
    statements, or a trigger does, which could write any table)."""
    found = direct_writes(ctx, action)
    if found is None:
        return None
    seen: set[str] = set()
    todo = list(found)
    while todo:
        key = todo.pop()
        table = ctx.catalog.tables.get(key)
        for trigger in table.triggers if table is not None else ():
            if trigger.function in seen:
                continue
            seen.add(trigger.function)
            more = FUNCTION_WRITES(ctx, trigger.function) if FUNCTION_WRITES is not None else None
            if more is None:
                return None
            todo.extend(more - found)
            found |= more
    return found


def direct_writes(ctx: Any, action: Any) -> set[str] | None:
    """The tables a PL/pgSQL tree's own statements write (None: it EXECUTEs statements)."""
    found: set[str] = set()
    stack: list = [action]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "PLpgSQL_stmt_dynexecute" in item:
                return None
            query = item["PLpgSQL_expr"].get("query") if isinstance(item.get("PLpgSQL_expr"), dict) else None
            if isinstance(query, str):
                try:
                    raws = pglast.parse_sql(query)
                except ParseError:
                    raws = ()
                for raw in raws:
                    relation = getattr(raw.stmt, "relation", None)
                    if isinstance(raw.stmt, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)) or isinstance(
                            raw.stmt, ast.TruncateStmt):
                        relations = raw.stmt.relations if isinstance(raw.stmt, ast.TruncateStmt) else [relation]
                        for r in relations:
                            try:
                                found.add(ctx.relation_key(r))
                            except Exception:  # noqa: BLE001 (a name the model cannot resolve: any table)
                                return None
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


# ---- ROW_COUNT ----------------------------------------------------------------------------------------------

# The sentences of the DML handlers (handlers/insert.py, update.py, delete.py) carry the counts.
_COUNTS = (re.compile(r"inserted (\d+) rows? into .*?(?:, updated (\d+) \(ON CONFLICT\))?"),
           re.compile(r"updated (\d+) rows? of .*"), re.compile(r"deleted (\d+) rows? of .*"))


def row_count(node: Any, effects: list[Effect]) -> int | None:
    """The rows a statement processed, as SPI counts them (None: not known to the model)."""
    if not isinstance(node, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)):
        return None if isinstance(node, (ast.SelectStmt, ast.CreateTableAsStmt, ast.CopyStmt)) else 0
    for effect in effects:
        if effect.action == Action.ALTERED and effect.change == "rows":
            for pattern in _COUNTS:
                match = pattern.fullmatch(effect.sentence)
                if match:
                    return sum(int(g) for g in match.groups() if g)
    return None


def describe_row(row: dict[str, Any] | None) -> str:
    if row is None:
        return "no row"
    return ", ".join(f"{k} = {one_line_value(v)}" for k, v in row.items())


def one_line_value(value: Any) -> str:
    if isinstance(value, Datum):
        return "NULL" if value.text is None else repr(value.text)
    if isinstance(value, KeptExpression):
        return value.sql
    return repr(value)


__all__ = ["DML", "RowsEvaluator", "assign_row", "constant", "one_line", "parse_one", "python_value",
           "query_rows", "reads_rows", "row_count", "substitute"]
