"""CREATE TABLE ... (LIKE source INCLUDING / EXCLUDING ...) against PostgreSQL 15: the model's failures are the
server's, and the baseline builds the same tables (columns, defaults, checks, keys, indexes, comments)."""

from __future__ import annotations

import pytest


SRC = ("CREATE TABLE src (id serial PRIMARY KEY, code text NOT NULL COLLATE \"C\" UNIQUE, qty int DEFAULT 1 "
       "CONSTRAINT qty_positive CHECK (qty > 0), total int GENERATED ALWAYS AS (qty * 2) STORED, note text, "
       "owner_id int REFERENCES src (id));\n"
       "CREATE INDEX src_note_idx ON src (note) WHERE note IS NOT NULL;\n"
       "COMMENT ON COLUMN src.note IS 'free text';\nCOMMENT ON CONSTRAINT qty_positive ON src IS 'no zero';\n")

CASES = {
    "bare LIKE: columns, NOT NULL and collations only": (
        {"001.sql": SRC + "CREATE TABLE a (LIKE src);\n"}, {}),
    "INCLUDING ALL: defaults, generated, checks, keys and indexes under new names, comments": (
        {"001.sql": SRC + "CREATE TABLE b (LIKE src INCLUDING ALL);\n"
                    "CREATE TABLE c (extra int, LIKE src INCLUDING ALL, more text);\n"}, {}),
    "each option alone, and ALL with exclusions": (
        {"001.sql": SRC + "CREATE TABLE d1 (LIKE src INCLUDING DEFAULTS);\n"
                    "CREATE TABLE d2 (LIKE src INCLUDING CONSTRAINTS);\n"
                    "CREATE TABLE d3 (LIKE src INCLUDING INDEXES);\n"
                    "CREATE TABLE d4 (LIKE src INCLUDING GENERATED);\n"
                    "CREATE TABLE d5 (LIKE src INCLUDING COMMENTS INCLUDING STORAGE INCLUDING STATISTICS "
                    "INCLUDING COMPRESSION);\n"
                    "CREATE TABLE d6 (LIKE src INCLUDING ALL EXCLUDING INDEXES EXCLUDING DEFAULTS);\n"}, {}),
    "a column named twice, a missing source, a sequence as the source": (
        {"001.sql": SRC + "CREATE TABLE e (id int, LIKE src);\n",
         "002.sql": "CREATE TABLE e (LIKE nope);\n",
         "003.sql": "CREATE SEQUENCE s;\nCREATE TABLE e (LIKE s);\n",
         "004.sql": SRC.replace("src", "src2") + "CREATE TABLE e (LIKE src2 INCLUDING ALL);\n"
                    "DROP SEQUENCE src2_id_seq;\n"},
        {"001.sql": "42701", "002.sql": "42P01", "003.sql": "42809", "004.sql": "2BP01"}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_create_table_like_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])
