"""destructive: up statements that destroy stored data: DROP TABLE, ALTER TABLE ... DROP COLUMN, TRUNCATE, and
type changes that narrow a column (values may no longer fit). Only objects that exist before the migration count:
what the migration itself just created holds nothing yet."""

from consolidator.runner.lint import nodes
from consolidator.runner.lint.finding import Rule
from consolidator.runner.lint.type_changes import widens


def check(folder):
    for a in folder.migrations:
        for stmt in a.up:
            yield from _statement(a, stmt)
        yield from _narrowed(a)


def _statement(a, stmt):
    where = (stmt.span.file, stmt.span.line)
    kind = nodes.kind(stmt)
    if kind == "DropStmt" and stmt.node.removeType.name == "OBJECT_TABLE":
        for parts in stmt.node.objects:
            key = nodes.name_key(parts)
            if a.table_before(key) is not None:
                yield *where, f"DROP TABLE {key.removeprefix('public.')} drops the table and every row in it"
    elif kind == "TruncateStmt":
        for rv in stmt.node.relations:
            yield *where, f"TRUNCATE {rv.relname} deletes every row"
    for table, sub, cmd in nodes.alter_commands(stmt):
        if sub == "AT_DropColumn" and a.column_before(table, cmd.name) is not None:
            yield *where, f"DROP COLUMN {table.removeprefix('public.')}.{cmd.name} drops the column and its values"


def _narrowed(a):
    """Columns that exist before and after up with another type that does not hold every old value."""
    for key, table in a.after_up["tables"].items():
        for column in table["columns"]:
            old = a.column_before(key, column["name"])
            if old is None or old["type"] == column["type"] or widens(old["type"], column["type"]):
                continue
            changed = column["provenance"]["changed"]
            line = changed["line"] if changed["file"] == a.migration.up.path else a.migration.up.line
            yield (a.migration.up.path, line, f"column {key.removeprefix('public.')}.{column['name']} changes type "
                   f"from {old['type']['sql']} to {column['type']['sql']}, which does not hold every value it held")


RULE = Rule(
    id="destructive",
    catches="DROP TABLE, DROP COLUMN, TRUNCATE and narrowing type changes of what exists before the migration",
    hint="if the data may go, say so on the line above: '-- lint:allow destructive'; else keep it (rename, copy, "
         "or widen instead)",
    check=check,
)
