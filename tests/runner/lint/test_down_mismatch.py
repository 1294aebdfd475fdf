from tests.runner.lint.conftest import migration


def test_fails_when_down_leaves_or_changes_something(linted):
    up = "CREATE TABLE a (id int);\nALTER TABLE users ADD COLUMN nick text;\nCREATE INDEX a_id ON a (id);\n"
    assert linted("down-mismatch", {"001_a.sql": migration(up, "DROP INDEX a_id;\nDROP TABLE a;\n")}) == [
        ("001_a.sql", 5, "down does not undo up: column users.nick remains")]
    retype = "ALTER TABLE users ALTER COLUMN phone TYPE varchar(40);\n"
    assert linted("down-mismatch", {"001_a.sql": migration(retype, "ALTER TABLE users ALTER COLUMN phone TYPE text;\n")}) == [
        ("001_a.sql", 3, "down does not undo up: column users.phone: type text, was varchar(20)")]


def test_fails_when_down_fails_after_up(linted):
    assert linted("down-mismatch", {"001_a.sql": migration("CREATE TABLE a (id int);\n", "DROP TABLE b;\n")}) == [
        ("001_a.sql", 4, 'down fails after up in the model: table "b" does not exist [42P01]')]


def test_passes_when_down_restores_the_catalog(linted):
    up = "CREATE TABLE a (id int);\nALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users ALTER COLUMN phone TYPE varchar(40);\n"
    down = "ALTER TABLE users ALTER COLUMN phone TYPE varchar(20);\nALTER TABLE users DROP COLUMN nick;\nDROP TABLE a;\n"
    assert linted("down-mismatch", {"001_a.sql": migration(up, down)}) == []


def test_functions_views_and_objects_kept_as_statements_count_too(linted):
    up = ("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
          "CREATE VIEW named_users AS SELECT id FROM users;\n"
          "CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);\n")
    found = linted("down-mismatch", {"001_a.sql": migration(up, "DROP VIEW named_users;\n")})
    assert [message for _, _, message in found] == [
        "down does not undo up: function touch() remains (it did not exist before up)",
        "down does not undo up: object aggregate:public.total(int4) remains (it did not exist before up)"]
    whole = "DROP AGGREGATE total(int);\nDROP VIEW named_users;\nDROP FUNCTION touch();\n"
    assert linted("down-mismatch", {"001_a.sql": migration(up, whole)}) == []
