"""LIKE / ILIKE and the string functions of the scalar evaluator, each checked against PostgreSQL 15 (a UTF8
database in the C collation): the same text output, or the same SQLSTATE."""

from __future__ import annotations

import pytest

from tests.query.scalar_server import disagreements

CASES = [
    # LIKE, ILIKE, escapes; char(n) matches with its padding
    "'abc' LIKE 'a%'", "'abc' LIKE 'a_'", "'abc' NOT LIKE '%c'", "'a_c' LIKE 'a\\_c'", "'abc' LIKE 'a\\_c'",
    "'a' LIKE 'a\\'", "'ABC' ILIKE 'a%'", "'ÉA' ILIKE 'éa'", "'abc' NOT ILIKE 'A_C'", "'a%' LIKE 'a#%' ESCAPE '#'",
    "'a#' LIKE 'a##' ESCAPE '#'", "'a\\b' LIKE 'a\\b' ESCAPE '#'", "'a\\b' LIKE 'a\\b' ESCAPE ''",
    "'ab' LIKE 'a#' ESCAPE '#'", "'ab' LIKE 'ab' ESCAPE 'xy'", "'a'::char(3) LIKE 'a'", "'a'::char(3) LIKE 'a%'",
    "'a'::varchar(3) LIKE 'a'", "NULL LIKE 'a'", "'a\nb' LIKE 'a_b'", "'' LIKE '%'", "'' LIKE '_'", "1 LIKE '1'",
    "'abc' LIKE 'ABC'", "'x' ILIKE NULL", "'😀' LIKE '_'",
    # case and trimming
    "lower('ÀBC')", "upper('straße')", "initcap('hello wORLD-x 1a éa')", "lower(NULL)", "upper('a'::char(3))",
    "trim('  a  ')", "trim(both 'x' from 'xaxx')", "trim(leading 'x' from 'xax')", "trim(trailing from ' a ')",
    "btrim('xyaxy', 'yx')", "ltrim('  a ')", "rtrim('a  ', '')", "rtrim('a'::char(4))", "btrim('')",
    # substrings, lengths, positions
    "substr('hello', 2)", "substr('hello', 2, 3)", "substr('hello', 0, 2)", "substr('hello', -3, 5)",
    "substr('hello', 2, -1)", "substr('hello', 10)", "substring('hello' from 2 for 3)", "substring('hello' from 3)",
    "substring('héllo', 2, 1)", "left('abc', 2)", "left('abc', -1)", "left('abc', 5)", "right('abcde', 2)",
    "right('abcde', -2)", "right('abc', 5)", "right('abc', -5)", "length('héllo')", "length('ab  '::char(4))",
    "char_length('abc')", "character_length('')", "octet_length('é')", "octet_length('a'::char(3))", "concat()", "position(1::bigint in 'a') - COALESCE('a', 0.5)", "length(NULL)", "position('b' in 'abc')",
    "position('' in 'abc')", "position('z' in 'abc')", "strpos('abcb', 'b')", "strpos('é😀x', 'x')",
    # building strings
    "concat('a', 1, NULL, true, 1.50)", "concat()", "concat(NULL)", "concat('a'::char(3), 'b')",
    "concat_ws(',', 'a', NULL, 2)", "concat_ws(NULL, 'a')", "concat_ws('', 'a', 'b')",
    "format('%s-%s', 'a', 1)", "format('%I', 'Select')", "format('%I', 'abc')", "format('%I', NULL)",
    "format('%L', 'it''s')", "format('%L', NULL)", "format('%L', 'a\\b')", "format('%s', NULL)",
    "format('%2$s %1$s', 'a', 'b')", "format('%5s|%-5s|', 'ab', 'cd')", "format('%%')", "format('%s')",
    "format('%x', 1)", "format('abc')", "format(NULL, 1)", "format('%', 1)", "format('%s %s %1$s %s', 1, 2)",
    "format('%s', true)", "format('%L', 12)", "format('%0$s', 'a')",
    "replace('abcabc', 'b', 'X')", "replace('abc', '', 'X')", "replace('aaa', 'aa', 'b')",
    "split_part('a,b,c', ',', 2)", "split_part('a,b,c', ',', -1)", "split_part('a,b,c', ',', 4)",
    "split_part('a,b,c', ',', 0)", "split_part('abc', '', 1)", "split_part('abc', '', 2)", "split_part('', ',', 1)",
    "split_part('a,,b', ',', -4)", "repeat('ab', 3)", "repeat('ab', -1)", "repeat('', 5)",
    "lpad('ab', 5)", "lpad('ab', 5, 'xy')", "lpad('abcdef', 3)", "lpad('ab', 5, '')", "lpad('ab', -1)",
    "rpad('ab', 5, 'xy')", "rpad('é', 3, 'ü')", "md5('')", "md5('héllo')", "reverse('abc😀')",
    "quote_literal('a''b')", "quote_literal('a\\b')", "quote_ident('a b')", "quote_ident('abc')",
    "quote_ident('table')",
]


@pytest.mark.pg
def test_string_expressions_as_the_server_computes_them(pg_database):
    found = disagreements(pg_database.dsn, CASES)
    assert not found, found
