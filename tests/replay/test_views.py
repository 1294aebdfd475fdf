"""Views and materialized views against PostgreSQL 15: each history is replayed by the model and by the server,
and `consolidator verify` must find nothing (the same files fail with the same SQLSTATE; pg_get_viewdef,
columns, indexes and comments equal)."""

from __future__ import annotations

import pytest


T = ("CREATE TABLE users (id int PRIMARY KEY, email text, active boolean DEFAULT true);\n"
     "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users, total numeric(10,2));\n")

CASES = {
    "a view on a view; * is expanded when the view is created": (
        {"001.sql": T + "CREATE VIEW live AS SELECT * FROM users WHERE active;\n"
                        "CREATE VIEW live_emails AS SELECT l.email FROM live l;\n",
         "002.sql": "ALTER TABLE users ADD COLUMN nickname text;\n"}, {}),
    "OR REPLACE may add columns at the end only": (
        {"001.sql": T + "CREATE VIEW v AS SELECT id, email FROM users;\n",
         "002.sql": "CREATE OR REPLACE VIEW v AS SELECT id, email, active FROM users;\n",
         "003.sql": "CREATE OR REPLACE VIEW v AS SELECT id FROM users;\n",
         "004.sql": "CREATE OR REPLACE VIEW v AS SELECT id, email AS mail, active FROM users;\n",
         "005.sql": "CREATE OR REPLACE VIEW v AS SELECT id, email::varchar AS email, active FROM users;\n"},
        {"003.sql": "42P16", "004.sql": "42P16", "005.sql": "42P16"}),
    "DROP COLUMN blocked by a view; CASCADE drops the view and the views on it": (
        {"001.sql": T + "CREATE VIEW v AS SELECT id, email FROM users;\nCREATE VIEW w AS SELECT email FROM v;\n",
         "002.sql": "ALTER TABLE users DROP COLUMN email;\n",
         "003.sql": "ALTER TABLE users DROP COLUMN active;\n",
         "004.sql": "ALTER TABLE users DROP COLUMN email CASCADE;\n"}, {"002.sql": "2BP01"}),
    "ALTER COLUMN TYPE of a column a view reads": (
        {"001.sql": T + "CREATE VIEW v AS SELECT id, email FROM users;\n",
         "002.sql": "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);\n",
         "003.sql": "ALTER TABLE users ALTER COLUMN active TYPE int USING active::int;\n",
         "004.sql": "ALTER TABLE users ALTER COLUMN active DROP DEFAULT, ALTER COLUMN active TYPE int USING active::int;\n"},
        {"002.sql": "0A000", "003.sql": "42804"}),
    "DROP TABLE with a view on it; CASCADE": (
        {"001.sql": T + "CREATE VIEW v AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id;\n",
         "002.sql": "DROP TABLE orders;\n",
         "003.sql": "DROP TABLE orders CASCADE;\n"}, {"002.sql": "2BP01"}),
    "a materialized view with a unique index, refreshed": (
        {"001.sql": T + "CREATE MATERIALIZED VIEW totals AS SELECT user_id, sum(total) AS total FROM orders "
                        "GROUP BY user_id WITH NO DATA;\nCREATE UNIQUE INDEX totals_user ON totals (user_id);\n",
         "002.sql": "REFRESH MATERIALIZED VIEW totals;\nREFRESH MATERIALIZED VIEW CONCURRENTLY totals;\n"
                    "CREATE MATERIALIZED VIEW counts (n) AS SELECT count(*) FROM users;\n"
                    "COMMENT ON MATERIALIZED VIEW counts IS 'how many';\n"}, {}),
    "renames reach the views that read them": (
        {"001.sql": T + "CREATE VIEW v AS SELECT users.id, users.email FROM users;\n"
                        "CREATE VIEW w AS SELECT * FROM v;\n",
         "002.sql": "ALTER TABLE users RENAME COLUMN email TO mail;\nALTER TABLE users RENAME TO people;\n"
                    "ALTER VIEW v RENAME COLUMN id TO person_id;\nALTER VIEW v RENAME TO people_v;\n"
                    "COMMENT ON COLUMN people_v.email IS 'still called email';\n"}, {}),
    "what parse analysis refuses": (
        {"001.sql": T,
         "002.sql": "CREATE VIEW a AS SELECT * FROM missing;\n",
         "003.sql": "CREATE VIEW b AS SELECT nope FROM users;\n",
         "004.sql": "CREATE VIEW c AS SELECT id FROM users JOIN orders ON true;\n",
         "005.sql": "CREATE VIEW d AS SELECT u.id, u.id FROM users u;\n",
         "006.sql": "CREATE VIEW e AS SELECT x.id FROM users;\n"},
        {"002.sql": "42P01", "003.sql": "42703", "004.sql": "42702", "005.sql": "42701", "006.sql": "42P01"}),
    "DROP VIEW and DROP MATERIALIZED VIEW": (
        {"001.sql": T + "CREATE VIEW v AS SELECT id FROM users;\n",
         "002.sql": "DROP MATERIALIZED VIEW v;\n",
         "003.sql": "DROP VIEW IF EXISTS nope, v;\nDROP VIEW IF EXISTS v;\n",
         "004.sql": "DROP VIEW users;\n"}, {"002.sql": "42809", "004.sql": "42809"}),
    "a view that calls a function": (
        {"001.sql": T + "CREATE FUNCTION masked(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT left($1, 2) $$;\n"
                        "CREATE VIEW v AS SELECT id, masked(email) AS email FROM users;\n",
         "002.sql": "DROP FUNCTION masked(text);\n"}, {"002.sql": "2BP01"}),
    "subqueries, CTEs, UNION, correlated subqueries, column aliases": (
        {"001.sql": T + "CREATE VIEW q AS\n"
                        "  WITH big AS (SELECT user_id, total FROM orders WHERE total > 10)\n"
                        "  SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS n,\n"
                        "         EXISTS (SELECT 1 FROM big b WHERE b.user_id = u.id) AS has_big\n"
                        "  FROM users u\n"
                        "  UNION ALL SELECT s.a, s.b, false FROM (SELECT id, 0::bigint FROM orders) AS s (a, b);\n"
                        "CREATE VIEW r (uid, mail) AS SELECT id, email FROM users ORDER BY email;\n"}, {}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_views_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])
