"""Every rule has an id, says what it catches and how to fix it, and has a test module of its own."""

from pathlib import Path

from consolidator.runner.lint.rules import RULES


def test_every_rule_is_complete_and_tested():
    assert len({r.id for r in RULES}) == len(RULES)
    here = Path(__file__).parent
    for rule in RULES:
        assert rule.catches and rule.hint, rule.id
        module = rule.check.__module__.rsplit(".", 1)[-1]
        assert (here / f"test_{module}.py").is_file(), f"{rule.id} has no tests"
