"""CREATE TABLE ... INHERITS against PostgreSQL 15: columns merged as the server merges them, CHECK and NOT NULL
inherited, DROP of a parent needing CASCADE; the model's failures are the server's and the baseline builds the
same tables. An ALTER that would reach the children is reported, never guessed."""

from __future__ import annotations

import pytest


BASE = ("CREATE TABLE base (id int NOT NULL, created_at timestamptz DEFAULT now(), kind text "
        "CONSTRAINT kind_known CHECK (kind IN ('a', 'b')), secret text CHECK (secret <> '') NO INHERIT);\n")

CASES = {
    "a child with columns of its own and a merged one": (
        {"001.sql": BASE + "CREATE TABLE child (extra int, kind text NOT NULL DEFAULT 'a', PRIMARY KEY (id)) "
                           "INHERITS (base);\nCOMMENT ON COLUMN child.extra IS 'own';\n"
                           "CREATE TABLE other (note text);\n"
                           "CREATE TABLE both_ (z int) INHERITS (base, other);\n"}, {}),
    "conflicts: a type, a parent twice, a missing parent, a duplicate column": (
        {"001.sql": BASE + "CREATE TABLE c1 (kind int) INHERITS (base);\n",
         "002.sql": BASE + "CREATE TABLE c2 () INHERITS (base, base);\n",
         "003.sql": "CREATE TABLE c3 () INHERITS (nope);\n",
         "004.sql": BASE + "CREATE TABLE c4 (a int, a int) INHERITS (base);\n",
         "005.sql": BASE + "CREATE TABLE other (kind int);\nCREATE TABLE c5 () INHERITS (base, other);\n"},
        {"001.sql": "42804", "002.sql": "42P07", "003.sql": "42P01", "004.sql": "42701", "005.sql": "42804"}),
    "DROP of a parent needs CASCADE; a child goes alone; a renamed parent is followed": (
        {"001.sql": BASE + "CREATE TABLE child (extra int) INHERITS (base);\n",
         "002.sql": "DROP TABLE base;\n",
         "003.sql": "ALTER TABLE base RENAME TO root;\nCREATE TABLE child2 () INHERITS (root);\nDROP TABLE child2;\n",
         "004.sql": "DROP TABLE root CASCADE;\n"},
        {"002.sql": "2BP01"}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_inherits_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])


def test_an_alter_that_reaches_the_children_is_reported(replay_sql):
    model = replay_sql({"001.sql": BASE + "CREATE TABLE child () INHERITS (base);\n"
                                          "ALTER TABLE base ADD COLUMN more int;\n"})
    reported = [d for d in model.diagnostics if d.code == "not-modelled"]
    assert len(reported) == 1 and "inheritance hierarchy" in reported[0].message
    assert model.catalog.tables["public.base"].column("more") is None  # the statement was left out
