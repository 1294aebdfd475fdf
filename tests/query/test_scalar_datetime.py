"""date, timestamp and interval constants and their arithmetic in the scalar evaluator, checked against
PostgreSQL 15 (ISO DateStyle and the postgres IntervalStyle of a fresh database)."""

from __future__ import annotations

import pytest

from tests.query.scalar_server import disagreements

CASES = [
    "date '2024-02-29'", "'2024-2-9'::date", "' 2024-02-29 '::date", "'2021-02-30'::date", "'2021-13-01'::date",
    "'epoch'::date", "'2024-02-29'::date + 1", "1 + '2024-02-29'::date", "'2024-03-01'::date - 1",
    "'2024-03-01'::date - '2024-02-01'::date", "'2024-01-01'::date - '2024-03-01'::date", "'9999-12-31'::date + 0",
    "'2024-01-31'::date + interval '1 month'", "'2024-03-31'::date - interval '1 mon'",
    "'2023-01-31'::date + interval '1 year 1 month'", "'2024-01-01'::date + interval '36 hours'",
    "interval '1 day' + '2024-01-01'::date", "timestamp '2024-01-01 10:00'", "'2024-01-01T10:00:00.500'::timestamp",
    "'2024-01-01 10:00:00.123456'::timestamp", "'2024-01-01 25:00'::timestamp", "'epoch'::timestamp",
    "timestamp '2024-01-31 12:00' + interval '1 month 1 day 01:00:00'", "timestamp '2024-01-01' - interval '1 sec'",
    "timestamp '2024-01-01 10:00' - timestamp '2023-12-30 22:30'", "timestamp '2024-01-01' - timestamp '2024-01-03'",
    "timestamp '2024-01-01 00:00' - timestamp '2024-01-01 00:00'", "interval '1 year 2 mons 3 days 04:05:06'",
    "'-1 day'::interval", "'1 day 2 hours'::interval", "'25 hours'::interval", "'1 week'::interval",
    "'2 weeks 1 day'::interval", "'-2 hours'::interval", "'1 year -2 months'::interval", "'-1 year -2 mons'::interval",
    "'1 day -02:00:00'::interval", "'-1 month 1 day'::interval", "'-1 day 02:00'::interval", "'0 days'::interval", "'14 months'::interval", "'90 minutes'::interval",
    "'1 day 1 day'::interval", "''::interval", "interval '1 day' + interval '2 hours'",
    "interval '1 day' - interval '2 days'", "- interval '1 day 02:00:00'", "interval '1 day' = interval '24 hours'",
    "interval '1 mon' > interval '29 days'", "interval '1 mon' = interval '30 days'",
    "date '2024-01-01' < timestamp '2024-01-01 00:00:01'", "date '2024-01-01' = timestamp '2024-01-01'",
    "date '2024-01-02' > date '2024-01-01'", "timestamp '2024-01-01' >= timestamp '2024-01-01'",
    "'2024-01-01'::date BETWEEN '2023-12-31' AND '2024-01-02'", "GREATEST(date '2024-01-01', '2024-02-01')",
    "CAST(date '2024-01-01' AS text)", "CAST(date '2024-01-01' AS timestamp)", "date '2024-01-01' || ''",
]


@pytest.mark.pg
def test_dates_and_intervals_as_the_server_computes_them(pg_database):
    found = disagreements(pg_database.dsn, CASES)
    assert not found, found
