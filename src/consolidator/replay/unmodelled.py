"""What a statement the model could not represent created, known by kind and name only.

The statement ran on the server, so its objects exist there. The model keeps their names (`Catalog.unmodelled`)
so that a later statement that uses one is reported as "the model cannot tell", never as a failure the server
would not have: `explains` turns such an error into that report. A view such a statement replaced is kept in the
model in its older version, whose query may read what the new one does not: `only_stale_views_object` tells when
only such views stand in the way of a DROP or ALTER.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from pglast import enums

from consolidator.errors import PgError, SqlState
from consolidator.model.names import split_key
from consolidator.parse.expressions import names
from consolidator.replay.context import ReplayContext

# The errors a missing object causes: relation, column, type or other object, function.
_MISSING = {SqlState.UNDEFINED_TABLE, SqlState.UNDEFINED_COLUMN, SqlState.UNDEFINED_OBJECT,
            SqlState.UNDEFINED_FUNCTION, SqlState.WRONG_OBJECT_TYPE}
# The errors a dependent object causes (2BP01; 0A000: a column type a view uses).
_DEPENDED_ON = {SqlState.DEPENDENT_OBJECTS_STILL_EXIST, SqlState.FEATURE_NOT_SUPPORTED}
_BLOCKED_BY_VIEWS = ("DropStmt", "AlterTableStmt")
_QUOTED = re.compile(r'"([^"]+)"|(?:function|type|relation) ([A-Za-z_][\w.$]*)')


def created_names(ctx: ReplayContext, node: Any) -> list[tuple[str, str]]:
    """(kind, name) of what the statement creates: relations and types by key, functions and triggers by bare
    name, columns as 'table key.column'."""
    kind = type(node).__name__
    rangevar = {"CreateStmt": "relation", "ViewStmt": "view", "CreateSeqStmt": "sequence",
                "CompositeTypeStmt": "typevar"}.get(kind)
    try:
        if rangevar is not None:
            return [("relation", ctx.relation_key(getattr(node, rangevar), create=True))]
        if kind == "CreateTableAsStmt":
            return [("relation", ctx.relation_key(node.into.rel, create=True))]
        if kind == "IndexStmt" and node.idxname:
            return [("relation", ctx.key(node.idxname, split_key(ctx.relation_key(node.relation))[0]))]
        if kind in ("CreateEnumStmt", "CreateRangeStmt"):
            return [("relation", ctx.creation_key(names(node.typeName)))]
        if kind == "CreateDomainStmt":
            return [("relation", ctx.creation_key(names(node.domainname)))]
        if kind == "DefineStmt" and node.kind == enums.ObjectType.OBJECT_TYPE:
            return [("relation", ctx.creation_key(names(node.defnames)))]
        if kind == "CreateFunctionStmt":
            return [("function", names(node.funcname)[-1])]
        if kind == "CreateTrigStmt":
            return [("trigger", node.trigname)]
        if kind == "CreateSchemaStmt" and node.schemaname:
            return [("schema", node.schemaname)]
        if kind == "AlterTableStmt":
            table = ctx.relation_key(node.relation)
            return [("column", f"{table}.{cmd.def_.colname}") for cmd in node.cmds or ()
                    if cmd.subtype == enums.AlterTableType.AT_AddColumn and cmd.def_ is not None]
    except PgError:
        return []  # e.g. no schema to create in: the statement created nothing the model can name
    return []


def explains(ctx: ReplayContext, error: PgError) -> str | None:
    """When a missing-object error names an object the model knows by name only, why the model cannot tell."""
    if error.sqlstate not in _MISSING or not (ctx.catalog.unmodelled or ctx.catalog.opaques):
        return None
    mentioned = {a or b for a, b in _QUOTED.findall(error.message)}
    mentioned |= {m.rpartition(".")[2] for m in mentioned}
    for obj in ctx.catalog.opaques.values():  # a foreign table is a relation whose columns the model does not hold
        if obj.kind == "foreign table" and obj.name in mentioned:
            return (f"{error.message}: but {obj.name} is a foreign table, kept as its statement without its columns, "
                    "so the model cannot tell whether the server would accept this")
    for known in ctx.catalog.unmodelled.values():
        bare = known.name.rpartition(".")[2]
        if bare in mentioned:
            where = known.provenance.created
            return (f"{error.message}: but {known.kind} {bare} was made by a statement the model could not represent "
                    f"({where.file}:{where.line}), so the model cannot tell whether the server would accept this")
    return None


def only_stale_views_object(ctx: ReplayContext, node: Any, error: PgError, rerun: Callable[[], Any]) -> str | None:
    """When a DROP or ALTER TABLE is refused only because of views that a statement the model could not represent
    replaced (the model holds their older query, and what it read), why the model cannot tell. `rerun` runs the
    statement again: it is tried without those views, and undone (DML is never tried twice: its sequence calls
    would stay)."""
    catalog = ctx.catalog
    if error.sqlstate not in _DEPENDED_ON or not catalog.unmodelled or type(node).__name__ not in _BLOCKED_BY_VIEWS:
        return None
    stale = [known for known in catalog.unmodelled.values() if known.kind == "relation" and known.name in catalog.views]
    if not stale:
        return None
    trial = catalog.savepoint()
    try:
        for known in stale:
            if known.name in catalog.views:  # a view of a view: the first one's CASCADE took it
                catalog.drop_view(known.name, cascade=True)
        rerun()
    except Exception:  # noqa: BLE001  (refused without them too, or the trial could not be made: the error stands)
        return None
    finally:
        catalog.rollback_to(trial)
    views = ", ".join(split_key(known.name)[1] for known in stale)
    where = stale[0].provenance.created
    return (f"{error.message}: but only because of view {views}, which a statement the model could not represent "
            f"replaced ({where.file}:{where.line}), so the model cannot tell whether the server would accept this")
