"""VACUUM, ANALYZE, LOCK, REINDEX, NOTIFY, LISTEN, CHECKPOINT change no schema, but fail where PostgreSQL 15 fails
them: each history here is checked against the server (failed files, SQLSTATEs, verify equivalent)."""

from __future__ import annotations

import pytest

SETUP = ("CREATE TABLE t (a int);\nCREATE SEQUENCE s;\nCREATE VIEW v AS SELECT a FROM t;\n"
         "CREATE INDEX ti ON t (a);\nCREATE TABLE k (id int PRIMARY KEY);\n")

CASES = {
    "accepted": (
        {"001.sql": SETUP + "ANALYZE t (a), s;\nANALYZE;\nLOCK TABLE t, v IN SHARE MODE;\nREINDEX TABLE t;\n"
                            "REINDEX INDEX ti;\nREINDEX INDEX k_pkey;\nNOTIFY chan, 'done';\nLISTEN chan;\n"
                            "UNLISTEN *;\nCHECKPOINT;\n",
         "002.sql": "VACUUM t, v;\nVACUUM (ANALYZE) t (a);\n"},
        {}),
    "refused": (
        {"001.sql": SETUP, "002.sql": "ANALYZE nope;\n", "003.sql": "ANALYZE t (b);\n", "004.sql": "LOCK TABLE s;\n",
         "005.sql": "REINDEX INDEX t;\n", "006.sql": "REINDEX TABLE ti;\n", "007.sql": "VACUUM nope;\n",
         "008.sql": "VACUUM t;\nLOCK TABLE t;\n", "009.sql": f"NOTIFY chan, '{'x' * 8000}';\n",
         "010.sql": "LOCK TABLE public.nope;\n"},
        {"002.sql": "42P01", "003.sql": "42703", "004.sql": "42809", "005.sql": "42809", "006.sql": "42809",
         "007.sql": "42P01", "008.sql": "25P01", "009.sql": "22023", "010.sql": "42P01"}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_maintenance_statements_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])


def test_a_failure_says_what_the_server_says(replay_sql):
    result = replay_sql({"001.sql": SETUP + "LOCK TABLE public.nope;\n"})
    assert result.failed_files["001.sql"].message.startswith('relation "public.nope" does not exist')
