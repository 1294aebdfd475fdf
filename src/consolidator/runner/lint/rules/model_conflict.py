"""model-conflict: an up statement that conflicts with the current model (the baseline and the migrations before
this one): creating what exists, altering or dropping what does not."""

from consolidator.errors import SqlState
from consolidator.runner.lint.finding import Rule
from consolidator.runner.lint.analysis import failure_message

# transaction-mode reports these; parse-error reports statements that do not parse.
_OTHER_RULES = {SqlState.ACTIVE_SQL_TRANSACTION}


def check(folder):
    for a in folder.migrations:
        failure = a.up_failure
        if failure is None or failure.sqlstate in _OTHER_RULES:
            continue
        unparsed = {(s.span.file, s.span.line) for s in a.up if s.error is not None}
        if (failure.span.file, failure.span.line) in unparsed:
            continue
        yield failure.span.file, failure.span.line, (f"conflicts with the model ({folder.model_label} and the "
                                                     f"migrations before it): {failure_message(failure)}")


RULE = Rule(
    id="model-conflict",
    catches="statements that conflict with the current model: creating what exists, altering what does not",
    hint="check what the baseline and the earlier migrations already built; IF [NOT] EXISTS hides such a mistake, "
         "it does not fix it",
    check=check,
)
