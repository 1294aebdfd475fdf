"""down-mismatch: a down that does not undo up, found by replaying up then down in the model and comparing the
catalog with the one before up (catalog_diff.py says what is compared)."""

from consolidator.runner.lint.analysis import failure_message
from consolidator.runner.lint.catalog_diff import differences
from consolidator.runner.lint.finding import Rule

def check(folder):
    for a in folder.migrations:
        m = a.migration
        if a.down_failure is not None:
            span = a.down_failure.span
            yield span.file, span.line, f"down fails after up in the model: {failure_message(a.down_failure)}"
        elif a.after_down is not None:
            for difference in differences(a.before, a.after_down):
                yield m.down.path, m.down.line or 1, f"down does not undo up: {difference}"


RULE = Rule(
    id="down-mismatch",
    catches="a down that does not undo up (up then down replayed in the model, the catalogs compared)",
    hint="make down drop or restore exactly what up creates or changes, in reverse order",
    check=check,
)
