"""jsonb, arrays and uuid in the scalar evaluator, each checked against PostgreSQL 15: the same text output
(jsonb_out's canonical form, array_out's quoting), or the same SQLSTATE."""

from __future__ import annotations

import pytest

from tests.query.scalar_server import disagreements

JSONB = [
    # input: canonical output, key order (shortest first, then bytes), duplicates (last wins), numbers, escapes
    """'{"b":1,"a":[1, 2.50,{"x":null}]}'::jsonb""", """'{"bb":1,"a":2,"ab":3,"é":4}'::jsonb""",
    """'{"a":1,"a":2}'::jsonb""", """'[1e3, -0, 0.10, 1E-2, -1.5e+2]'::jsonb""", """' "x" '::jsonb""",
    """'"tab\\tquote\\"nl\\n\\u0001é\\u00e9"'::jsonb""", """'"\\u0000"'::jsonb""", """'"\\ud800"'::jsonb""",
    """'{"a":}'::jsonb""", """'NaN'::jsonb""", """'01'::jsonb""", """'[]'::jsonb""", """'{}'::jsonb""",
    """'null'::jsonb""", """'true'::jsonb""", """''::jsonb""", """'{"a": [1, {"b": {}}]}'::json""",
    """'{"a" : 1,  "a":2}'::json""", """'{"a":'::json""", """'{"b":1,"a":2}'::json::jsonb""",
    # operators
    """'{"a":{"b":1}}'::jsonb -> 'a'""", """'{"a":1}'::jsonb -> 'z'""", """'[1,2,3]'::jsonb -> 1""",
    """'[1,2,3]'::jsonb -> -1""", """'[1,2,3]'::jsonb -> 5""", """'{"a":"x"}'::jsonb ->> 'a'""",
    """'{"a":null}'::jsonb ->> 'a'""", """'{"a":null}'::jsonb -> 'a'""", """'{"a":[1]}'::jsonb ->> 'a'""",
    """'[1]'::jsonb -> 'a'""", """'{"a":1}'::jsonb -> 0""", """'"s"'::jsonb -> 0""",
    """'{"a":{"b":[1,2]}}'::jsonb #> '{a,b}'""", """'{"a":{"b":[1,2]}}'::jsonb #>> '{a,b,1}'""",
    """'{"a":[1,2]}'::jsonb #> '{a,x}'""", """'{"a":1}'::jsonb #>> '{}'""", """'{"a":1}'::jsonb #> '{a,b}'""",
    """'{"a":1}'::jsonb || '{"b":2}'""", """'{"a":1}'::jsonb || '{"a":2}'""", """'[1]'::jsonb || '[2,3]'""",
    """'[1]'::jsonb || '2'""", """'1'::jsonb || '2'""", """'{"a":1}'::jsonb || '[1]'""",
    """'[1]'::jsonb || '{"a":1}'""", """'{"a":1}'::jsonb || '3'""",
    """'{"a":1,"b":2}'::jsonb - 'a'""", """'["a","b","a"]'::jsonb - 'a'""", """'[1,2,3]'::jsonb - 1""",
    """'[1,2,3]'::jsonb - -1""", """'[1,2,3]'::jsonb - 9""", """'{"a":1}'::jsonb - 0""", """'1'::jsonb - 'a'""",
    """'{"a":1,"b":2,"c":3}'::jsonb - '{a,c}'::text[]""", """'{"a":1}'::jsonb ? 'a'""", """'["a"]'::jsonb ? 'a'""",
    """'"a"'::jsonb ? 'a'""", """'[1]'::jsonb ? '1'""", """'{"a":1,"b":2}'::jsonb ?| '{b,z}'""",
    """'{"a":1,"b":2}'::jsonb ?& '{a,z}'""", """'{"a":1,"b":{"c":2,"d":3}}'::jsonb @> '{"b":{"c":2}}'""",
    """'[1,2,[3,4]]'::jsonb @> '[[3]]'""", """'[1,2]'::jsonb @> '1'""", """'1'::jsonb @> '[1]'""",
    """'[1,[2]]'::jsonb @> '[2]'""", """'{"a":1}'::jsonb @> '[]'""", """'[1.0]'::jsonb @> '[1]'""",
    """'{"a":1}'::jsonb <@ '{"a":1,"b":2}'""", """'{"a":1.0}'::jsonb = '{"a":1}'""", """'[1,2]'::jsonb <> '[2,1]'""",
    # functions
    "jsonb_build_object('a', 1, 'b', true, 'c', NULL, 'd', 'x', 'e', 1.50)", "jsonb_build_object()",
    "jsonb_build_object('a')", "jsonb_build_object(NULL, 1)", "jsonb_build_object(1, 2, true, 'y')",
    "jsonb_build_object('b', 1, 'a', 2, 'b', 3)", """jsonb_build_object('j', '{"x":1}'::jsonb)""",
    "jsonb_build_array(1, 'a', NULL, false, ARRAY[1,2])", "jsonb_build_array()", "to_jsonb('x'::text)",
    "to_jsonb(1.50)", "to_jsonb(true)", "to_jsonb(ARRAY['a', NULL])", "to_jsonb(NULL::int)", "to_jsonb(NULL)", "1 || ARRAY['a']", "ARRAY[1] || 2::bigint", "'[]'::jsonb::int",
    "'1.5'::jsonb::int", "'true'::jsonb::boolean", "'\"x\"'::jsonb::numeric", "to_jsonb('a'::char(3))",
    """jsonb_set('{"a":1}', '{b}', '2')""", """jsonb_set('{"a":1}', '{a}', '"x"')""",
    """jsonb_set('{"a":1}', '{b}', '2', false)""", """jsonb_set('{"a":{"b":1}}', '{a,c}', '[]')""",
    """jsonb_set('{"a":1}', '{a,b}', '2')""", """jsonb_set('[1,2]', '{0}', '9')""", """jsonb_set('[1,2]', '{9}', '9')""",
    """jsonb_set('[1,2]', '{-9}', '9')""", """jsonb_set('[1,2]', '{x}', '9')""", """jsonb_set('1', '{a}', '9')""",
    """jsonb_set('{"a":1}', '{}', '9')""", """jsonb_set('{"a":1}', '{a}', NULL)""", """jsonb_set('{"a":1}', '{z,y}', '1')""",
    """jsonb_typeof('{"a":1}')""", "jsonb_typeof('1.5')", "jsonb_array_length('[1,2,[3]]')", "jsonb_array_length('{}')",
    """jsonb_strip_nulls('{"a":null,"b":[null,{"c":null}]}')""", """'{"a":1}'::jsonb::text""",
]
ARRAYS = [
    "ARRAY[1,2]", "'{1,2}'::int[]", "'{ 1 , 2 }'::int[]", "'{}'::text[]", "'{a,\"b c\",NULL,\"NULL\",\"\"}'::text[]",
    "ARRAY['a b', NULL, '', 'x\"y', 'back\\slash', '{', 'null']", "'{1,x}'::int[]", "'{1,}'::int[]", "'1,2'::int[]",
    "'{1,2} x'::int[]", "'{\"a\" , b}'::text[]", "ARRAY[1, 2.5]", "ARRAY['1', 2]", "ARRAY[]::int[]", "ARRAY[]",
    "ARRAY['a', 1]", "ARRAY[1]::text[]", "ARRAY['x']::int[]", "'{abc,def}'::varchar(2)[]", "'{1.234}'::numeric(3,1)[]",
    "1 = ANY(ARRAY[1,2])", "3 = ANY(ARRAY[1,2])", "3 = ANY('{1,NULL}')", "1 = ANY('{}'::int[])", "NULL = ANY('{}'::int[])",
    "1 < ALL(ARRAY[2,3])", "1 < ALL(ARRAY[2,NULL])", "5 <> ALL(ARRAY[1,2])", "'a' = ANY(ARRAY['a','b'])",
    "1 = ANY(NULL::int[])", "1 = ANY(1)", "1 = ANY(ARRAY['x'])", "'b' LIKE ANY(ARRAY['a%', 'b%'])",
    "ARRAY[1,2] = ARRAY[1,2]", "ARRAY[1,NULL] = ARRAY[1,NULL]", "ARRAY[1] <> ARRAY[1,2]", "ARRAY[1,2] @> ARRAY[2]",
    "ARRAY[1,NULL] @> ARRAY[NULL::int]", "ARRAY[1,2] <@ ARRAY[1,2,3]", "ARRAY[1,2] && ARRAY[2,3]",
    "ARRAY[1] || 2", "0 || ARRAY[1]", "ARRAY[1] || ARRAY[2,3]", "ARRAY[1] || NULL::int[]", "NULL::int[] || 1",
    "ARRAY['a'] || 'b'", "array_length(ARRAY[1,2], 1)", "array_length('{}'::int[], 1)", "array_length(ARRAY[1], 2)",
    "cardinality(ARRAY[1,2,3])", "cardinality('{}'::int[])", "array_upper(ARRAY[1,2], 1)", "array_lower(ARRAY[1], 1)",
    "array_to_string(ARRAY[1,NULL,3], ',')", "array_to_string(ARRAY['a',NULL], '-', '*')", "ARRAY[true, false]",
    "ARRAY['a'::char(3)]", "ARRAY[1.50, 2]", "NULLIF(ARRAY[1], ARRAY[2])", "NULLIF(ARRAY[1], ARRAY[1]) IS NULL",
    "ARRAY[]::text[] || (NULLIF(ARRAY['c']::text[], '{}'::text[]) || ARRAY[NULL::text, '0..0'::char(5)])",
]
UUIDS = [
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid",
    "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid", "'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid",
    "'a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11'::uuid", "'a0eebc999c0b4ef8bb6d6bb9bd380a1'::uuid",
    "' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-'::uuid",
    "'a-0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid < 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
    "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text", "gen_random_uuid() IS NULL",
]


@pytest.mark.pg
@pytest.mark.parametrize("cases", [JSONB, ARRAYS, UUIDS], ids=["jsonb", "arrays", "uuid"])
def test_values_as_the_server_computes_them(pg_database, cases):
    found = disagreements(pg_database.dsn, [c for c in cases if c != "gen_random_uuid() IS NULL"])
    assert not found, found
