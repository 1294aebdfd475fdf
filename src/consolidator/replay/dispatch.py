"""Find a statement's handler by key and run it (Alembic's Dispatcher): never an if/elif chain.

Handlers register themselves in `registry.STATEMENTS` when `consolidator.replay.handlers` is imported.
"""

from __future__ import annotations

from typing import Any

import consolidator.replay.psql  # noqa: F401  (registers what the parse did for psql, and what it could not follow)
from consolidator.replay.context import NotModelled, ReplayContext
from consolidator.replay.effects import Effect, as_list
from consolidator.replay.explicit_schema import require_named_schemas
from consolidator.replay.inheritance import check_hierarchy
from consolidator.replay.opaque import reconcile
from consolidator.replay.registry import STATEMENTS
from consolidator.replay.privileges import apply_default_privileges
from consolidator.replay.resolution import require_default_resolution

# What the statements not modelled yet are called in the report; until a later issue models them they are
# reported, never dropped.
_LATER = {
    "CreateTrigStmt": "CREATE TRIGGER",
    "InsertStmt": "INSERT",
    "UpdateStmt": "UPDATE",
    "DeleteStmt": "DELETE",
    "SelectStmt": "SELECT",
    "CreatePolicyStmt": "CREATE POLICY",
}


def statement_key(node: Any) -> object:
    """'CreateStmt', or ('DropStmt', 'OBJECT_TRIGGER') for the statements whose node many object kinds share."""
    name = type(node).__name__
    if name == "DropStmt":
        return (name, node.removeType.name)
    if name == "RenameStmt":
        return (name, node.renameType.name)
    if name in ("AlterObjectSchemaStmt", "AlterOwnerStmt"):
        return (name, node.objectType.name)
    if name == "AlterTableStmt" and node.objtype.name in ("OBJECT_TYPE", "OBJECT_FOREIGN_TABLE"):
        return (name, node.objtype.name)  # ALTER TYPE ... ATTRIBUTE, ALTER FOREIGN TABLE
    if name == "DefineStmt":  # CREATE AGGREGATE / OPERATOR / COLLATION / TEXT SEARCH ... / TYPE
        return (name, node.kind.name)
    if name == "AlterTableStmt" and node.cmds and all(c.subtype.name == "AT_ChangeOwner" for c in node.cmds):
        return (name, "OWNER")  # ALTER TABLE / VIEW / SEQUENCE ... OWNER TO (handlers/owner.py)
    return name


def dispatch(ctx: ReplayContext, node: Any) -> list[Effect]:
    """Apply one statement to the catalog; returns what it did."""
    key = statement_key(node)
    require_default_resolution(ctx, key if isinstance(key, str) else key[0], node)
    handler = STATEMENTS.get(key)
    if handler is None:
        if isinstance(key, tuple):
            verb = {"DropStmt": "DROP", "RenameStmt": "RENAME of", "AlterObjectSchemaStmt": "SET SCHEMA of",
                    "AlterOwnerStmt": "OWNER TO of", "DefineStmt": "CREATE",
                    "AlterTableStmt": "ALTER"}[key[0]]
            what = f"{verb} {key[1][7:]}"
        else:
            what = _LATER.get(key, key.removesuffix("Stmt"))
        raise NotModelled(f"{what} statements are not modelled yet")
    require_named_schemas(ctx, node)
    effects = as_list(handler(ctx, node))
    if ctx.catalog.default_acls:
        apply_default_privileges(ctx, effects)
    reconcile(ctx, node)  # the objects kept as their statements follow what this one did to what they use
    check_hierarchy(ctx, node)  # INHERITS: what reaches a parent's children is not modelled, DROP needs CASCADE
    return effects
