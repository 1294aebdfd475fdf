-- case: foreign keys in table order; the key that closes a cycle and a self-reference come after all tables
-- file: 001_users.sql
CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, manager_id int REFERENCES users (id));
-- file: 002_tickets.sql
CREATE TABLE tickets (id int PRIMARY KEY, user_id int REFERENCES users (id) ON DELETE CASCADE);
-- file: 003_last_ticket.sql
ALTER TABLE users ADD COLUMN last_ticket_id int REFERENCES tickets (id) ON DELETE SET NULL;
CREATE TABLE audit (id int, ticket_id int);
ALTER TABLE audit ADD FOREIGN KEY (ticket_id) REFERENCES tickets DEFERRABLE INITIALLY DEFERRED;
-- ===== expected =====
-- ===== Tables ================================================================

CREATE TABLE users (
    id integer,
    email text,
    manager_id integer,
    last_ticket_id integer,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE tickets (
    id integer,
    user_id integer,
    CONSTRAINT tickets_pkey PRIMARY KEY (id),
    CONSTRAINT tickets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE audit (
    id integer,
    ticket_id integer,
    CONSTRAINT audit_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets (id) DEFERRABLE INITIALLY DEFERRED
);

-- ===== Foreign keys added after their tables (cycles and self-references) ====

ALTER TABLE users ADD CONSTRAINT users_last_ticket_id_fkey FOREIGN KEY (last_ticket_id) REFERENCES tickets (id) ON DELETE SET NULL;
ALTER TABLE users ADD CONSTRAINT users_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES users (id);

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
VALUES ('000_consolidated_baseline', 'ffc07b7b1c4de29f896f960d2d312c3b8803d294031415d6b87865531de2f70c', true, $rollback$
ALTER TABLE IF EXISTS users DROP CONSTRAINT IF EXISTS users_last_ticket_id_fkey;
ALTER TABLE IF EXISTS users DROP CONSTRAINT IF EXISTS users_manager_id_fkey;
DROP TABLE IF EXISTS audit;
DROP TABLE IF EXISTS tickets;
DROP TABLE IF EXISTS users;
$rollback$)
ON CONFLICT (version) DO NOTHING;
