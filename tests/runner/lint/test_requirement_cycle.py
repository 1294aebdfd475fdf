from tests.runner.lint.conftest import migration


def test_fails_on_a_cycle_naming_it(linted):
    files = {"001_a.sql": migration("SELECT 1;\n", header="-- requires: 002_b\n"),
             "002_b.sql": migration("SELECT 1;\n", header="-- requires: 001_a\n")}
    assert linted("requirement-cycle", files) == [("001_a.sql", 1, "requirements form a cycle: 001_a -> 002_b -> 001_a")]


def test_passes_a_chain(linted):
    files = {"001_a.sql": migration("SELECT 1;\n"), "002_b.sql": migration("SELECT 1;\n", header="-- requires: 001_a\n")}
    assert linted("requirement-cycle", files) == []
