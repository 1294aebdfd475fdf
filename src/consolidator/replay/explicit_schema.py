"""A DDL statement naming a relation in a schema that does not exist fails with 3F000 (the server looks the
schema up before the relation: RangeVarGetRelid, LookupExplicitNamespace), not with 42P01; with IF EXISTS it is
skipped, as the handlers already skip a missing relation. Queries (SELECT, INSERT, a view's query) say 42P01: parse
analysis looks the schema up with missing_ok, so they are not checked here."""

from __future__ import annotations

from typing import Any

from pglast import ast

from consolidator.errors import PgError, SqlState
from consolidator.parse.expressions import names
from consolidator.replay.context import ReplayContext

_SYSTEM = ("pg_catalog", "information_schema", "pg_toast", "pg_temp")
_WITH_RELATION = ("AlterTableStmt", "IndexStmt", "CreateTrigStmt", "CreatePolicyStmt", "AlterPolicyStmt",
                  "AlterSeqStmt", "RuleStmt", "RenameStmt", "AlterObjectSchemaStmt")
_RELATION_KINDS = ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE",
                   "OBJECT_FOREIGN_TABLE")
_ON_RELATION_KINDS = ("OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE", "OBJECT_COLUMN", "OBJECT_TABCONSTRAINT")


def require_named_schemas(ctx: ReplayContext, node: Any) -> None:
    if getattr(node, "missing_ok", False):
        return
    for schema in _schemas_named(node):
        if schema not in _SYSTEM and not ctx.catalog.schema_exists(schema) \
                and not ctx.catalog.knows_unmodelled("schema", schema):
            raise PgError(SqlState.UNDEFINED_SCHEMA, f'schema "{schema}" does not exist')


def _schemas_named(node: Any) -> list[str]:
    kind = type(node).__name__
    if kind in _WITH_RELATION:
        relation = getattr(node, "relation", None) or getattr(node, "sequence", None) or getattr(node, "table", None)
        return [relation.schemaname] if isinstance(relation, ast.RangeVar) and relation.schemaname else []
    if kind == "TruncateStmt":
        return [r.schemaname for r in node.relations or () if r.schemaname]
    if kind == "CreateStmt":
        parents = [r for r in node.inhRelations or ()]
        parents += [e.relation for e in node.tableElts or () if isinstance(e, ast.TableLikeClause)]
        return [r.schemaname for r in parents if r.schemaname]
    if kind == "DropStmt":
        return _qualifiers(node.removeType.name, node.objects or ())
    if kind == "CommentStmt":
        return _qualifiers(node.objtype.name, [node.object])
    return []


def _qualifiers(object_type: str, objects: Any) -> list[str]:
    """The schema each name of a DROP or COMMENT gives its relation (s.t, or s.t.col / s.t.trigger)."""
    depth = 2 if object_type in _RELATION_KINDS else 3 if object_type in _ON_RELATION_KINDS else 0
    out = []
    for obj in objects:
        parts = names(obj) if isinstance(obj, (list, tuple)) else []
        if depth and len(parts) == depth:
            out.append(parts[0])
    return out
