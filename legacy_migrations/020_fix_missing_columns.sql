-- 020_fix_missing_columns.sql
-- Prod and dev drifted apart: some columns were added by hand on one side only.
-- Every change below is guarded so it can run on both.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'openphone_conversations' AND column_name = 'conversation_id') THEN
        ALTER TABLE openphone_conversations ADD COLUMN conversation_id VARCHAR(255);
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = 'openphone_conversations' AND column_name = 'assistant_type') THEN
        ALTER TABLE openphone_conversations ADD COLUMN assistant_type VARCHAR(50);
        CREATE INDEX idx_openphone_assistant_type ON openphone_conversations(assistant_type);
    END IF;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_name = 'openphone_conversations' AND column_name = 'employee_name') THEN
        EXECUTE 'COMMENT ON COLUMN openphone_conversations.employee_name IS ''Staff member who handled the conversation''';
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'users' AND column_name = 'last_login') THEN
        ALTER TABLE users ADD COLUMN last_login TIMESTAMPTZ;
    ELSE
        CREATE INDEX IF NOT EXISTS idx_users_last_login ON users(last_login DESC NULLS LAST);
    END IF;
END $$;

ALTER TABLE openphone_conversations ALTER COLUMN phone_number SET NOT NULL;

ALTER TABLE feedback ADD COLUMN IF NOT EXISTS slack_thread_ts VARCHAR(255);
ALTER TABLE feedback
    ADD COLUMN IF NOT EXISTS slack_user_name VARCHAR(255),
    ADD COLUMN IF NOT EXISTS slack_reply TEXT;
