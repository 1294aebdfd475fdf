from tests.runner.lint.conftest import migration


def test_fails_on_a_requirement_that_names_no_migration(linted):
    assert linted("missing-requirement", {"001_a.sql": migration("SELECT 1;\n", header="-- requires: 000_gone\n")}) == [
        ("001_a.sql", 1, "001_a requires 000_gone, which is no migration in this folder")]


def test_passes_requirements_on_migrations_and_the_baseline(linted):
    files = {"001_a.sql": migration("SELECT 1;\n", header="-- requires: 000_consolidated_baseline\n"),
             "002_b.sql": migration("SELECT 1;\n", header="-- requires: 001_a\n")}
    assert linted("missing-requirement", files) == []
