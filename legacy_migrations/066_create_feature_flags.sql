-- 066: dashboard feature flags (the automation toggles stay in ai_automation_features), and the short
-- prompt snippets the SMS replies are built from.
CREATE TABLE feature_flags (
    id SERIAL PRIMARY KEY,
    flag_key VARCHAR(100) UNIQUE NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT false,
    rollout_percent INTEGER NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    description TEXT,
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TRIGGER feature_flags_set_updated_at BEFORE UPDATE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO feature_flags (flag_key, enabled, rollout_percent, description) VALUES
    ('sms_autoreply', true, 100, 'Answer inbound SMS automatically'),
    ('booking_reminders', true, 50, 'Text a reminder an hour before a booking'),
    ('kiosk_checkin', false, 0, 'Self check-in on the lobby kiosk'),
    ('legacy_sop_search', true, 100, 'Search the old SOP documents');

CREATE TABLE prompt_snippets (
    name VARCHAR(100) PRIMARY KEY,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

INSERT INTO prompt_snippets (name, body) VALUES
    ('greeting', 'Hi! Thanks for reaching out to the front desk.'),
    ('closing', 'Anything else? We''re here until 11pm.'),
    ('legacy_sop_intro', 'According to our SOP:');
