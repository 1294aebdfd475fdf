"""Computing expressions on the test server in batches, and in the model, as comparable outcomes:
("ok", text output or "<null>"), ("error", SQLSTATE), or for the model ("not modelled", reason)."""

from __future__ import annotations

import pglast
import psycopg

from consolidator.errors import NotModelled, PgError
from consolidator.query.scalar import evaluate

# Each expression is run by EXECUTE, planned alone as a SELECT would be; its text output is what format('%s')
# prints (the type's output function), an error its SQLSTATE. Hex keeps newlines and NULs apart from the framing.
_EVALUATOR = r"""
CREATE OR REPLACE FUNCTION pg_temp.outcome(e text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
    EXECUTE 'SELECT CASE WHEN (' || e || ') IS NULL THEN NULL ELSE format(''%s'', (' || e || ')) END' INTO r;
    RETURN CASE WHEN r IS NULL THEN 'null' ELSE 'ok:' || encode(convert_to(r, 'UTF8'), 'hex') END;
EXCEPTION WHEN OTHERS THEN
    RETURN 'error:' || SQLSTATE;
END $f$;
"""


def server_outcomes(dsn: str, expressions: list[str]) -> list[tuple[str, str]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(_EVALUATOR)
        rows = conn.execute("SELECT pg_temp.outcome(e) FROM unnest(%s::text[]) WITH ORDINALITY AS x(e, i) ORDER BY i",
                            [expressions]).fetchall()
    out = []
    for (r,) in rows:
        if r == "null":
            out.append(("ok", "<null>"))
        elif r.startswith("ok:"):
            out.append(("ok", bytes.fromhex(r[3:]).decode()))
        else:
            out.append(("error", r.split(":", 1)[1]))
    return out


def parse_expression(text: str):
    return pglast.parse_sql(f"SELECT {text}")[0].stmt.targetList[0].val


def model_outcome(text: str) -> tuple[str, str]:
    try:
        datum = evaluate(parse_expression(text))
    except PgError as e:
        return "error", e.sqlstate
    except NotModelled as e:
        return "not modelled", str(e)
    return "ok", "<null>" if datum.text is None else datum.text


def disagreements(dsn: str, expressions: list[str]) -> str:
    """Each expression on which the model and the server differ, with both outcomes ('' when none does)."""
    expected = server_outcomes(dsn, expressions)
    return "\n".join(f"{e}\n    model {got}\n    server {want}" for e, want in zip(expressions, expected)
                     if (got := model_outcome(e)) != want)
