"""The spellings the type grammar maps to built-in types, found by asking the server.

Nothing is typed in: the candidate phrases are built from the server's keywords (pg_get_keywords) and
its own type names as format_type prints them. A phrase of keywords is probed with to_regtype; phrases
that resolve to a type, that are valid names of no type yet (``double``), or that end too early for the
grammar (``timestamp without``) are extended by one more keyword, up to four words. format_type's
outputs (``timestamp with time zone``) are probed as well: the lexer's WITH TIME lookahead makes
``timestamp with`` a syntax error on its own, so the breadth-first search cannot reach them.
"""

from __future__ import annotations

import psycopg

_PROBE = """
CREATE FUNCTION pg15gen_probe(p text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r regtype;
BEGIN
  r := to_regtype(p);
  IF r IS NULL THEN RETURN '?'; END IF;
  RETURN r::oid::text;
EXCEPTION WHEN syntax_error THEN
  IF SQLERRM LIKE '%at end of input' THEN RETURN '...'; END IF;
  RETURN '-';
WHEN others THEN RETURN '-';
END $f$
"""

MAX_WORDS = 4


def _probe(conn: psycopg.Connection, phrases: list[str]) -> dict[str, str]:
    rows = conn.execute(
        "SELECT p, pg15gen_probe(p) FROM unnest(%s::text[]) AS p", (phrases,)).fetchall()
    return dict(rows)


def type_spellings(conn: psycopg.Connection, names: dict[int, str], arrays: set[str]) -> list[list]:
    """[spelling, type] for every phrase that resolves to a non-array type and is not that type's own name.

    ``conn`` must be a scratch database (a probe function is created there).
    """
    conn.execute(_PROBE)
    keywords = sorted(r[0] for r in conn.execute("SELECT word FROM pg_get_keywords()"))
    found: dict[str, str] = {}

    def record(results: dict[str, str]) -> list[str]:
        alive = []
        for phrase, outcome in results.items():
            if outcome == "...":
                alive.append(phrase)
            elif outcome not in ("?", "-"):
                typ = names[int(outcome)]
                if typ in arrays:
                    continue
                found[phrase] = typ
                alive.append(phrase)
            elif outcome == "?" and " " not in phrase:
                alive.append(phrase)  # a valid name of no type: the first word of "double precision"
        return alive

    frontier = record(_probe(conn, keywords))
    for _ in range(MAX_WORDS - 1):
        if not frontier:
            break
        frontier = record(_probe(conn, [f"{p} {w}" for p in sorted(frontier) for w in keywords]))

    formats = sorted({r[0] for r in conn.execute(
        "SELECT format_type(oid, NULL) FROM pg_type WHERE typnamespace = 'pg_catalog'::regnamespace")})
    for phrase, outcome in _probe(conn, formats).items():
        if outcome in ("?", "-", "..."):
            raise SystemExit(f"gen_pg15: format_type output {phrase!r} does not resolve to a type")
        if names[int(outcome)] not in arrays:
            found.setdefault(phrase, names[int(outcome)])
    conn.execute("DROP FUNCTION pg15gen_probe(text)")
    return sorted([phrase, typ] for phrase, typ in found.items() if phrase != typ)


SPELLINGS_HEADER = ["spelling", "type"]
