from tests.runner.lint.conftest import migration


def test_fails_on_two_migrations_with_one_number(linted):
    assert linted("duplicate-version", {"003_a.sql": migration("SELECT 1;\n"), "3_b.sql": migration("SELECT 2;\n")}) == [
        ("003_a.sql", 1, "version 003 is also 3_b"), ("3_b.sql", 1, "version 3 is also 003_a")]


def test_passes_distinct_numbers(linted):
    assert linted("duplicate-version", {"003_a.sql": migration("SELECT 1;\n"), "004_b.sql": migration("SELECT 2;\n")}) == []
