"""ALTER TYPE ... RENAME VALUE: the expressions that hold the old label follow it, as on the server.

The server keeps a default, a CHECK or an index predicate as a parse tree whose enum constants are the
label's oid, so they show the new label after the rename. The model keeps expressions as text: the
constants an enum column is compared with (`col = 'x'`, `col IN ('x', 'y')`), an enum column's literal
default and casts to the type are rewritten. An occurrence of the old label that is none of these cannot be
told apart from a plain string: the statement is reported as not modelled rather than guessed.
"""

from __future__ import annotations

from typing import Any, Iterator

import pglast
from pglast import ast, enums
from pglast.visitors import Visitor

from consolidator.errors import NotModelled
from consolidator.model.catalog import Catalog
from consolidator.model.keys import Kind, Ref, column_ref, constraint_ref
from consolidator.model.names import split_key
from consolidator.model.objects import COLUMN_PLACEHOLDER, Expr, Table
from consolidator.parse.expressions import names, to_expr

_COMPARISONS = {"=", "<>", "<", ">", "<=", ">="}


def retarget(catalog: Catalog, type_key: str, old: str, new: str) -> list[tuple[Ref, str, Expr]]:
    """(owner, slot, rewritten expression) for every expression holding the label `old` of the enum."""
    quoted = "'" + old.replace("'", "''") + "'"
    out = []
    for table in _tables_using(catalog, type_key):
        enum_columns = {c.name for c in table.columns if c.type_key == type_key and not c.type.is_array}
        for owner, slot, expr, is_value in _expressions(catalog, table, enum_columns):
            if quoted not in expr.template:
                continue
            rewritten = _rewrite(expr, enum_columns, type_key, old, new, is_value)
            if quoted in rewritten.template:
                raise NotModelled(f"RENAME VALUE of {old!r}: {owner} holds it where the model cannot tell it is the "
                                  "enum's label (only comparisons with an enum column, its default and casts are)")
            out.append((owner, slot, rewritten))
    return out


def _tables_using(catalog: Catalog, type_key: str) -> list[Table]:
    return [catalog.tables[key] for key in sorted({t.key for t, _ in catalog.columns_of_type(type_key)})]


def _expressions(catalog: Catalog, table: Table, enum_columns: set[str]) -> Iterator[tuple[Ref, str, Expr, bool]]:
    """(owner, slot, expression, whether the whole expression is a value of the enum) of the table."""
    uses = lambda expr: bool(set(expr.columns) & enum_columns)  # noqa: E731
    for c in table.columns:
        if c.default is not None and (c.name in enum_columns or uses(c.default)):
            yield column_ref(table.key, c.name), "default", c.default, c.name in enum_columns
        if c.generated is not None and uses(c.generated):
            yield column_ref(table.key, c.name), "generated", c.generated, False
    for c in table.constraints:
        if c.check is not None and uses(c.check):
            yield constraint_ref(table.key, c.name), "check", c.check, False
    for index in catalog.indexes_of(table.key):
        for i, element in enumerate(index.elements):
            if uses(element.expr):
                yield Ref(Kind.INDEX, index.key), f"element {i}", element.expr, False
        if index.where is not None and uses(index.where):
            yield Ref(Kind.INDEX, index.key), "where", index.where, False


def _rewrite(expr: Expr, enum_columns: set[str], type_key: str, old: str, new: str, is_value: bool) -> Expr:
    holder = _parse(expr.template)
    placeholders = {COLUMN_PLACEHOLDER.format(i) for i, name in enumerate(expr.columns) if name in enum_columns}
    type_name = split_key(type_key)[1]

    def is_enum_column(node: Any) -> bool:
        return isinstance(node, ast.ColumnRef) and names(node.fields)[-1:] != [] and names(node.fields)[-1] in placeholders

    def relabel(node: Any) -> None:
        if isinstance(node, ast.A_Const) and isinstance(node.val, ast.String) and node.val.sval == old:
            node.val = ast.String(sval=new)
        elif isinstance(node, ast.TypeCast):
            relabel(node.arg)

    class Relabel(Visitor):
        def visit_A_Expr(self, ancestors, node):
            op = names(node.name)
            if node.kind == enums.A_Expr_Kind.AEXPR_OP and len(op) == 1 and op[0] in _COMPARISONS:
                if is_enum_column(node.lexpr):
                    relabel(node.rexpr)
                elif is_enum_column(node.rexpr):
                    relabel(node.lexpr)
            elif node.kind == enums.A_Expr_Kind.AEXPR_IN and is_enum_column(node.lexpr):
                for item in node.rexpr or ():
                    relabel(item)

        def visit_TypeCast(self, ancestors, node):
            if names(node.typeName.names)[-1:] == [type_name] and not node.typeName.arrayBounds:
                relabel(node.arg)

    if is_value:
        relabel(holder.val)
    Relabel()(holder)
    rewritten = to_expr(holder.val)  # the old placeholders are its columns: map them back to the column names
    numbers = [name.removeprefix("__consolidator_col_").removesuffix("__") for name in rewritten.columns]
    return Expr(template=rewritten.template, columns=[expr.columns[int(n)] for n in numbers], calls=expr.calls)


def _parse(template: str) -> ast.ResTarget:
    (raw,) = pglast.parse_sql(f"SELECT {template}")
    return raw.stmt.targetList[0]
