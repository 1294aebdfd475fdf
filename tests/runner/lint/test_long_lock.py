from tests.runner.lint.conftest import migration


def test_fails_on_statements_that_hold_long_locks_on_existing_tables(linted):
    up = ("CREATE INDEX users_phone ON users (phone);\n"
          "ALTER TABLE tickets ADD CONSTRAINT tickets_title CHECK (title <> '');\n"
          "ALTER TABLE users ALTER COLUMN phone SET NOT NULL;\n"
          "ALTER TABLE users ALTER COLUMN id TYPE bigint;\n")
    found = linted("long-lock", {"001_a.sql": migration(up)})
    assert found == [
        ("001_a.sql", 2, "CREATE INDEX on users blocks its writes until the index is built"),
        ("001_a.sql", 3, "ADD CHECK on tickets checks every row under its lock"),
        ("001_a.sql", 4, "SET NOT NULL on users.phone scans users under an ACCESS EXCLUSIVE lock"),
        ("001_a.sql", 5, "ALTER COLUMN users.id TYPE bigint rewrites users under an ACCESS EXCLUSIVE lock"),
    ]


def test_passes_concurrent_not_valid_binary_coercible_and_new_tables(linted):
    files = {
        "001_a.sql": migration("CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\n"
                               "ALTER TABLE tickets ADD CONSTRAINT tickets_title CHECK (title <> '') NOT VALID;\n"
                               "ALTER TABLE users ALTER COLUMN phone TYPE varchar(40);\n"),
        "002_b.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_phone ON users (phone);\n"
                     "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_phone;\n",
    }
    assert linted("long-lock", files) == []
