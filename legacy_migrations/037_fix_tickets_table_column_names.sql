-- 037_fix_tickets_table_column_names.sql
-- The API and the frontend use user_id / assigned_to; the baseline had
-- created_by_id / assigned_to_id. Rename the columns instead of mapping them in code.

ALTER TABLE tickets RENAME COLUMN created_by_id TO user_id;
ALTER TABLE tickets RENAME CONSTRAINT tickets_created_by_id_fkey TO tickets_user_id_fkey;
ALTER INDEX idx_tickets_created_by RENAME TO idx_tickets_user_id;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'tickets' AND column_name = 'assigned_to_id') THEN
        ALTER TABLE tickets RENAME COLUMN assigned_to_id TO assigned_to;
    END IF;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'tickets_assigned_to_id_fkey') THEN
        ALTER TABLE tickets RENAME CONSTRAINT tickets_assigned_to_id_fkey TO tickets_assigned_to_fkey;
    END IF;
END $$;

-- some dev databases were created by the ORM with camelCase columns
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'tickets' AND column_name = 'createdAt') THEN
        ALTER TABLE tickets RENAME COLUMN "createdAt" TO created_at;
    END IF;
END $$;
