"""Histories the differential tests found where the model and PostgreSQL 15 disagreed, shrunk to the minimum.

Each case is checked twice: here against the model alone (fast, no server: the SQLSTATE PostgreSQL gives and
what the model keeps), and in test_random_histories.py as an explicit example against the real server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consolidator.build import build

# (id, files, {failed file: SQLSTATE PostgreSQL 15 gives})
CASES = [
    (
        "primary-key-column-twice",
        {"001_m.sql": "CREATE TABLE t3 (a int NOT NULL, PRIMARY KEY (a, a));\n"},
        {"001_m.sql": "42701"},  # column "a" appears twice in primary key constraint
    ),
    (
        "unique-column-twice",
        {"001_m.sql": "CREATE TABLE t1 (a int, b int);\n", "002_m.sql": "ALTER TABLE t1 ADD UNIQUE (a, b, a);\n"},
        {"002_m.sql": "42701"},  # column "a" appears twice in unique constraint
    ),
    (
        "include-column-twice-is-fine",
        {"001_m.sql": "CREATE TABLE t1 (a int, b int, UNIQUE (a) INCLUDE (b, b), UNIQUE (b) INCLUDE (b));\n"},
        {},
    ),
    (
        "add-value-to-a-table-row-type",
        {"001_m.sql": "CREATE TABLE t1 (id int);\n", "002_m.sql": "ALTER TYPE t1 ADD VALUE IF NOT EXISTS 'x';\n"},
        {"002_m.sql": "42809"},  # t1 is not an enum
    ),
    (
        "rename-a-table-row-type",
        {"001_m.sql": "CREATE TABLE t1 (id int);\n", "002_m.sql": "ALTER TYPE t1 RENAME TO t9;\n"},
        {"002_m.sql": "42809"},  # t1 is a table's row type
    ),
    (
        "comment-on-a-table-row-type-is-accepted",
        {"001_m.sql": "CREATE TABLE t1 (id int);\nCOMMENT ON TYPE t1 IS 'x';\n"},
        {},
    ),
    (
        "sequence-named-like-a-type",
        {"001_m.sql": "CREATE TYPE t1 AS ENUM ('x');\n", "002_m.sql": "CREATE SEQUENCE IF NOT EXISTS t1;\n"},
        {"002_m.sql": "42710"},  # type "t1" already exists
    ),
    (
        "table-renamed-to-a-type-name",
        {"001_m.sql": "CREATE TYPE t1 AS ENUM ('x');\nCREATE TABLE t2 (id int);\n",
         "002_m.sql": "ALTER TABLE t2 RENAME TO t1;\n"},
        {"002_m.sql": "42710"},  # type "t1" already exists (the row type is renamed with the table)
    ),
    (
        "sequence-renamed-to-a-type-name-is-fine",
        {"001_m.sql": "CREATE TYPE t1 AS ENUM ('x');\nCREATE SEQUENCE s;\nALTER SEQUENCE s RENAME TO t1;\n"},
        {},
    ),
    (
        "type-created-after-a-sequence-of-the-same-name",
        {"001_m.sql": "CREATE SEQUENCE t1;\nCREATE TYPE t1 AS ENUM ('x');\n"},
        {},  # the baseline must create the sequence first
    ),
]


def files_of(case_id: str) -> dict[str, str]:
    return next(files for cid, files, _ in CASES if cid == case_id)


@pytest.mark.parametrize("files, expected", [pytest.param(f, e, id=i) for i, f, e in CASES])
def test_model_fails_the_files_postgres_fails(tmp_path: Path, files, expected):
    for name, sql in files.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
    result = build(tmp_path)
    assert {name: d.sqlstate for name, d in result.failed_files.items()} == expected
