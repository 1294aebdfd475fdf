"""Files that cannot run in a transaction, and so are run statement by statement (autocommit), as their tools
run them: a file holding a statement PostgreSQL refuses inside a transaction block (25001), a file its tool's
own marker takes out of a transaction, or a file whose name marks it (`*.autocommit.*`, `*.notx.*`). The
model's replay and verify's psql replay both ask here, so that they run each file the same way."""

from __future__ import annotations

from typing import Any, Iterable

from consolidator.parse.postgres import Statement

__all__ = ["NAME_MARKERS", "outside_transaction", "refused_in_transaction"]

NAME_MARKERS = ("autocommit", "notx")
_ALWAYS = {"CreatedbStmt": "CREATE DATABASE", "DropdbStmt": "DROP DATABASE", "AlterSystemStmt": "ALTER SYSTEM",
           "CreateTableSpaceStmt": "CREATE TABLESPACE", "DropTableSpaceStmt": "DROP TABLESPACE"}


def refused_in_transaction(node: Any) -> str | None:
    """The statement's name as PostgreSQL's 25001 message gives it ('VACUUM cannot run inside a transaction
    block'), when the server refuses it inside a transaction block; else None."""
    kind = type(node).__name__
    if kind in _ALWAYS:
        return _ALWAYS[kind]
    if kind == "IndexStmt" and node.concurrent:
        return "CREATE INDEX CONCURRENTLY"
    if kind == "DropStmt" and getattr(node, "concurrent", False):
        return "DROP INDEX CONCURRENTLY"
    if kind == "ReindexStmt" and "concurrently" in {getattr(o, "defname", None) for o in node.params or ()}:
        return "REINDEX CONCURRENTLY"
    if kind == "AlterTableStmt" and any(getattr(getattr(c, "def_", None), "concurrent", False)
                                        for c in node.cmds or () if type(c.def_).__name__ == "PartitionCmd"):
        return "ALTER TABLE ... DETACH CONCURRENTLY"
    if kind == "VacuumStmt" and node.is_vacuumcmd:
        return "VACUUM"
    return None


def _marker(name: str) -> str | None:
    parts = name.rsplit("/", 1)[-1].lower().split(".")
    return next((m for m in NAME_MARKERS if m in parts[1:-1]), None)


def outside_transaction(name: str, statements: Iterable[Statement], *, tool_transaction: bool = True) -> str | None:
    """Why the file runs outside a transaction ("named *.notx.*", "line 3: CREATE INDEX CONCURRENTLY cannot run
    inside a transaction block"), or None when it runs in one as usual. `tool_transaction` False: its tool's own
    marker says so (dbmate's transaction:false, goose's NO TRANSACTION, Flyway's executeInTransaction=false,
    diesel's run_in_transaction = false), read by its layout."""
    if not tool_transaction:
        return "its tool runs it outside a transaction (the layout's own marker)"
    marker = _marker(name)
    if marker is not None:
        return f"named *.{marker}.*"
    for stmt in statements:
        what = refused_in_transaction(stmt.node) if stmt.node is not None else None
        if what is not None:
            where = f"line {stmt.span.line}" if stmt.span.file == name else f"{stmt.span}"
            return f"{where}: {what} cannot run inside a transaction block"
    return None
