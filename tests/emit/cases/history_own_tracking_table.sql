-- case: the history keeps its own schema_migrations (golang-migrate's): the tool's table is consolidator_migrations
-- file: 001_init.sql
CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
CREATE TABLE widgets (id int PRIMARY KEY);
-- file: 002_drop_and_rename.sql
CREATE TABLE gadgets (id int PRIMARY KEY, widget_id int REFERENCES widgets);
ALTER TABLE gadgets RENAME CONSTRAINT gadgets_widget_id_fkey TO gadgets_widget_fk;
ALTER TABLE widgets RENAME TO parts;
DROP TABLE gadgets;
-- ===== expected =====
-- ===== Tables ================================================================

CREATE TABLE parts (
    id integer,
    CONSTRAINT widgets_pkey PRIMARY KEY (id)
);

CREATE TABLE schema_migrations (
    version bigint,
    dirty boolean NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

-- ===== Migration tracking ====================================================

CREATE TABLE IF NOT EXISTS consolidator_migrations (
  version VARCHAR(255) PRIMARY KEY,
  executed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  checksum VARCHAR(64),
  success BOOLEAN DEFAULT true,
  rollback_sql TEXT
);

-- The baseline's own row: checksum is the input fingerprint above; rollback_sql drops what this file built.
INSERT INTO consolidator_migrations (version, checksum, success, rollback_sql)
VALUES ('000_consolidated_baseline', 'aa176bdb85386c577947e66f8674ae77701748b96aa754251538fcbc4bfc6257', true, $rollback$
DROP TABLE IF EXISTS schema_migrations;
DROP TABLE IF EXISTS parts;
$rollback$)
ON CONFLICT (version) DO NOTHING;
