"""The lint rules, one module each; RULES is the order they are listed in."""

from consolidator.runner.lint.rules import (
    destructive, down_mismatch, duplicate_version, invalid_file, long_lock, missing_down, missing_requirement,
    model_conflict, not_null_default, parse_error, requirement_cycle, transaction_mode,
)

RULES = [m.RULE for m in (
    invalid_file, parse_error, missing_down, down_mismatch, model_conflict, destructive, not_null_default, long_lock,
    transaction_mode, duplicate_version, missing_requirement, requirement_cycle,
)]
BY_ID = {rule.id: rule for rule in RULES}
