from tests.runner.lint.conftest import migration


def test_fails_on_a_syntax_error_and_a_psql_command_with_their_lines(linted):
    found = linted("parse-error", {"001_a.sql": migration("CREATE TABLE a (id int);\nCREATE TABEL b (id int);\n",
                                                          "\\echo bye\nDROP TABLE a;\n")})
    assert found == [("001_a.sql", 3, 'syntax error at or near "TABEL" [42601]'),
                     ("001_a.sql", 5, "psql meta-command \\echo is not SQL")]


def test_passes_valid_sql(linted):
    assert linted("parse-error", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "DROP TABLE a;\n")}) == []
