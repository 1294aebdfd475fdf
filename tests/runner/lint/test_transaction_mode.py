from tests.runner.lint.conftest import migration


def test_fails_on_transaction_control_and_concurrently_inside_a_transaction(linted):
    up = "BEGIN;\nCREATE INDEX CONCURRENTLY users_phone ON users (phone);\nCOMMIT;\n"
    assert linted("transaction-mode", {"001_a.sql": migration(up)}) == [
        ("001_a.sql", 2, "BEGIN in a migration: the runner runs each migration in a transaction of its own, and this "
                         "would end it (or nest one)"),
        ("001_a.sql", 3, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: mark the section "
                         "'-- migrate:up transaction:false'"),
        ("001_a.sql", 4, "COMMIT in a migration: the runner runs each migration in a transaction of its own, and "
                         "this would end it (or nest one)"),
    ]


def test_passes_concurrently_outside_a_transaction(linted):
    text = ("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_phone ON users (phone);\n"
            "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_phone;\n")
    assert linted("transaction-mode", {"001_a.sql": text}) == []
