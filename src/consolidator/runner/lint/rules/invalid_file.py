"""invalid-file: a file the runner cannot read as a migration (name, sections, options, encoding, empty up)."""

from consolidator.runner.lint.finding import Rule


def check(folder):
    for problem in folder.folder.all_problems():
        yield problem.path, problem.line, problem.message


RULE = Rule(
    id="invalid-file",
    catches="files the runner cannot read as migrations: names, sections, options, encoding, an empty up",
    hint="name it NNN_name.sql with '-- migrate:up' and '-- migrate:down' sections (`consolidator new NAME` writes one)",
    check=check,
)
