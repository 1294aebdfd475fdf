"""missing-down: a migration without a down section (or with one that holds no statement)."""

from consolidator.runner.lint.finding import Rule


def check(folder):
    for a in folder.migrations:
        m = a.migration
        if not m.up.present:
            continue  # invalid-file says so
        if not m.down.present:
            yield m.path, 1, f"{m.version} has no down section: `consolidator rollback` refuses to undo it"
        elif not any(s.node is not None or s.error is not None for s in a.down):
            yield m.down.path, m.down.line or 1, f"{m.version}'s down section is empty: rollback refuses to undo it"


RULE = Rule(
    id="missing-down",
    catches="a migration without a down section",
    hint="write a '-- migrate:down' section (or NNN_name.down.sql) that undoes up; when it cannot be undone, say so "
         "with '-- lint:allow missing-down'",
    check=check,
)
