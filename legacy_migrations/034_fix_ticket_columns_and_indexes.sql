-- 034_fix_ticket_columns_and_indexes.sql
-- Titles longer than 255 were rejected, photos were stored in metadata,
-- and "general" tickets could not be created.

ALTER TABLE tickets ADD COLUMN IF NOT EXISTS location VARCHAR(100);

ALTER TABLE tickets
    ADD COLUMN IF NOT EXISTS photo_urls TEXT[] DEFAULT '{}',
    ALTER COLUMN title TYPE VARCHAR(500),
    ALTER COLUMN description DROP NOT NULL,
    ALTER COLUMN metadata SET DEFAULT '{"source": "dashboard"}'::jsonb;

ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_category_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_category_check CHECK (category IN ('facilities', 'tech', 'general'));

DROP INDEX IF EXISTS idx_tickets_category;
CREATE INDEX IF NOT EXISTS idx_tickets_location ON tickets(location);
CREATE INDEX IF NOT EXISTS idx_tickets_open ON tickets(priority, created_at DESC)
    WHERE status IN ('open', 'in-progress');

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'idx_tickets_assigned_to') THEN
        CREATE INDEX idx_tickets_assigned_to ON tickets(assigned_to_id);
    END IF;
END $$;
