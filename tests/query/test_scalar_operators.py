"""Operators, logic and conditional expressions of the scalar evaluator, each checked against PostgreSQL 15:
the same text output, or the same SQLSTATE."""

from __future__ import annotations

import pytest

from tests.query.scalar_server import disagreements

CASES = [
    # CASE weighs its results' types from the ELSE on (char(n) and varchar / text: the ELSE's type wins)
    "ARRAY[CASE WHEN true THEN 'ab'::char(4) ELSE 'x'::varchar END]", "CASE WHEN true THEN 'ab'::char(4) ELSE 'x' END",
    "ARRAY[CASE WHEN true THEN 'ab'::char(4) ELSE 'x'::text END]", "CASE WHEN true THEN 'ab'::char(4) ELSE 'x'::varchar END",
    "ARRAY[CASE WHEN false THEN 'x'::varchar ELSE 'ab'::char(4) END]", "CASE WHEN true THEN 1 ELSE true END",
    "CASE WHEN true THEN 'ab'::char(4) END || '|'", "CASE WHEN false THEN 'x' ELSE 1 END",
    # the arguments are coerced to the common type by implicit casts only (42846 otherwise)
    "GREATEST(ARRAY[1], ARRAY['x'])", "COALESCE(ARRAY[1], ARRAY['2'])", "CASE WHEN true THEN ARRAY[1] ELSE ARRAY['2'] END",
    "COALESCE(ARRAY[1], ARRAY[2::bigint])", "COALESCE('a'::char(2), 'b'::text)",
    # a literal cast with a typmod: the input function at parse time, the length coercion when folded
    "COALESCE(1, '1000000.0000'::numeric(8,2))", "COALESCE(1, 'x'::numeric(8,2))", "'1000000.0000'::numeric(8,2)",
    "CASE WHEN false THEN '123.456'::numeric(3,1) END", "'12.345'::numeric(5,2)", "'abcdef'::varchar(3)",
    "CASE WHEN true THEN 1.5 ELSE 1 END", "CASE WHEN true THEN 1 ELSE 1.5 END", "CASE WHEN true THEN 'a' ELSE 'b'::char(3) END",
    # comparisons: unknown literals take the other side's type; text in byte order; char(n) without its padding
    "1 = 1", "1 = '1'", "'1' = 1", "1 <> 2", "1 != 1", "2 < 10", "'2' < '10'", "'a' < 'B'", "'é' > 'z'",
    "'abc'::varchar = 'abc'", "'a '::char(3) = 'a'", "'a'::char(3) = 'a  '::varchar", "'a'::text = 'a '::char(2)",
    "true > false", "'yes' = true", "1 = 'x'", "1 = '1.5'", "1 = 1.0", "1.50 = 1.5", "2147483647 < 2147483648",
    "'NaN'::numeric > 1e100", "'NaN'::numeric = 'NaN'::numeric", "1 = 'a'::text", "'a' = 'a'", "NULL = NULL",
    "1 < NULL", "''  = ''", "'a\u00e9' > 'a\u00ea'",
    # arithmetic: integers, overflow, division by zero, numeric scales
    "1 + 2", "2147483647 + 1", "-2147483648", "-2147483648 - 1", "- (-2147483648)", "-(-2147483647)",
    "2147483647 * 2", "7 / 2", "-7 / 2", "7 / -2", "7 % 3", "-7 % 3", "7 % -3", "1 / 0", "1 % 0",
    "(-2147483648) / -1", "(-2147483648) % -1", "32767::smallint + 1::smallint", "32767::smallint + 1",
    "9223372036854775807 + 1", "9223372036854775807::int8 * 2", "1::int8 / 0", "3000000000 + 1",
    "1.5 + 2", "1.50 + 2.125", "1.5 * 2.25", "1 / 3.0", "10 / 4.0", "1.0 / 3", "2 / 3::numeric", "100000 / 3.0",
    "0.0001 / 3", "12345678.9 / 0.001", "1.5 / 0", "7.5 % 2", "-7.5 % 2", "7.5 % 0", "-1.50", "- 0.00",
    "1 + '2'", "'1' + '2'", "'1.5' + 1", "'x' + 1", "1 + 'a'::text", "1 - -1", "2 * 3 + 4", "2 + 3 * 4",
    "5 - 3 - 1", "@ -5", "@ -5.5", "1 / 7.000", "CASE WHEN NULL THEN -9223372036854775808::bigint END", "999999999999999999999 * 999999999999999999",
    "1 / 1.0e-10", "format('%I') || -32768::smallint", "false AND format('%s') = ''", "123456789012345678901234567890 / 7",
    # string concatenation
    "'a' || 'b'", "'a' || 1", "1 || 'a'", "'a'::char(3) || 'b'", "'a' || NULL", "'a'::varchar(5) || 'b'::varchar",
    "1 || 2", "'x' || true", "'a' || 1.50", "true::text", "'a  '::char(3)::text", "false::varchar(3)",
    # three-valued logic
    "true AND NULL", "false AND NULL", "NULL OR true", "NULL OR false", "NOT NULL::boolean", "NOT 't'",
    "true AND 1", "false AND 1 / 0 = 1", "NULL AND 1 / 0 = 1", "true OR 1 / 0 = 1", "1 AND true", "'x' AND true",
    "NULL IS NULL", "1 IS NULL", "'' IS NOT NULL", "NULL IS TRUE", "true IS NOT FALSE", "NULL::bool IS UNKNOWN",
    "1 IS TRUE", "'f' IS FALSE", "NULL IS DISTINCT FROM NULL", "1 IS DISTINCT FROM NULL",
    "1 IS NOT DISTINCT FROM 1.0", "'a' IS DISTINCT FROM 'b'", "1 IS DISTINCT FROM 'a'::text",
    # IN, BETWEEN
    "1 IN (1, 2)", "3 IN (1, 2)", "3 IN (1, NULL)", "1 IN (1, NULL)", "3 NOT IN (1, NULL)", "3 NOT IN (1, 2)",
    "1 IN (1.0, 2)", "'a' IN ('a', 'b')", "1 IN ('x', 2)", "1 IN (1, 1 / 0)", "1 IN (1)", "NULL IN (1, 2)",
    "1 IN ('1', 'a'::text)", "2 BETWEEN 1 AND 3", "2 BETWEEN 3 AND 1", "2 BETWEEN SYMMETRIC 3 AND 1",
    "2 NOT BETWEEN 1 AND 3", "2 NOT BETWEEN SYMMETRIC 3 AND 1", "NULL BETWEEN 1 AND 2", "2 BETWEEN NULL AND 3",
    "'b' BETWEEN 'a' AND 'c'",
    # CASE, COALESCE, NULLIF, GREATEST, LEAST
    "CASE WHEN true THEN 1 ELSE 2 END", "CASE WHEN NULL THEN 1 ELSE 2 END", "CASE WHEN false THEN 1 END",
    "CASE WHEN true THEN 1 ELSE 2.5 END", "CASE WHEN true THEN 1 ELSE 'x' END", "CASE WHEN true THEN 'a' END",
    "CASE WHEN true THEN 1 ELSE 1 / 0 END", "CASE WHEN false THEN 1 / 0 ELSE 2 END", "CASE 1 WHEN 1 THEN 'one' END",
    "CASE 'a' WHEN 'b' THEN 1 WHEN 'a' THEN 2 END", "CASE WHEN 1 THEN 1 END", "CASE WHEN 1 THEN 1 ELSE 1 + 'a'::text END", "CASE WHEN true THEN 1 ELSE 'a'::text END",
    "CASE 2 WHEN 1.5 THEN 'x' ELSE 'y' END", "CASE WHEN true THEN 'a'::varchar ELSE 'b'::text END",
    "COALESCE(NULL, 1)", "COALESCE(NULL, NULL)", "COALESCE(1, 1 / 0)", "COALESCE(NULL, 'a')", "COALESCE(1, 2.50)",
    "COALESCE(1, 'x')", "COALESCE(1, 'a'::text)", "COALESCE(NULL::int, NULL::int8)", "COALESCE('a'::char(3), 'b')",
    "NULLIF(1, 1)", "NULLIF(1, 2)", "NULLIF(1, 1.5)", "NULLIF('a', 'a')", "NULLIF(NULL, 1)", "NULLIF(1, NULL)",
    "NULLIF('a'::char(3), 'a')", "GREATEST(1, 2, 3)", "LEAST(1, 2.5)", "GREATEST(NULL, 1)", "GREATEST(NULL, NULL)",
    "LEAST('b', 'a', 'B')", "GREATEST(1, 'x')", "GREATEST(1, '5')", "LEAST(true, false)", "GREATEST('a'::char(3), 'b')",
]


@pytest.mark.pg
def test_expressions_as_the_server_computes_them(pg_database):
    found = disagreements(pg_database.dsn, CASES)
    assert not found, found
