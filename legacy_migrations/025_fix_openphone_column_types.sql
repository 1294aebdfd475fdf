-- 025_fix_openphone_column_types.sql
-- messages was created as json (no equality operator, no GIN), timestamps without time zone,
-- and international numbers do not fit in varchar(20).

ALTER TABLE openphone_conversations
    ALTER COLUMN phone_number TYPE VARCHAR(50),
    ALTER COLUMN messages DROP DEFAULT,
    ALTER COLUMN messages TYPE JSONB USING messages::jsonb,
    ALTER COLUMN messages SET DEFAULT '[]'::jsonb,
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ,
    ALTER COLUMN last_read_at TYPE TIMESTAMPTZ,
    ALTER COLUMN last_message_at TYPE TIMESTAMPTZ;

ALTER TABLE openphone_conversations ALTER COLUMN unread_count SET NOT NULL;
