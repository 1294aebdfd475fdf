"""transaction-mode: statements that cannot run the way their section runs: transaction control inside a
migration (the runner opens and commits its transaction), and statements PostgreSQL refuses inside a
transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, CREATE/DROP DATABASE, ALTER
SYSTEM) in a section that runs in one."""

from consolidator.runner.lint import nodes
from consolidator.runner.lint.finding import Rule

_NO_TRANSACTION = {"CreatedbStmt": "CREATE DATABASE", "DropdbStmt": "DROP DATABASE", "AlterSystemStmt": "ALTER SYSTEM"}


def check(folder):
    for a in folder.migrations:
        m = a.migration
        for section, statements in (("up", a.up), ("down", a.down), ("verify", a.verify)):
            transaction = m.down.transaction if section == "down" else m.up.transaction
            for stmt in statements:
                message = _problem(stmt, transaction, section)
                if message:
                    yield stmt.span.file, stmt.span.line, message


def _problem(stmt, transaction: bool, section: str) -> str | None:
    kind = nodes.kind(stmt)
    if kind == "TransactionStmt":
        return (f"{stmt.text.split()[0].upper()} in a migration: the runner runs each migration in a transaction of "
                "its own, and this would end it (or nest one)")
    if not transaction:
        return None
    node = stmt.node
    what = None
    if kind == "IndexStmt" and node.concurrent:
        what = "CREATE INDEX CONCURRENTLY"
    elif kind == "DropStmt" and node.concurrent:
        what = "DROP INDEX CONCURRENTLY"
    elif kind == "ReindexStmt" and "concurrently" in nodes.option_names(node.params):
        what = "REINDEX CONCURRENTLY"
    elif kind == "VacuumStmt" and node.is_vacuumcmd:
        what = "VACUUM"
    elif kind in _NO_TRANSACTION:
        what = _NO_TRANSACTION[kind]
    if what is None:
        return None
    mark = "up" if section == "verify" else section
    return f"{what} cannot run inside a transaction block: mark the section '-- migrate:{mark} transaction:false'"


RULE = Rule(
    id="transaction-mode",
    catches="BEGIN/COMMIT inside a migration, and CONCURRENTLY, VACUUM and the like in a section run in a transaction",
    hint="let the runner own the transaction; give such statements a migration of their own marked "
         "'transaction:false'",
    check=check,
)
