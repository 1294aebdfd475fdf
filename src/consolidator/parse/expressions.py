"""Turn expression parse trees into the model's `Expr`: SQL text with column references as placeholders."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pglast import ast
from pglast.printers import dml, node_printer
from pglast.stream import RawStream
from pglast.visitors import Visitor

from consolidator.model.objects import COLUMN_PLACEHOLDER, Expr
from consolidator.parse.tree import copy_tree


class _ColumnCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.calls: list[str] = []

    def visit_FuncCall(self, ancestors, node):
        name = ".".join(names(node.funcname))
        if name not in self.calls:
            self.calls.append(name)
        return None

    def visit_ColumnRef(self, ancestors, node):
        fields = node.fields or ()
        if len(fields) == 1 and isinstance(fields[0], ast.String):
            self.columns.append(fields[0].sval)
            return ast.ColumnRef(fields=(ast.String(sval=COLUMN_PLACEHOLDER.format(len(self.columns) - 1)),))
        return None


_POSTFIX_SAFE = (ast.ColumnRef, ast.FuncCall, ast.A_ArrayExpr)


@node_printer(ast.TypeCast, override=True)
def _readable_type_cast(node, output):
    """'{}'::jsonb rather than pglast's CAST('{}' AS jsonb): the same tree, in the form people write."""
    arg = node.arg
    is_string = isinstance(arg, ast.A_Const) and isinstance(arg.val, ast.String)
    if is_string or isinstance(arg, _POSTFIX_SAFE):
        if is_string and names(node.typeName.names) == ["pg_catalog", "bpchar"] and node.typeName.typmods is None:
            dml.type_cast(node, output)  # pglast's special form for the bare char type
            return
        output.print_node(arg)
        output.write("::")
        output.print_node(node.typeName)
        return
    dml.type_cast(node, output)


def to_sql(node: Any) -> str:
    return RawStream()(node)


def to_expr(node: Any) -> Expr:
    """An expression tree as `Expr`. Qualified references (t.col) are kept as they are written."""
    key = _shape(node)
    known = _EXPRS.get(key) if key is not None else None
    if known is None:
        tree = copy_tree(node)
        collector = _ColumnCollector()
        # The visitor replaces nodes inside their parent; wrap so that a bare column is replaced too.
        holder = ast.ResTarget(val=tree)
        collector(holder)
        known = (to_sql(holder.val), tuple(collector.columns), tuple(collector.calls))
        if key is not None:
            if len(_EXPRS) >= _EXPRS_MAX:
                _EXPRS.clear()
            _EXPRS[key] = known
    template, columns, calls = known
    return Expr(template=template, columns=list(columns), calls=list(calls))


# The same expression text is printed once: defaults, checks and seed values repeat across a history, and printing
# with pglast was a tenth of building 5,000 tables. Keyed by the tree's shape (every field but a node's `location`,
# an offset the printer does not read), so a hit is the same tree as far as the printer and the collector can tell.
_EXPRS: dict[Any, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
_EXPRS_MAX = 100_000
_ATOMS = (str, int, bool, type(None))


def _shape(value: Any) -> Any:
    """A hashable image of a parse tree without its locations, or None when a field is of a kind it does not
    know (that expression is printed every time)."""
    kind = type(value)
    if kind in _ATOMS:
        return (bool, value) if kind is bool else value  # True would equal 1
    if kind is tuple:
        out = []
        for item in value:
            shaped = _shape(item)
            if shaped is None and item is not None:
                return None
            out.append(shaped)
        return tuple(out)
    if isinstance(value, ast.Node):
        out = [kind]
        for name in kind.__slots__:
            item = getattr(value, name, None)
            if name == "location" and type(item) is int:  # an offset in the source, not printed
                continue
            shaped = _shape(item)
            if shaped is None and item is not None:
                return None
            out.append(shaped)
        return tuple(out)
    if isinstance(value, Enum):
        return kind, value.value
    return None


def column_expr(name: str) -> Expr:
    return Expr(template=COLUMN_PLACEHOLDER.format(0), columns=[name])


def string_value(node: Any) -> str | None:
    """The text of a string constant node (A_Const of String), else None."""
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.String):
        return node.val.sval
    if isinstance(node, ast.String):
        return node.sval
    return None


def int_value(node: Any) -> int | None:
    if isinstance(node, ast.A_Const):
        node = node.val
    if isinstance(node, ast.Integer):
        return node.ival
    if isinstance(node, ast.Float):
        try:
            return int(node.fval)
        except ValueError:
            return None
    return None


def names(nodes: Any) -> list[str]:
    return [n.sval for n in (nodes or ()) if isinstance(n, ast.String)]
