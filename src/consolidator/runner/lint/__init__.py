"""consolidator lint: the validator for migrations after the baseline. Each rule is a module of `rules/` with an
id, what it catches, a fix hint and its own tests; `run.py` applies them, `report.py` writes text, json or
GitHub annotations."""
