-- 044_fix_assistant_service_timing.sql
-- Assistant runs were timing out; record sync timings and raise the timeout.

ALTER TABLE assistant_knowledge
    ADD COLUMN IF NOT EXISTS last_synced_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS sync_duration_ms INTEGER,
    ALTER COLUMN updated_at SET DEFAULT CURRENT_TIMESTAMP;

UPDATE system_config
   SET value = '45000', description = 'OpenAI assistant timeout (raised: runs were timing out)'
 WHERE key = 'assistant_timeout_ms';

INSERT INTO system_config (key, value, description)
VALUES ('assistant_poll_interval_ms', '500', 'Polling interval while waiting for an assistant run')
ON CONFLICT (key) DO NOTHING;
