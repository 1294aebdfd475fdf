"""not-null-without-default: ALTER TABLE ... ADD COLUMN ... NOT NULL without a default, on a table that exists
before the migration. The model does not carry rows: a table that exists is taken to hold some (in production it
does), and the server then refuses the column (23502). A table the migration creates is empty."""

from consolidator.runner.lint import nodes
from consolidator.runner.lint.finding import Rule

_SERIALS = {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"}
_FILLED = {"CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED"}


def check(folder):
    for a in folder.migrations:
        for stmt in a.up:
            for table, sub, cmd in nodes.alter_commands(stmt):
                if sub != "AT_AddColumn" or a.table_before(table) is None:
                    continue
                col = cmd.def_
                kinds = nodes.constraint_kinds(col)
                type_name = col.typeName.names[-1].sval if col.typeName is not None else ""
                required = col.is_not_null or kinds & {"CONSTR_NOTNULL", "CONSTR_PRIMARY"}
                if required and not kinds & _FILLED and type_name not in _SERIALS:
                    name = table.removeprefix("public.")
                    yield (stmt.span.file, stmt.span.line, f"ADD COLUMN {name}.{col.colname} NOT NULL without a "
                           f"default fails when {name} has rows (it exists before this migration)")


RULE = Rule(
    id="not-null-without-default",
    catches="a NOT NULL column added without a default to a table that has rows",
    hint="give it a DEFAULT; or add it nullable, fill it, then SET NOT NULL in a later migration",
    check=check,
)
