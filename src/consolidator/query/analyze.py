"""Parse analysis of a query over the catalog, as far as the baseline needs it (views, materialized views):

- the relations and columns it reads (its dependencies), each replaced in the query by a numbered placeholder,
  so that renaming a table or a column later is a model operation, as the server's stored query tree follows
  them by oid;
- the columns it returns: names (an unnamed target gets the name the server gives it, written out so that it
  stays that name) and types where the model knows them; `*` is expanded, as the server stores it;
- the errors the server's parse analysis raises: 42P01, 42703, 42702.

What it does not analyse (functions in FROM, LATERAL, whole-row references, FULL JOIN ... USING) raises
NotModelled: the caller reports the statement instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from pglast import ast, enums
from pglast.stream import RawStream

from consolidator.errors import NotModelled, PgError, SqlState
from consolidator.model.types import SqlType
from consolidator.model.types import builtin as builtin_type
from consolidator.parse.colnames import target_name
from consolidator.parse.expressions import names
from consolidator.parse.tree import copy_tree
from consolidator.pg15 import system

REL = "__consolidator_rel_{}__"
COL = "__consolidator_col_{}__"
OUT = "__consolidator_out_{}__"
PLACEHOLDER = re.compile(r"__consolidator_(rel|col|out)_(\d+)__")


@dataclass
class Source:
    """A column a FROM item offers, or one the query returns."""

    name: str
    type: SqlType | None = None
    base: tuple[str, str] | None = None  # (relation key, column) of the catalog


@dataclass
class Relation:
    """A relation as the analyzer sees it: its key and its columns, in order."""

    key: str
    columns: list[tuple[str, SqlType | None]]


@dataclass
class _Item:
    refname: str | None  # what qualifies its columns; None for an unaliased join
    columns: list[Source]
    placeholder: str | None = None  # the REL placeholder of its relation name, when it has no alias
    hidden: set[str] = field(default_factory=set)  # merged by JOIN USING: not expanded by * (the left one stays)
    system: bool = False


@dataclass
class Analysis:
    template: str
    relations: list[str]  # REL placeholder N -> relation key
    columns: list[tuple[str, str]]  # COL placeholder N -> (relation key, column)
    outputs: list[Source]  # the result columns (OUT placeholder N names output N)
    calls: list[str]  # the functions it calls, as written


class Analyzer:
    """`relation(rangevar)` gives the catalog's relation (None for a system catalog view; PgError when missing);
    `type_of(typename)` resolves a cast's type (or None)."""

    def __init__(self, relation: Callable[[Any], Relation | None], type_of: Callable[[Any], SqlType | None]):
        self.relation = relation
        self.type_of = type_of
        self.relations: list[str] = []
        self.columns: list[tuple[str, str]] = []
        self.calls: list[str] = []

    def analyze(self, query: Any, parameters: tuple[str, list[str]] | None = None) -> Analysis:
        """`parameters`: (function name, parameter names) of a LANGUAGE sql body, which a name that is no
        column of the query's relations means (qualified by the function's name or not)."""
        tree = copy_tree(query)
        outer = [[_Item(parameters[0], [Source(p) for p in parameters[1]])]] if parameters else []
        outputs = self._query(tree, outer, {}, top=True)
        return Analysis(template=RawStream()(tree), relations=self.relations, columns=self.columns,
                        outputs=outputs, calls=self.calls)

    # ---- queries --------------------------------------------------------------------------------

    def _query(self, node: Any, parents: list[list[_Item]], ctes: dict[str, list[Source]], top: bool = False
               ) -> list[Source]:
        if not isinstance(node, ast.SelectStmt):
            raise NotModelled(f"a {type(node).__name__} in a view's query is not modelled")
        ctes = self._with(node.withClause, parents, ctes)
        if node.op != enums.SetOperation.SETOP_NONE:
            left = self._query(node.larg, parents, ctes, top)
            right = self._query(node.rarg, parents, ctes)
            if len(left) != len(right):
                word = {enums.SetOperation.SETOP_UNION: "UNION", enums.SetOperation.SETOP_INTERSECT: "INTERSECT",
                        enums.SetOperation.SETOP_EXCEPT: "EXCEPT"}[node.op]
                raise PgError(SqlState.SYNTAX_ERROR, f"each {word} query must have the same number of columns")
            return [Source(a.name, a.type if a.type == b.type else None) for a, b in zip(left, right)]
        if node.valuesLists:
            for row in node.valuesLists:
                for value in row:
                    self._expr(value, [], parents, ctes)
            return [Source(f"column{i + 1}") for i in range(len(node.valuesLists[0]))]
        entries = [self._from(f, parents, ctes) for f in node.fromClause or ()]
        scope = [item for items, _ in entries for item in items]
        stars = [pair for _, star in entries for pair in star]
        outputs = self._targets(node, scope, stars, parents, ctes, top)
        for clause in (node.whereClause, node.havingClause, node.limitCount, node.limitOffset):
            self._expr(clause, scope, parents, ctes)
        output_names = {o.name for o in outputs}
        for clause in (node.groupClause, node.distinctClause):
            for item in clause or ():
                self._expr(item, scope, parents, ctes, output_names)
        for sort in node.sortClause or ():
            if not (_bare_name(sort.node) in output_names):  # ORDER BY a name prefers the output column
                self._expr(sort.node, scope, parents, ctes, output_names)
        for window in node.windowClause or ():
            self._expr(window, scope, parents, ctes)
        return outputs

    def _with(self, with_clause: Any, parents: list[list[_Item]], ctes: dict[str, list[Source]]) -> dict:
        if with_clause is None:
            return ctes
        ctes = dict(ctes)
        for cte in with_clause.ctes:
            query = cte.ctequery
            aliases = names(cte.aliascolnames)
            if with_clause.recursive and isinstance(query, ast.SelectStmt) and query.op != enums.SetOperation.SETOP_NONE:
                first = self._query(query.larg, parents, ctes)
                ctes[cte.ctename] = _renamed(first, aliases)
                outputs = [Source(s.name, s.type) for s in first]
                self._query(query.rarg, parents, ctes)
            else:
                outputs = self._query(query, parents, ctes)
            ctes[cte.ctename] = _renamed([Source(s.name, s.type) for s in outputs], aliases)
        return ctes

    # ---- FROM -------------------------------------------------------------------------------------

    def _from(self, node: Any, parents: list[list[_Item]], ctes: dict[str, list[Source]]) -> tuple[list, list]:
        """(the items its columns are found in, the (item, column) pairs `*` expands to, in order)."""
        if isinstance(node, ast.RangeVar):
            item = self._range_var(node, ctes)
        elif isinstance(node, ast.RangeSubselect):
            if node.lateral:
                raise NotModelled("LATERAL subqueries in a view are not modelled yet")
            outputs = self._query(node.subquery, parents, ctes)
            alias = node.alias.aliasname if node.alias else None
            cols = _renamed([Source(o.name, o.type) for o in outputs], names(node.alias.colnames) if node.alias else [])
            item = _Item(alias, cols)
        elif isinstance(node, ast.JoinExpr):
            return self._join(node, parents, ctes)
        else:
            raise NotModelled(f"{type(node).__name__} in FROM is not modelled yet (functions, VALUES, LATERAL)")
        return [item], [(item, c) for c in item.columns]

    def _range_var(self, node: Any, ctes: dict[str, list[Source]]) -> _Item:
        alias = node.alias.aliasname if node.alias else None
        colnames = names(node.alias.colnames) if node.alias else []
        if node.schemaname is None and node.relname in ctes:
            return _Item(alias or node.relname, _renamed(list(ctes[node.relname]), colnames))
        relation = self.relation(node)
        if relation is None:  # a system catalog: known columns, no dependency
            schema = node.schemaname or "pg_catalog"
            columns = system.columns(schema, node.relname) or ()
            return _Item(alias or node.relname, [Source(c) for c, _ in columns], system=True)
        placeholder = REL.format(len(self.relations))
        self.relations.append(relation.key)
        written = node.relname
        node.relname, node.schemaname, node.catalogname = placeholder, None, None
        columns = [Source(name, sql_type, (relation.key, name)) for name, sql_type in relation.columns]
        return _Item(alias or written, _renamed(columns, colnames, keep_base=True),
                     placeholder=None if alias else placeholder)

    def _join(self, node: Any, parents: list[list[_Item]], ctes: dict[str, list[Source]]) -> tuple[list, list]:
        left, left_star = self._from(node.larg, parents, ctes)
        right, right_star = self._from(node.rarg, parents, ctes)
        items, star = left + right, left_star + right_star
        using = names(node.usingClause)
        if node.isNatural:
            left_names = {c.name for _, c in left_star}
            using = [c.name for _, c in right_star if c.name in left_names]
        if using:
            if node.jointype == enums.JoinType.JOIN_FULL:
                raise NotModelled("FULL JOIN ... USING in a view is not modelled yet")
            (keep, keep_star), drop = ((right, right_star), left) if node.jointype == enums.JoinType.JOIN_RIGHT \
                else ((left, left_star), right)
            merged = []
            for name in using:
                for side, word in ((left_star, "left"), (right_star, "right")):
                    if not any(c.name == name for _, c in side):
                        raise PgError(SqlState.UNDEFINED_COLUMN,
                                      f'column "{name}" specified in USING clause does not exist in {word} table')
                merged.append(next((i, c) for i, c in keep_star if c.name == name))
                for item in drop:
                    item.hidden.add(name)
            # USING columns first, then the rest of the left side, then the rest of the right side (expandRTE)
            star = merged + [(i, c) for i, c in left_star + right_star if c.name not in using]
            del keep
        if node.quals is not None:
            self._expr(node.quals, items, parents, ctes)
        if node.alias is not None:
            joined = _Item(node.alias.aliasname,
                           _renamed([c for _, c in star], names(node.alias.colnames), keep_base=True))
            return [joined], [(joined, c) for c in joined.columns]
        return items, star

    # ---- the target list ---------------------------------------------------------------------------

    def _targets(self, node: Any, scope: list[_Item], stars: list, parents: list[list[_Item]], ctes: dict,
                 top: bool) -> list[Source]:
        outputs: list[Source] = []
        targets = []
        for target in node.targetList or ():
            star = _star(target.val)
            if star is not None:
                for item, source in self._expand(star, scope, stars):
                    ref = self._reference(item, source, [])
                    targets.append(ast.ResTarget(val=ref))
                    outputs.append(Source(source.name, source.type, source.base))
                continue
            name = target.name or target_name(target.val)  # before its references become placeholders
            sql_type, base = self._expr(target.val, scope, parents, ctes)
            targets.append(target)
            outputs.append(Source(name, sql_type, base))
        for i, target in enumerate(targets):
            target.name = OUT.format(i) if top else outputs[i].name
        node.targetList = tuple(targets)
        return outputs

    def _expand(self, qualifier: list[str], scope: list[_Item], stars: list) -> list[tuple[_Item, Source]]:
        if not qualifier:
            if not scope:
                raise PgError(SqlState.SYNTAX_ERROR, "SELECT * with no tables specified is not valid")
            return stars
        item = self._item(qualifier, [scope])
        return [(item, c) for c in item.columns]

    # ---- expressions ---------------------------------------------------------------------------------

    def _expr(self, node: Any, scope: list[_Item], parents: list[list[_Item]], ctes: dict,
              output_names: set[str] = frozenset()) -> tuple[SqlType | None, tuple[str, str] | None]:
        """Resolve every column reference and subquery of `node` in place; returns (type, base column) when
        `node` itself is a column reference or a cast the model can type."""
        if node is None:
            return None, None
        if isinstance(node, ast.ColumnRef):
            return self._column_ref(node, scope, parents, output_names)
        if isinstance(node, ast.TypeCast):
            self._expr(node.arg, scope, parents, ctes, output_names)
            return self.type_of(node.typeName), None
        if isinstance(node, ast.A_Const):
            return _constant_type(node), None
        if isinstance(node, ast.SubLink):
            self._query(node.subselect, [scope] + parents, ctes)
            self._expr(node.testexpr, scope, parents, ctes)
            return None, None
        if isinstance(node, ast.FuncCall):
            name = ".".join(names(node.funcname))
            if name not in self.calls:
                self.calls.append(name)
        for child in _children(node):
            self._expr(child, scope, parents, ctes, output_names)
        return None, None

    def _column_ref(self, node: Any, scope: list[_Item], parents: list[list[_Item]], output_names: set[str]):
        fields = list(node.fields or ())
        if any(not isinstance(f, ast.String) for f in fields):
            raise NotModelled("a whole-row or * reference outside the select list is not modelled")
        parts = [f.sval for f in fields]
        scopes = [scope] + parents
        if len(parts) == 1:
            name = parts[0]
            for level in scopes:
                matches = [(i, c) for i in level for c in i.columns if c.name == name and c.name not in i.hidden]
                if len(matches) > 1:
                    raise PgError(SqlState.AMBIGUOUS_COLUMN, f'column reference "{name}" is ambiguous')
                if matches:
                    item, source = matches[0]
                    node.fields = tuple(self._reference(item, source, []).fields)
                    return source.type, source.base
                if any(i.refname == name for i in level):
                    raise NotModelled("a whole-row reference in a view is not modelled yet")
            if name in output_names:
                return None, None
            raise PgError(SqlState.UNDEFINED_COLUMN, f'column "{name}" does not exist')
        item = self._item(parts[:-1], scopes)
        name = parts[-1]
        source = next((c for c in item.columns if c.name == name), None)
        if source is None:
            raise PgError(SqlState.UNDEFINED_COLUMN, f"column {'.'.join(parts)} does not exist")
        node.fields = tuple(self._reference(item, source, parts[:-1]).fields)
        return source.type, source.base

    def _item(self, qualifier: list[str], scopes: list[list[_Item]]) -> _Item:
        name = qualifier[-1]
        for level in scopes:
            found = [i for i in level if i.refname == name]
            if len(found) > 1:
                raise PgError(SqlState.AMBIGUOUS_ALIAS, f'table reference "{name}" is ambiguous')
            if found:
                return found[0]
        raise PgError(SqlState.UNDEFINED_TABLE, f'missing FROM-clause entry for table "{name}"')

    def _reference(self, item: _Item, source: Source, qualifier: list[str]) -> Any:
        """A ColumnRef to `source` of `item`, written with placeholders for what the catalog may rename."""
        if source.base is not None:
            column = COL.format(len(self.columns))
            self.columns.append(source.base)
        else:
            column = source.name
        prefix = item.placeholder or item.refname
        fields = [ast.String(sval=prefix)] if prefix else []
        return ast.ColumnRef(fields=tuple(fields + [ast.String(sval=column)]))


