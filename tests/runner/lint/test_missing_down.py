from tests.runner.lint.conftest import migration


def test_fails_without_a_down_section_or_with_an_empty_one(linted):
    assert linted("missing-down", {"001_a.sql": migration("CREATE TABLE a (id int);\n", None)}) == [
        ("001_a.sql", 1, "001_a has no down section: `consolidator rollback` refuses to undo it")]
    assert linted("missing-down", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "-- nothing\n")}) == [
        ("001_a.sql", 3, "001_a's down section is empty: rollback refuses to undo it")]


def test_passes_with_a_down_file_and_when_allowed(linted):
    assert linted("missing-down", {"001_a.up.sql": "CREATE TABLE a (id int);\n",
                                   "001_a.down.sql": "DROP TABLE a;\n"}) == []
    allowed = migration("CREATE TABLE a (id int);\n", None, header="-- lint:allow missing-down\n")
    assert linted("missing-down", {"001_a.sql": allowed}) == []
