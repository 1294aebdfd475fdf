"""long-lock: statements that hold a long lock on a table that exists before the migration, as squawk warns:
CREATE INDEX without CONCURRENTLY, foreign keys and checks added without NOT VALID, keys that build their index
under the lock, type changes that rewrite the table, SET NOT NULL, VACUUM FULL, CLUSTER, REINDEX without
CONCURRENTLY, LOCK TABLE, REFRESH MATERIALIZED VIEW without CONCURRENTLY."""

from consolidator.runner.lint import nodes
from consolidator.runner.lint.finding import Rule
from consolidator.runner.lint.type_changes import rewrites

_OUTSIDE = "in a migration marked '-- migrate:up transaction:false'"


def check(folder):
    for a in folder.migrations:
        for stmt in a.up:
            for message, hint in _findings(a, stmt):
                yield stmt.span.file, stmt.span.line, message, hint


def _findings(a, stmt):
    kind = nodes.kind(stmt)
    node = stmt.node
    if kind == "IndexStmt" and not node.concurrent and a.table_before(nodes.relation_key(node.relation)):
        yield (f"CREATE INDEX on {node.relation.relname} blocks its writes until the index is built",
               f"CREATE INDEX CONCURRENTLY {_OUTSIDE}")
    elif kind == "VacuumStmt" and "full" in nodes.option_names(node.options):
        yield "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock", "use pg_repack, or VACUUM without FULL"
    elif kind == "ClusterStmt":
        yield "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock", "use pg_repack, or leave the order to an index"
    elif kind == "ReindexStmt" and "concurrently" not in nodes.option_names(node.params):
        yield "REINDEX blocks writes (and reads through the index) while it runs", f"REINDEX ... CONCURRENTLY {_OUTSIDE}"
    elif kind == "LockStmt":
        yield "LOCK TABLE holds its lock until the migration commits", "leave locking to the statements that need it"
    elif kind == "RefreshMatViewStmt" and not node.concurrent:
        yield ("REFRESH MATERIALIZED VIEW blocks its readers while it runs",
               "REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index)")
    for table, sub, cmd in nodes.alter_commands(stmt):
        if a.table_before(table) is None:
            continue
        name = table.removeprefix("public.")
        if sub == "AT_AddConstraint":
            yield from _constraint(name, cmd.def_)
        elif sub == "AT_AlterColumnType":
            old, new = a.column_before(table, cmd.name), a.column_after_up(table, cmd.name)
            if old is not None and new is not None and old["type"] != new["type"] and rewrites(old["type"], new["type"]):
                yield (f"ALTER COLUMN {name}.{cmd.name} TYPE {new['type']['sql']} rewrites {name} under an ACCESS "
                       "EXCLUSIVE lock", "add a new column, fill it in batches, then swap the names")
        elif sub == "AT_SetNotNull":
            yield (f"SET NOT NULL on {name}.{cmd.name} scans {name} under an ACCESS EXCLUSIVE lock",
                   f"add CHECK ({cmd.name} IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL")


def _constraint(table: str, constraint):
    kind = constraint.contype.name
    if kind in ("CONSTR_FOREIGN", "CONSTR_CHECK") and not constraint.skip_validation:
        what = "FOREIGN KEY" if kind == "CONSTR_FOREIGN" else "CHECK"
        yield (f"ADD {what} on {table} checks every row under its lock",
               "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration")
    elif kind in ("CONSTR_PRIMARY", "CONSTR_UNIQUE") and not constraint.indexname:
        what = "PRIMARY KEY" if kind == "CONSTR_PRIMARY" else "UNIQUE"
        yield (f"ADD {what} on {table} builds its index under an ACCESS EXCLUSIVE lock",
               f"CREATE UNIQUE INDEX CONCURRENTLY {_OUTSIDE}, then ADD {what} USING INDEX")


RULE = Rule(
    id="long-lock",
    catches="statements that lock a table with rows for long, as squawk warns (CREATE INDEX without CONCURRENTLY, "
            "constraints without NOT VALID, rewriting type changes, SET NOT NULL, VACUUM FULL, ...)",
    hint="see the finding; when the table is small or the lock is accepted, '-- lint:allow long-lock'",
    check=check,
)
