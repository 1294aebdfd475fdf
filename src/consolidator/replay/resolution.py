"""Names inside stored expressions under a search_path other than the default.

The server resolves a function call or a cast inside a default, check, index expression, view or trigger
condition when the object is created, and keeps what it found. The model keeps such expressions as text and
the baseline is applied with the default search_path, where an unqualified name may mean something else (or
nothing). Rather than guess, a statement that stores an expression naming an unqualified function (other than
PostgreSQL's own) or an unqualified type that is not built in, while the search_path is not the default, is
reported as not modelled. Relation names need no check: views and defaults hold them resolved.
"""

from __future__ import annotations

from typing import Any

from pglast import ast
from pglast.visitors import Visitor

from consolidator.parse.expressions import names
from consolidator.parse.types import builtin_sql_type, type_spec
from consolidator.pg15 import functions as pg15_functions
from consolidator.replay.context import NotModelled, ReplayContext

# The statements that store expressions (their own or inside a command).
EXPRESSION_STATEMENTS = frozenset({
    "CreateStmt", "AlterTableStmt", "IndexStmt", "ViewStmt", "CreateTableAsStmt", "CreateTrigStmt",
    "CreateDomainStmt", "AlterDomainStmt", "CreatePolicyStmt", "AlterPolicyStmt", "RuleStmt",
})


class _Unqualified(Visitor):
    def __init__(self) -> None:
        self.found: list[str] = []

    def visit_FuncCall(self, ancestors, node):
        parts = names(node.funcname)
        if len(parts) == 1 and not pg15_functions.functions_named(parts[0], "pg_catalog"):
            self.found.append(f"function {parts[0]}()")

    def visit_TypeCast(self, ancestors, node):
        spec = type_spec(node.typeName)
        if spec.schema is None and spec.serial_of is None and builtin_sql_type(spec) is None:
            self.found.append(f"type {spec.name}")


def require_default_resolution(ctx: ReplayContext, statement_kind: str, node: Any) -> None:
    if ctx.session is None or ctx.session.is_default or statement_kind not in EXPRESSION_STATEMENTS:
        return
    visitor = _Unqualified()
    visitor(ast.RawStmt(stmt=node))
    if visitor.found:
        path = ", ".join(ctx.session.effective) or "(empty)"
        raise NotModelled(f"an expression names {visitor.found[0]} unqualified while search_path is {path}: the "
                          "baseline could not tell which object it means")
