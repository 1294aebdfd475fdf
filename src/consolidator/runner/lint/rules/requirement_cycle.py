"""requirement-cycle: requirements that no order can satisfy."""

from consolidator.runner.lint.finding import Rule
from consolidator.runner.ordering import requirement_errors


def check(folder):
    for error in requirement_errors(folder.folder.migrations, folder.known_versions):
        if error.kind == "cycle":
            yield error.path, error.line, error.message


RULE = Rule(
    id="requirement-cycle",
    catches="requirements that form a cycle",
    hint="one of them does not really need the other: remove that requirement",
    check=check,
)
