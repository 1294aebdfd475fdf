-- case: types before what uses them, in dependency order: a domain over an enum, a composite type of both, a range renamed after it was made; NOT VALID domain checks after their domain
-- file: 001_types.sql
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN feeling AS mood NOT NULL DEFAULT 'ok';
CREATE DOMAIN amount AS numeric(10, 2) CHECK (VALUE >= 0);
CREATE TYPE reading AS (m feeling, score amount, note text COLLATE "C");
CREATE TYPE score_range AS RANGE (subtype = numeric);
CREATE TABLE diary (id int PRIMARY KEY, r reading, span score_range, spans score_multirange);
-- file: 002_change.sql
ALTER DOMAIN amount ADD CONSTRAINT amount_small CHECK (VALUE < 1000) NOT VALID;
ALTER TYPE reading ADD ATTRIBUTE at timestamptz;
ALTER TYPE score_range RENAME TO points;
COMMENT ON DOMAIN amount IS 'money, never negative';
COMMENT ON CONSTRAINT amount_small ON DOMAIN amount IS 'checked from now on';
COMMENT ON COLUMN reading.note IS 'free text';
-- ===== expected =====
-- ===== Types =================================================================

CREATE DOMAIN amount AS numeric(10,2)
    CONSTRAINT amount_check CHECK (VALUE >= 0);

CREATE TYPE mood AS ENUM (
    'ok',
    'sad'
);

CREATE DOMAIN feeling AS mood
    DEFAULT 'ok'
    NOT NULL;

CREATE TYPE score_range AS RANGE (subtype = numeric, multirange_type_name = score_multirange);
ALTER TYPE score_range RENAME TO points;

CREATE TYPE reading AS (
    m feeling,
    score amount,
    note text COLLATE "C",
    at timestamptz
);

ALTER DOMAIN amount ADD CONSTRAINT amount_small CHECK (VALUE < 1000) NOT VALID;

-- ===== Tables ================================================================

CREATE TABLE diary (
    id integer,
    r reading,
    span points,
    spans score_multirange,
    CONSTRAINT diary_pkey PRIMARY KEY (id)
);

-- ===== Comments ==============================================================

COMMENT ON TYPE amount IS 'money, never negative';
COMMENT ON CONSTRAINT amount_small ON DOMAIN amount IS 'checked from now on';
COMMENT ON COLUMN reading.note IS 'free text';

-- ===== Migration tracking ====================================================

CREATE TABLE IF NOT EXISTS schema_migrations (
  version VARCHAR(255) PRIMARY KEY,
  executed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  checksum VARCHAR(64),
  success BOOLEAN DEFAULT true,
  rollback_sql TEXT
);

-- The baseline's own row: checksum is the input fingerprint above; rollback_sql drops what this file built.
INSERT INTO schema_migrations (version, checksum, success, rollback_sql)
VALUES ('000_consolidated_baseline', '2465bba5bce4133e06ae176e713b828e82a5fdd4cdce7035aca7b371c679fd89', true, $rollback$
DROP TABLE IF EXISTS diary;
DROP TYPE IF EXISTS reading;
DROP TYPE IF EXISTS points;
DROP TYPE IF EXISTS feeling;
DROP TYPE IF EXISTS mood;
DROP TYPE IF EXISTS amount;
$rollback$)
ON CONFLICT (version) DO NOTHING;
