-- 047: digest e-mails; quiet hours have no default any more (set by the UI)

ALTER TABLE notification_preferences
    ADD COLUMN digest_frequency VARCHAR(20) DEFAULT 'never' CHECK (digest_frequency IN ('never', 'daily', 'weekly')),
    ALTER COLUMN quiet_hours_start DROP DEFAULT,
    ALTER COLUMN quiet_hours_end DROP DEFAULT,
    ALTER COLUMN messages_enabled SET NOT NULL;

ALTER TABLE notification_history ALTER COLUMN status TYPE VARCHAR(30);

CREATE INDEX idx_remote_action_history_initiated_by ON remote_action_history(initiated_by);
