from tests.runner.lint.conftest import migration


def test_fails_on_drops_truncate_and_narrowing(linted):
    up = ("ALTER TABLE users DROP COLUMN phone;\nDROP TABLE tickets;\nTRUNCATE users;\n"
          "ALTER TABLE users ALTER COLUMN email TYPE varchar(50);\n")
    assert linted("destructive", {"001_a.sql": migration(up)}) == [
        ("001_a.sql", 2, "DROP COLUMN users.phone drops the column and its values"),
        ("001_a.sql", 3, "DROP TABLE tickets drops the table and every row in it"),
        ("001_a.sql", 4, "TRUNCATE users deletes every row"),
        ("001_a.sql", 5, "column users.email changes type from varchar(100) to varchar(50), which does not hold "
                         "every value it held"),
    ]


def test_passes_widening_new_objects_and_allowed_drops(linted):
    up = ("ALTER TABLE users ALTER COLUMN email TYPE varchar(200);\nALTER TABLE users ALTER COLUMN phone TYPE text;\n"
          "CREATE TABLE scratch (id int);\nDROP TABLE scratch;\n-- lint:allow destructive\nDROP TABLE tickets;\n")
    assert linted("destructive", {"001_a.sql": migration(up)}) == []
