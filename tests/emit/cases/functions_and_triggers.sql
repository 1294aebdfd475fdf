-- case: functions before the tables (a SQL body after the tables it reads), triggers after every table
-- file: 001_functions.sql
CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, updated_at timestamptz);
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM notes $$;
-- file: 002_replace.sql
CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END $$;
COMMENT ON FUNCTION touch() IS 'stamps updated_at';
ALTER TABLE notes DISABLE TRIGGER notes_touch;
-- ===== expected =====
-- ===== Functions and procedures ==============================================

CREATE FUNCTION touch()
    RETURNS trigger
    LANGUAGE plpgsql
    AS $function$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END $function$;

-- ===== Tables ================================================================

CREATE TABLE notes (
    id serial,
    body text NOT NULL,
    updated_at timestamptz,
    CONSTRAINT notes_pkey PRIMARY KEY (id)
);

-- ===== Functions and procedures ==============================================

CREATE FUNCTION note_count()
    RETURNS bigint
    LANGUAGE sql
    STABLE
    AS $function$ SELECT count(*) FROM notes $function$;

-- ===== Triggers ==============================================================

CREATE TRIGGER notes_touch BEFORE UPDATE ON notes
    FOR EACH ROW
    EXECUTE FUNCTION touch();
ALTER TABLE notes DISABLE TRIGGER notes_touch;

-- ===== Comments ==============================================================

COMMENT ON ROUTINE touch() IS 'stamps updated_at';

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
VALUES ('000_consolidated_baseline', 'ae3c171674102e532f8a99cef8358416a96365cac0c3a10af4a8ae6ac0e48a20', true, $rollback$
DROP TABLE IF EXISTS notes;
DROP ROUTINE IF EXISTS touch();
DROP ROUTINE IF EXISTS note_count();
$rollback$)
ON CONFLICT (version) DO NOTHING;
