"""Running a section's statements on the live database, one at a time, so that an error names its file and line.

Statements are split as psql splits them (parse/postgres.py) and each is sent as it is written: the server
judges every one of them. A migration's own transaction control or psql meta-commands are refused before
anything runs: the runner opens and closes the transaction, and it speaks SQL, not psql.
"""

from __future__ import annotations

import psycopg

from consolidator.errors import InputError
from consolidator.parse.postgres import PsqlCommand, Statement
from consolidator.runner.connection import Database, DatabaseError, first_line

BOOL_OID = 16


class StepFailed(Exception):
    """A statement the server rejected, or a verify query that did not hold: `where` is file:line."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
        self.ran = 0  # statements of the section that ran before this one
        self.partial = False  # outside a transaction: something ran before it, and stays


def refuse_unrunnable(statements: list[Statement], in_transaction: bool) -> None:
    for stmt in statements:
        if isinstance(stmt.node, PsqlCommand):
            raise InputError(f"{stmt.span}: psql meta-command \\{stmt.node.name}: the runner sends SQL to the server, "
                             "not psql commands")
        if in_transaction and type(stmt.node).__name__ == "TransactionStmt":
            raise InputError(f"{stmt.span}: {stmt.text.split()[0].upper()} inside a migration: the runner runs each "
                             "migration in a transaction of its own (mark it '-- migrate:up transaction:false' to "
                             "run it statement by statement instead)")


def run(db: Database, conn: psycopg.Connection, statements: list[Statement]) -> int:
    """Execute each statement; returns how many ran. StepFailed at the first the server rejects."""
    done = 0
    for stmt in statements:
        if stmt.node is None and stmt.error is None:
            continue  # nothing but comments
        try:
            conn.execute(stmt.text)
        except psycopg.Error as e:
            failure = _failure(db, conn, stmt, e)
            if isinstance(failure, StepFailed):
                failure.ran = done
            raise failure from None
        done += 1
    return done


def check(db: Database, conn: psycopg.Connection, statements: list[Statement]) -> None:
    """The verify section: each query must return at least one row, and a single boolean must be true."""
    for stmt in statements:
        if stmt.node is None and stmt.error is None:
            continue
        try:
            cur = conn.execute(stmt.text)
            row = cur.fetchone() if cur.description is not None else None
        except psycopg.Error as e:
            raise _failure(db, conn, stmt, e) from None
        if cur.description is None:
            raise StepFailed(str(stmt.span), "verify: this statement returns no rows: the verify section holds queries")
        if row is None:
            raise StepFailed(str(stmt.span), "verify: the query returned no rows")
        if len(row) == 1 and cur.description[0].type_code == BOOL_OID and row[0] is not True:
            raise StepFailed(str(stmt.span), f"verify: the query returned {'NULL' if row[0] is None else 'false'}")


def _failure(db: Database, conn: psycopg.Connection, stmt: Statement, e: psycopg.Error) -> Exception:
    if conn.broken or isinstance(e, psycopg.OperationalError) and e.sqlstate is None:
        return DatabaseError(db.scrub(f"lost the connection to {db.shown} at {stmt.span}: {first_line(e)} (the server "
                                      "rolls back the open transaction)"))
    diag = e.diag
    line = stmt.span.line
    position = diag.statement_position
    if position and position.isdigit():
        line += stmt.text[: int(position) - 1].count("\n")
    message = diag.message_primary or first_line(e)
    hint = f" (hint: {diag.message_hint})" if diag.message_hint else ""
    detail = f" ({diag.message_detail})" if diag.message_detail else ""
    return StepFailed(f"{stmt.span.file}:{line}", db.scrub(f"{e.sqlstate or 'error'}: {message}{detail}{hint}"))
