-- 038: record the platform of each push subscription; failed_attempts is unused

ALTER TABLE push_subscriptions ADD COLUMN platform VARCHAR(20) NOT NULL DEFAULT 'web';
ALTER TABLE push_subscriptions DROP COLUMN IF EXISTS failed_attempts;
ALTER TABLE push_subscriptions DROP COLUMN IF EXISTS retry_after;