def _renamed(sources: list[Source], aliases: list[str], keep_base: bool = True) -> list[Source]:
    """Column aliases (t AS x (a, b)) rename the first columns."""
    out = []
    for i, s in enumerate(sources):
        out.append(Source(aliases[i] if i < len(aliases) else s.name, s.type, s.base if keep_base else None))
    return out


def _star(node: Any) -> list[str] | None:
    """The qualifier of `*` or `t.*` in a select list, else None."""
    if isinstance(node, ast.ColumnRef) and node.fields and isinstance(node.fields[-1], ast.A_Star):
        return [f.sval for f in node.fields[:-1]]
    return None


def _bare_name(node: Any) -> str | None:
    if isinstance(node, ast.ColumnRef) and len(node.fields or ()) == 1 and isinstance(node.fields[0], ast.String):
        return node.fields[0].sval
    return None


def _constant_type(node: Any) -> SqlType | None:
    if node.isnull:
        return None
    return {ast.Integer: builtin_type("int4"), ast.Float: builtin_type("numeric"), ast.Boolean: builtin_type("bool"),
            ast.String: builtin_type("text")}.get(type(node.val))


def _children(node: Any) -> list[Any]:
    """The direct child nodes of an expression node (lists flattened)."""
    out = []
    if isinstance(node, (list, tuple)):
        for item in node:
            out += _children(item) if isinstance(item, (list, tuple)) else [item]
        return out
    if not isinstance(node, ast.Node):
        return out
    for name in node.__slots__:
        value = getattr(node, name, None)
        if isinstance(value, ast.Node):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out += _children(value)
    return out


def render(template: str, relations: list[str], columns: list[tuple[str, str]], outputs: list[str],
           relation_sql: Callable[[str], str], column_sql: Callable[[str], str]) -> str:
    """The query's SQL: placeholders replaced by the current names of what they stand for."""
    def sub(m: re.Match) -> str:
        kind, n = m.group(1), int(m.group(2))
        if kind == "rel":
            return relation_sql(relations[n])
        if kind == "col":
            return column_sql(columns[n][1])
        return column_sql(outputs[n])
    return PLACEHOLDER.sub(sub, template)
