-- 043: feedback indexes for the analytics page

CREATE INDEX IF NOT EXISTS idx_feedback_user_id ON feedback(user_id);
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS response_time_ms INTEGER;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'feedback') THEN
        CREATE INDEX idx_feedback_created_at ON feedback(created_at);
    END IF;
END $$;

CREATE INDEX idx_feedback_location ON feedback(location);
