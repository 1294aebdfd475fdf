"""The value of an expression where a statement computes it: over the rows in scope (query/scalar's evaluator),
with the sequence functions acting on the model, column defaults, and volatile values kept as expressions."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import ast
from pglast.visitors import Visitor

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.names import split_key
from consolidator.model.objects import Column, DomainType, EnumType, Table
from consolidator.model.rows import KeptExpression, Row
from consolidator.model.types import SqlType
from consolidator.parse.expressions import names, to_sql
from consolidator.pg15.functions import functions_named, volatility
from consolidator.query.scalar import Datum, analysed, assign, evaluate
from consolidator.replay.context import ReplayContext
from consolidator.replay.seed.regclass import regclass_parts
from consolidator.replay.volatility import mutable_parts

_SEQUENCE_FUNCTIONS = ("nextval", "setval", "currval")
# Random uuids never collide (122 random bits): two of them in a unique key are distinct, as on the server.
RANDOM_UUIDS = ("gen_random_uuid", "uuid_generate_v4")

Value = Datum | KeptExpression


def parse_expression(text: str) -> Any:
    (raw,) = pglast.parse_sql(f"SELECT {text}")
    return raw.stmt.targetList[0].val


def null_of(sql_type: SqlType) -> Datum:
    return Datum(sql_type.underlying.name, None)


@dataclass
class Relation:
    """A relation in scope: the names it answers to (its alias, else its name), its columns, the current row."""

    names: tuple[str, ...]
    columns: dict[str, SqlType]
    row: Row | None = None
    label: str = ""  # how messages name it


@dataclass
class Scope:
    relations: list[Relation] = field(default_factory=list)
    outer: "Scope | None" = None  # a subquery's: the query around it (a name not found here is looked up there)

    def raw(self, ref: ast.ColumnRef) -> tuple[Relation, str]:
        parts = [f.sval if isinstance(f, ast.String) else None for f in ref.fields]
        if None in parts:
            raise NotModelled("`*` in an expression is not evaluated")
        if self.outer is not None and not self._has(parts):
            return self.outer.raw(ref)
        if len(parts) == 1:
            found = [r for r in self.relations if parts[0] in r.columns]
            if not found:
                raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{parts[0]}" does not exist')
            if len(found) > 1:
                raise PgError(SqlState.AMBIGUOUS_COLUMN, f'column reference "{parts[0]}" is ambiguous')
            return found[0], parts[0]
        if len(parts) == 2:
            found = [r for r in self.relations if parts[0] in r.names]
            if not found:
                raise PgError(SqlState.UNDEFINED_TABLE, f'missing FROM-clause entry for table "{parts[0]}"')
            if parts[1] not in found[0].columns:
                raise PgError(SqlState.UNDEFINED_COLUMN, f"column {parts[0]}.{parts[1]} does not exist")
            return found[0], parts[1]
        raise NotModelled("column references with a schema or database name are not evaluated")

    def _has(self, parts: list[str]) -> bool:
        if len(parts) == 1:
            return any(parts[0] in r.columns for r in self.relations)
        return len(parts) == 2 and any(parts[0] in r.names for r in self.relations)

    def value(self, ref: ast.ColumnRef) -> Value:
        relation, column = self.raw(ref)
        if relation.row is None:
            raise NotModelled(f"column {column} has no row here")
        found = relation.row.get(column)
        return found if found is not None else null_of(relation.columns[column])

    def datum(self, ref: ast.ColumnRef) -> Datum:
        found = self.value(ref)
        if isinstance(found, KeptExpression):
            raise NotModelled(f"the value of column {ref.fields[-1].sval} is volatile ({found.function}()): "
                              "known only when the baseline runs")
        return found


def columns_of(table: Table) -> dict[str, SqlType]:
    return {c.name: c.type for c in table.columns}


class _Finder:
    """What an expression holds: column references, sequence calls, subqueries, the first other function."""

    def __init__(self) -> None:
        self.refs = False
        self.sequence_calls = False
        self.sublinks = False
        self.function: str | None = None

    def walk(self, node: Any) -> None:
        # a plain walk over the node's fields: pglast's Visitor costs what inspect.getmembers costs, per call
        if isinstance(node, (list, tuple)):
            for item in node:
                self.walk(item)
            return
        if not isinstance(node, ast.Node):
            return
        if isinstance(node, ast.ColumnRef):
            self.refs = True
        elif isinstance(node, ast.SubLink):
            self.sublinks = True
        elif isinstance(node, ast.FuncCall):
            name = names(node.funcname)[-1]
            if name in _SEQUENCE_FUNCTIONS:
                self.sequence_calls = True
            elif self.function is None:
                self.function = name
        elif isinstance(node, ast.SQLValueFunction) and self.function is None:
            self.function = node.op.name.removeprefix("SVFOP_").lower()
        for slot in node.__slots__:
            value = getattr(node, slot, None)
            if isinstance(value, (ast.Node, list, tuple)):
                self.walk(value)


_FOUND: dict[int, tuple[Any, _Finder]] = {}


def _find(node: Any) -> _Finder:
    finder = _Finder()
    if isinstance(node, ast.A_Const) or isinstance(node, ast.TypeCast) and isinstance(node.arg, ast.A_Const):
        return finder  # a constant (the common case): nothing to look for
    cached = _FOUND.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    finder.walk(node)
    if len(_FOUND) > 10_000:
        _FOUND.clear()
    _FOUND[id(node)] = (node, finder)  # the node is kept with it, so its id is not reused meanwhile
    return finder


class _StripRegclass(Visitor):
    """nextval('s'::regclass) -> nextval('s'): the name is resolved by the model, as regclassin would."""

    def visit_FuncCall(self, ancestors, node):
        args = list(node.args or ())
        if names(node.funcname)[-1] in _SEQUENCE_FUNCTIONS and args and isinstance(args[0], ast.TypeCast) \
                and names(args[0].typeName.names)[-1:] == ["regclass"] and isinstance(args[0].arg, ast.A_Const):
            args[0] = args[0].arg
            node.args = tuple(args)


class _Subqueries(Visitor):
    """EXISTS (SELECT ...) replaced by its value for the row in scope (sources.py evaluates the subquery)."""

    def __init__(self, values: "Values", scope: Scope):
        self.values, self.scope = values, scope

    def visit_SubLink(self, ancestors, node):
        if node.subLinkType.name != "EXISTS_SUBLINK" or self.values.exists is None:
            raise NotModelled(f"subqueries of the kind {node.subLinkType.name} are not evaluated yet")
        found = self.values.exists(self.values, node.subselect, self.scope)
        return ast.A_Const(val=ast.Boolean(boolval=found))


class Values:
    """Evaluates expressions for one statement (ctx: where it is, the catalog its sequences live in)."""

    # EXISTS (subquery) over the model's rows: sources.py sets it (it reads tables, which this module does not)
    exists = None
    # the history's LANGUAGE sql functions: functions.py sets it
    user_call = None

    def __init__(self, ctx: ReplayContext):
        self.ctx = ctx

    # ---- expressions --------------------------------------------------------------------------

    def value(self, node: Any, scope: Scope | None = None) -> Value:
        """The value of an expression; a volatile one without column references is kept as the expression."""
        found = _find(node)
        if not found.refs and not found.sequence_calls and not found.sublinks and found.function is not None \
                and mutable_parts(node, lambda _: None):
            return KeptExpression(to_sql(node), found.function, _never_null(node), _statement_stable(node))
        if isinstance(node, ast.ColumnRef) and scope is not None:
            held = scope.value(node)
            if isinstance(held, KeptExpression):
                relation, column = scope.raw(node)
                return _copied(held, column, relation.columns[column])
        return self.datum(node, scope)

    def datum(self, node: Any, scope: Scope | None = None) -> Datum:
        scope = scope or Scope()
        found = _find(node)
        if found.sequence_calls or found.sublinks:
            node = copy.deepcopy(node)
            holder = ast.ResTarget(val=node)
            if found.sequence_calls:
                _StripRegclass()(holder)
            if found.sublinks:
                _Subqueries(self, scope)(holder)
            node = holder.val
        return evaluate(node, scope.datum, self._call)

    def plan(self, scope: Scope, conditions: list[Any], assignments: list[tuple[Any, Column]],
             before_assignments: Any = None) -> None:
        """What the server does to a statement's expressions before it reads any row, so even when no row comes:
        parse analysis (the conditions first, then the SET expressions), then constant folding (the SET
        expressions, their constants assigned to their columns, then the conditions); `scope`'s relations need
        no row; `before_assignments()` checks the SET targets (after the conditions' analysis). Raises the server's
        error; what the model cannot analyse is left to the rows' evaluation."""
        def stand_in(ref: ast.ColumnRef) -> Datum:
            relation, column = scope.raw(ref)
            return null_of(relation.columns[column])

        if any(_find(n).sublinks for n in [*conditions, *(n for n, _ in assignments)]):
            return  # a subquery is analysed with its own FROM: left to the rows' evaluation
        try:
            typed_conditions = [analysed(n, stand_in, self._call, "WHERE") for n in conditions]
            if before_assignments is not None:
                before_assignments()
            typed_sets = [(analysed(n, stand_in, self._call), column) for n, column in assignments
                          if not isinstance(n, ast.SetToDefault)]
            for typed, column in typed_sets:
                typed.fold()
                if typed.foldable:
                    self.assigned(typed.value(), column.type, column.name)
            for typed in typed_conditions:
                typed.fold()
        except NotModelled:
            return

    def truth(self, node: Any, scope: Scope) -> bool:
        """A WHERE condition: only true counts (NULL and false do not)."""
        result = self.datum(node, scope)
        if result.text is None:
            return False
        if result.type != "bool":
            raise PgError(SqlState.DATATYPE_MISMATCH, f"argument of WHERE must be type boolean, not type {result.type}")
        return result.text == "t"

    def _call(self, node: ast.FuncCall, args: list[Datum]) -> Datum | None:
        function = names(node.funcname)
        name = function[-1]
        if function[:-1] in ([], ["pg_catalog"]) and name in _SEQUENCE_FUNCTIONS:
            return self._sequence_call(name, args)
        if self.ctx.catalog.has_function_named(name):
            if self.user_call is not None and not functions_named(name):  # (a built-in of the name may win)
                return self.user_call(self, node, args)
            raise NotModelled(f"calls to the history's function {name}() are not evaluated yet")
        return None

    def _sequence_call(self, name: str, args: list[Datum]) -> Datum:
        if not args or args[0].text is None or args[0].type not in ("unknown", "text", "varchar"):
            raise NotModelled(f"{name}() on something else than a sequence's name is not evaluated")
        parts = regclass_parts(args[0].text)
        if parts is None:
            raise NotModelled(f"{name}() of {args[0].text!r}: the name is not read by the model")
        key = self.ctx.key_of(parts)
        catalog = self.ctx.catalog
        if name == "nextval" and len(args) == 1:
            return Datum("int8", str(catalog.advance_sequence(key, self.ctx.span)))
        if name == "setval" and len(args) in (2, 3):
            value, called = args[1], args[2] if len(args) == 3 else Datum("bool", "t")
            if value.text is None or called.text is None:
                return Datum("int8", None)  # setval is strict
            if value.type not in ("int2", "int4", "int8") or called.type != "bool":
                raise NotModelled("setval() with arguments of other types is not evaluated")
            catalog.set_sequence_value(key, int(value.text), called.text == "t", self.ctx.span)
            return Datum("int8", value.text)
        raise NotModelled(f"{name}() here is not evaluated (it depends on the session's earlier calls)")

    # ---- columns ------------------------------------------------------------------------------

    def stored(self, value: Value, column: Column) -> Value:
        """The value a column holds once assigned (an assignment cast), a volatile value as it is."""
        if isinstance(value, KeptExpression):
            return value
        return self.assigned(value, column.type, column.name)

    def assigned(self, value: Datum, sql_type: SqlType, column: str) -> Datum:
        """An assignment cast, with the catalog's enum labels; a label ALTER TYPE ... ADD VALUE added in the open
        transaction cannot be stored yet (55P04), as on the server."""
        catalog = self.ctx.catalog
        stored = assign(value, sql_type, column, enum_labels=lambda t: list(catalog.enum(t.key).labels))
        key = sql_type.key
        if key is not None and stored.text is not None and isinstance(catalog.types.get(key), EnumType):
            if sql_type.is_array:
                if any(k == key for k, _ in catalog.uncommitted_labels()):
                    raise NotModelled(f"an array of {sql_type.sql} while labels added in this transaction are "
                                      "pending is not modelled")
            elif catalog.label_uncommitted(key, stored.text):
                raise PgError(SqlState.UNSAFE_NEW_ENUM_VALUE_USAGE,
                              f'unsafe use of new value "{stored.text}" of enum type {split_key(key)[1]}')
        return stored

    def default(self, table: Table, column: Column) -> Value:
        """What DEFAULT (or leaving the column out) stores: identity and serial values from their sequences."""
        sequence = column.identity_sequence or column.default_sequence
        if sequence is not None:
            value = Datum("int8", str(self.ctx.catalog.advance_sequence(sequence, self.ctx.span)))
            return self.stored(value, column)
        if column.generated is not None:
            return null_of(column.type)  # computed by generated() once the row is complete
        if column.default is not None:
            return self.stored(self.value(parse_expression(column.default.render())), column)
        domain = self.ctx.catalog.types.get(column.type.key or "") if column.type.origin == "catalog" else None
        if isinstance(domain, DomainType) and domain.default is not None:
            raise NotModelled(f"the default of domain {domain.key} (column {column.name}) is not evaluated yet")
        return null_of(column.type)

    def generated(self, table: Table, row: dict) -> dict:
        """The row with its generated columns computed from the others."""
        scope = Scope([Relation((table.key.partition(".")[2],), columns_of(table), row)])
        for column in table.columns:
            if column.generated is not None:
                value = self.stored(self.datum(parse_expression(column.generated.render()), scope), column)
                if value.text is None:
                    row.pop(column.name, None)
                else:
                    row[column.name] = value
        return row


def _copied(held: KeptExpression, column: str, sql_type: SqlType) -> KeptExpression:
    """A volatile value copied from a column (UPDATE t SET b = a): the same expression, cast to the type the
    column stored it as, so the copy equals the original when the baseline writes both in one statement."""
    if not held.statement_stable:
        raise NotModelled(f"the value of column {column} is volatile ({held.function}()): a copy of it would get "
                          "a value of its own when the baseline runs")
    return KeptExpression(f"CAST({held.sql} AS {sql_type.sql})", held.function, held.never_null, True)


def _statement_stable(node: Any) -> bool:
    """Every function the expression calls is stable or immutable in pg_catalog (value functions such as
    CURRENT_TIMESTAMP are: they read the transaction's start or the session)."""
    calls: list[Any] = []

    class Calls(Visitor):
        def visit_FuncCall(self, ancestors, n):
            calls.append(names(n.funcname))

    Calls()(ast.ResTarget(val=node))
    return all(len(name) <= 2 and name[:-1] in ([], ["pg_catalog"]) and volatility(name[-1]) in ("s", "i")
               for name in calls)


def is_constant(node: Any) -> bool:
    """Whether the planner folds the expression to a constant: no column, sequence call, subquery, or call that is
    not immutable."""
    found = _find(node)
    if found.refs or found.sequence_calls or found.sublinks:
        return False
    return found.function is None or not mutable_parts(node, lambda _: None)


def _never_null(node: Any) -> bool:
    """A built-in volatile function called on constants (now(), gen_random_uuid(), CURRENT_TIMESTAMP) is never
    NULL; anything else kept as an expression might be."""
    while isinstance(node, ast.TypeCast):
        node = node.arg
    if isinstance(node, ast.SQLValueFunction):
        return True
    return isinstance(node, ast.FuncCall) and all(isinstance(a, ast.A_Const) and not a.isnull for a in node.args or ())


def is_random_uuid(value: Any) -> bool:
    return isinstance(value, KeptExpression) and value.function in RANDOM_UUIDS and value.never_null
