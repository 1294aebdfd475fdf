from tests.runner.lint.conftest import migration


def test_fails_on_creating_what_exists_and_altering_what_does_not(linted):
    ((file, line, message),) = linted("model-conflict", {"001_a.sql": migration("CREATE TABLE users (id int);\n")})
    assert (file, line) == ("001_a.sql", 2)
    assert message.startswith("conflicts with the model (") and "output/000_consolidated_baseline.sql and the " \
        'migrations before it): relation "users" already exists [42P07]' in message
    found = linted("model-conflict", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "DROP TABLE a;\n"),
                                      "002_b.sql": migration("ALTER TABLE a ADD COLUMN id int;\n")})
    assert [(f, line) for f, line, _ in found] == [("002_b.sql", 2)] and 'column "id" of relation "a" already exists' in found[0][2]


def test_passes_what_fits_the_baseline_and_earlier_migrations(linted):
    assert linted("model-conflict", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "DROP TABLE a;\n"),
                                     "002_b.sql": migration("ALTER TABLE a ADD COLUMN b int;\n")}) == []
