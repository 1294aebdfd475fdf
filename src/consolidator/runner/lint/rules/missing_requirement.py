"""missing-requirement: '-- requires:' names a migration that does not exist."""

from consolidator.runner.lint.finding import Rule
from consolidator.runner.ordering import requirement_errors


def check(folder):
    for error in requirement_errors(folder.folder.migrations, folder.known_versions):
        if error.kind == "missing":
            yield error.path, error.line, error.message


RULE = Rule(
    id="missing-requirement",
    catches="a requirement ('-- requires:') that names no migration",
    hint="name an existing migration by its version (its file name without .sql), or remove the requirement",
    check=check,
)
