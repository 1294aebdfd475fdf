"""Domains, composite types and range types against PostgreSQL 15: each history is replayed by the model and by
the server; the same files must fail with the same SQLSTATE, and `verify` must find no difference."""

from __future__ import annotations

import pytest


CASES = {
    "a domain with a default, NOT NULL and checks, used by a table": (
        {"001.sql": "CREATE DOMAIN email AS text COLLATE \"C\" DEFAULT 'nobody@example.com' NOT NULL\n"
                    "  CHECK (VALUE ~ '@') CONSTRAINT email_short CHECK (length(VALUE) < 255);\n"
                    "CREATE TABLE users (id int PRIMARY KEY, mail email, backup email DEFAULT 'x@y');\n"
                    "COMMENT ON DOMAIN email IS 'an address';\n"
                    "COMMENT ON CONSTRAINT email_short ON DOMAIN email IS 'RFC 5321';\n",
         "002.sql": "ALTER DOMAIN email ADD CHECK (VALUE <> '');\n"
                    "ALTER DOMAIN email ADD CONSTRAINT lower_only CHECK (VALUE = lower(VALUE)) NOT VALID;\n"
                    "ALTER DOMAIN email DROP NOT NULL;\nALTER DOMAIN email SET DEFAULT 'root@example.com';\n"
                    "ALTER DOMAIN email RENAME CONSTRAINT email_check TO has_at;\n",
         "003.sql": "ALTER DOMAIN email DROP CONSTRAINT nope;\n",
         "004.sql": "ALTER DOMAIN email DROP CONSTRAINT IF EXISTS nope;\nALTER DOMAIN email VALIDATE CONSTRAINT lower_only;\n"
                    "ALTER DOMAIN email RENAME TO address;\n"}, {"003.sql": "42704"}),
    "generated check names avoid every constraint name of the schema": (
        {"001.sql": "CREATE TABLE t (a int CONSTRAINT d3_check CHECK (a > 0));\n"
                    "CREATE DOMAIN d1 AS int CONSTRAINT d2_check CHECK (VALUE > 0);\n"
                    "CREATE DOMAIN d2 AS int CHECK (VALUE > 0);\nCREATE DOMAIN d3 AS int CHECK (VALUE > 0) CHECK (VALUE < 9);\n"}, {}),
    "what CREATE DOMAIN refuses": (
        {"001.sql": "CREATE DOMAIN d AS int;\n",
         "002.sql": "CREATE DOMAIN d AS int;\n",
         "003.sql": "CREATE TABLE d4 ();\nCREATE DOMAIN d4 AS int;\n",
         "004.sql": "CREATE DOMAIN d5 AS int NOT NULL NULL;\n",
         "005.sql": "CREATE DOMAIN d6 AS int DEFAULT 1 DEFAULT 2;\n",
         "006.sql": "CREATE DOMAIN d7 AS int UNIQUE;\n",
         "007.sql": "CREATE DOMAIN d8 AS int CHECK (VALUE > 0) NO INHERIT;\n",
         "008.sql": "CREATE DOMAIN d9 AS nope;\n",
         "009.sql": "CREATE DOMAIN d10 AS int CHECK (x > 0);\n",
         "010.sql": "CREATE DOMAIN d11 AS int DEFAULT 'x';\n",
         "011.sql": "CREATE DOMAIN d12 AS int CHECK (VALUE > (SELECT 1));\n",
         "012.sql": "CREATE DOMAIN d13 AS int CONSTRAINT c CHECK (VALUE > 0) CONSTRAINT c CHECK (VALUE < 9);\n"},
        {"002.sql": "42710", "003.sql": "42710", "004.sql": "42601", "005.sql": "42601", "006.sql": "42601",
         "007.sql": "42P17", "008.sql": "42704", "009.sql": "42703", "010.sql": "22P02", "011.sql": "0A000",
         "012.sql": "42710"}),
    "DROP TYPE with dependents; CASCADE takes the domain, the columns and the attribute": (
        {"001.sql": "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE DOMAIN feeling AS mood;\n"
                    "CREATE TYPE pair AS (m mood, n int);\nCREATE TABLE t (a feeling, b pair, z int);\n"
                    "CREATE FUNCTION cheer(feeling) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n",
         "002.sql": "DROP TYPE mood;\n",
         "003.sql": "DROP DOMAIN pair;\n",
         "004.sql": "DROP TYPE feeling, mood CASCADE;\n"}, {"002.sql": "2BP01", "003.sql": "42809"}),
    "composite types: attributes added, dropped, renamed, retyped": (
        {"001.sql": "CREATE TYPE addr AS (street text, zip varchar(10));\n"
                    "CREATE TABLE t (id int, a addr);\nCOMMENT ON COLUMN addr.zip IS 'postal code';\n",
         "002.sql": "ALTER TYPE addr ADD ATTRIBUTE city text, DROP ATTRIBUTE IF EXISTS nope;\n"
                    "ALTER TYPE addr RENAME ATTRIBUTE zip TO postcode;\nALTER TYPE addr DROP ATTRIBUTE city;\n",
         "003.sql": "ALTER TYPE addr ALTER ATTRIBUTE street TYPE varchar(50);\n",
         "004.sql": "ALTER TYPE addr ADD ATTRIBUTE postcode int;\n",
         "005.sql": "CREATE TYPE empty AS ();\nALTER TYPE empty ADD ATTRIBUTE x int;\n"
                    "ALTER TYPE empty ALTER ATTRIBUTE x TYPE bigint;\n",
         "006.sql": "CREATE TYPE dup AS (a text, a int);\n",
         "007.sql": "CREATE SEQUENCE addr;\n",
         "008.sql": "CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD ATTRIBUTE x int;\n"},
        {"003.sql": "0A000", "004.sql": "42701", "006.sql": "42701", "007.sql": "42P07", "008.sql": "42P01"}),
    "range types and their multiranges": (
        {"001.sql": "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);\n"
                    "CREATE TYPE span AS RANGE (subtype = int4, multirange_type_name = spans);\n"
                    "CREATE TABLE u (x floatrange, y floatmultirange, z spans);\n"
                    "CREATE TABLE v (w floatrange DEFAULT floatrange(0, 1));\n",
         "002.sql": "CREATE TYPE r AS RANGE (subtype_diff = float8mi);\n",
         "003.sql": "CREATE TYPE r AS RANGE (subtype = float8, subtype_diff = nope);\n",
         "004.sql": "CREATE TYPE r AS RANGE (subtype = float8, bogus = 1);\n",
         "005.sql": "CREATE TYPE r AS RANGE (subtype = int4, multirange_type_name = floatrange);\n",
         "006.sql": "DROP TYPE spans;\n",
         "007.sql": "CREATE TYPE r AS RANGE (subtype = int4, subtype_diff = float8mi);\n",
         "008.sql": "ALTER TYPE span RENAME TO interval_span;\nDROP TABLE v;\nDROP TYPE floatrange CASCADE;\n"},
        {"002.sql": "42601", "003.sql": "42883", "004.sql": "42601", "005.sql": "42710", "006.sql": "2BP01",
         "007.sql": "42883"}),
    "a renamed type reaches the columns and function signatures that use it": (
        {"001.sql": "CREATE DOMAIN posint AS int CHECK (VALUE > 0);\nCREATE TABLE t (n posint);\n"
                    "CREATE FUNCTION twice(posint) RETURNS posint LANGUAGE sql AS $$ SELECT $1 * 2 $$;\n",
         "002.sql": "ALTER TYPE posint RENAME TO positive;\nCOMMENT ON FUNCTION twice(positive) IS 'doubled';\n",
         "003.sql": "DROP FUNCTION twice(posint);\n"}, {"003.sql": "42704"}),
}


@pytest.mark.parametrize("title", list(CASES))
def test_user_types_as_on_postgres(title, as_on_postgres):
    as_on_postgres(*CASES[title])
