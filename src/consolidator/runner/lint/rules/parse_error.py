"""parse-error: a statement PostgreSQL 15's grammar rejects, or a psql meta-command, with file:line."""

from consolidator.parse.postgres import PsqlCommand
from consolidator.runner.lint.finding import Rule


def check(folder):
    for a in folder.migrations:
        for stmt in a.up + a.down + a.verify:
            if stmt.error is not None:
                yield stmt.span.file, stmt.span.line, f"{stmt.error.message} [{stmt.error.sqlstate}]"
            elif isinstance(stmt.node, PsqlCommand):
                yield stmt.span.file, stmt.span.line, f"psql meta-command \\{stmt.node.name} is not SQL"


RULE = Rule(
    id="parse-error",
    catches="statements PostgreSQL 15's grammar rejects, and psql meta-commands, with file:line",
    hint="fix the statement: the runner sends each statement to the server as written, and speaks SQL, not psql",
    check=check,
)
