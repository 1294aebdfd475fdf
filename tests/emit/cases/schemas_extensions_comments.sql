-- case: an extension waits for the schema it goes into; comments on every kind come last
-- file: 001_setup.sql
CREATE SCHEMA crm;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA crm;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TYPE crm.stage AS ENUM ('lead', 'customer');
CREATE TABLE crm.contacts (id uuid DEFAULT uuid_generate_v4() PRIMARY KEY, stage crm.stage NOT NULL DEFAULT 'lead');
CREATE INDEX contacts_stage_idx ON crm.contacts (stage);
COMMENT ON SCHEMA crm IS 'sales';
COMMENT ON EXTENSION pgcrypto IS 'hashing';
COMMENT ON TYPE crm.stage IS 'where a contact is';
COMMENT ON TABLE crm.contacts IS 'people';
COMMENT ON COLUMN crm.contacts.stage IS 'it''s the stage';
COMMENT ON CONSTRAINT contacts_pkey ON crm.contacts IS 'the key';
COMMENT ON INDEX crm.contacts_stage_idx IS 'by stage';
-- ===== expected =====
-- ===== Schemas ===============================================================

CREATE SCHEMA crm;

-- ===== Extensions ============================================================

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA crm;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;

-- ===== Types =================================================================

CREATE TYPE crm.stage AS ENUM (
    'lead',
    'customer'
);

-- ===== Tables ================================================================

CREATE TABLE crm.contacts (
    id uuid DEFAULT uuid_generate_v4(),
    stage crm.stage DEFAULT 'lead' NOT NULL,
    CONSTRAINT contacts_pkey PRIMARY KEY (id)
);
CREATE INDEX contacts_stage_idx ON crm.contacts (stage);

-- ===== Comments ==============================================================

COMMENT ON EXTENSION pgcrypto IS 'hashing';
COMMENT ON SCHEMA crm IS 'sales';
COMMENT ON TYPE crm.stage IS 'where a contact is';
COMMENT ON TABLE crm.contacts IS 'people';
COMMENT ON COLUMN crm.contacts.stage IS 'it''s the stage';
COMMENT ON CONSTRAINT contacts_pkey ON crm.contacts IS 'the key';
COMMENT ON INDEX crm.contacts_stage_idx IS 'by stage';

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
VALUES ('000_consolidated_baseline', 'd0cc792ae84232807983394acd24deddf380430e6c39ab7d5b4bd9e4df0304a9', true, $rollback$
DROP TABLE IF EXISTS crm.contacts;
DROP TYPE IF EXISTS crm.stage;
DROP SCHEMA IF EXISTS crm;
DROP EXTENSION IF EXISTS pgcrypto;
DROP EXTENSION IF EXISTS "uuid-ossp";
$rollback$)
ON CONFLICT (version) DO NOTHING;
