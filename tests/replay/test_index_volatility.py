"""Index expressions that are not IMMUTABLE fail with 42P17, as on PostgreSQL 15 (pg15's pg_proc and pg_cast).

Each expression is tried on the server and in the model: the verdicts must be the same. The cases are the calls
and casts migrations write in expression indexes, with the ones whose volatility depends on the argument type.
"""

from __future__ import annotations

import pytest

from consolidator.verify.legacy import replay_folder

TABLE = "CREATE TABLE t (d date, tz timestamptz, ts timestamp, s text, n numeric, i int, b boolean, j jsonb);\n"
EXPRESSIONS = [
    "d::text", "date_trunc('day', tz)", "date_trunc('day', ts)", "lower(s)", "concat(s, s)",
    "jsonb_build_object('a', s)", "tz::date", "ts::date", "d::timestamp", "s::date", "n::text",
    "extract(year from ts)", "extract(year from tz)", "age(ts)", "age(ts, ts)", "upper(s) || 'x'",
    "to_char(ts, 'YYYY')", "md5(s)", "i::text", "b::int", "j->>'a'", "coalesce(s, 'x')", "format('%s', s)",
    "array_to_string(ARRAY[s], ',')", "s::uuid", "now()", "random() > 0.5",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_index_expression_volatility_as_on_postgres(expression, replay_sql, pg_server, tmp_path, request):
    sql = TABLE + f"CREATE INDEX ON t (({expression}));\n"
    model = replay_sql({"001.sql": sql}).failed_files.get("001.sql")
    (tmp_path / "001.sql").write_text(sql)
    name = f"vol_{abs(hash(expression)) % 10**8}"
    pg_server.create_database(name)
    try:
        server = replay_folder(pg_server, name, tmp_path).failed.get("001.sql")
    finally:
        pg_server.drop_database(name)
    assert (model.sqlstate if model else None) == (server.first_error.sqlstate if server else None)
