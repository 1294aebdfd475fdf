"""Reading pglast statement nodes for the rules: relation keys, ALTER TABLE sub-commands, constraint kinds."""

from __future__ import annotations

from typing import Any, Iterator

from consolidator.model.names import DEFAULT_SCHEMA, qualify
from consolidator.parse.postgres import Statement


def kind(stmt: Statement) -> str:
    return type(stmt.node).__name__ if stmt.node is not None else ""


def relation_key(rangevar: Any) -> str:
    return qualify(rangevar.schemaname or DEFAULT_SCHEMA, rangevar.relname)


def name_key(parts: Any) -> str:
    """A DROP statement's object name (a tuple of String nodes) as a key."""
    names = [p.sval for p in parts]
    return qualify(names[-2] if len(names) > 1 else DEFAULT_SCHEMA, names[-1])


def alter_commands(stmt: Statement) -> Iterator[tuple[str, str, Any]]:
    """(table key, sub-command name such as 'AT_AddColumn', command) of an ALTER TABLE."""
    if kind(stmt) != "AlterTableStmt":
        return
    table = relation_key(stmt.node.relation)
    for cmd in stmt.node.cmds or ():
        yield table, cmd.subtype.name, cmd


def constraint_kinds(column_def: Any) -> set[str]:
    return {c.contype.name for c in (column_def.constraints or ())}


def option_names(options: Any) -> set[str]:
    return {getattr(o, "defname", None) for o in (options or ())}
