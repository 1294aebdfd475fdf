from tests.runner.lint.conftest import migration


def test_fails_on_a_required_column_without_default_on_an_existing_table(linted):
    assert linted("not-null-without-default", {"001_a.sql": migration("ALTER TABLE users ADD COLUMN nick text NOT NULL;\n")}) == [
        ("001_a.sql", 2, "ADD COLUMN users.nick NOT NULL without a default fails when users has rows (it exists "
                         "before this migration)")]


def test_passes_with_a_default_a_serial_or_a_new_table(linted):
    up = ("ALTER TABLE users ADD COLUMN nick text NOT NULL DEFAULT '';\nALTER TABLE users ADD COLUMN n bigserial NOT NULL;\n"
          "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int NOT NULL;\n")
    assert linted("not-null-without-default", {"001_a.sql": migration(up)}) == []
