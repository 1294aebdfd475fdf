from tests.runner.lint.conftest import migration


def test_fails_on_a_file_without_sections_and_an_unknown_allow(linted):
    assert linted("invalid-file", {"001_a.sql": "CREATE TABLE a (id int);\n"}) == [
        ("001_a.sql", 1, "no '-- migrate:up' section")]
    found = linted("invalid-file", {"001_a.sql": migration("-- lint:allow everything\nSELECT 1;\n")})
    assert found[0][:2] == ("001_a.sql", 2) and "'-- lint:allow everything' names no lint rule" in found[0][2]


def test_passes_a_well_formed_migration(linted):
    assert linted("invalid-file", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "DROP TABLE a;\n")}) == []
