-- case: enum labels in their final order; indexes follow their table, a foreign key on a unique index waits for it
-- file: 001_types.sql
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE people (id int PRIMARY KEY, email text NOT NULL, moods mood[], current mood DEFAULT 'happy');
CREATE UNIQUE INDEX people_email_lower ON people (lower(email));
CREATE UNIQUE INDEX people_email ON people (email) INCLUDE (id);
CREATE INDEX people_sad ON people (id) WHERE current = 'sad';
CREATE TABLE mail (address text REFERENCES people (email));
-- file: 002_more.sql
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TYPE mood RENAME TO feeling;
ALTER TYPE feeling RENAME VALUE 'sad' TO 'blue';
-- ===== expected =====
-- ===== Types =================================================================

CREATE TYPE feeling AS ENUM (
    'blue',
    'ok',
    'happy'
);

-- ===== Tables ================================================================

CREATE TABLE people (
    id integer,
    email text NOT NULL,
    moods feeling[],
    current feeling DEFAULT 'happy',
    CONSTRAINT people_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX people_email ON people (email) INCLUDE (id);
CREATE UNIQUE INDEX people_email_lower ON people ((lower(email)));
CREATE INDEX people_sad ON people (id) WHERE current = 'blue';

CREATE TABLE mail (
    address text,
    CONSTRAINT mail_address_fkey FOREIGN KEY (address) REFERENCES people (email)
);

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
VALUES ('000_consolidated_baseline', '4eb27bba2b524ca36052d80429c4b6291ef5b645c87a81b9b1c53c38c3427a54', true, $rollback$
DROP TABLE IF EXISTS mail;
DROP TABLE IF EXISTS people;
DROP TYPE IF EXISTS feeling;
$rollback$)
ON CONFLICT (version) DO NOTHING;
