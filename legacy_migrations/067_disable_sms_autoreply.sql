-- 067: the SMS auto-reply answered a complaint with the opening hours: off until the router is retrained.
-- Booking reminders go to everyone.
UPDATE feature_flags SET enabled = false, rollout_percent = 0 WHERE flag_key = 'sms_autoreply';
UPDATE feature_flags SET rollout_percent = rollout_percent + 50 WHERE flag_key = 'booking_reminders';

-- Snippets replaced after the tone review.
INSERT INTO prompt_snippets (name, body) VALUES
    ('greeting', 'Hey there! Front desk here.'),
    ('closing', 'Talk soon!')
ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, version = prompt_snippets.version + 1;
DELETE FROM prompt_snippets WHERE name = 'greeting';
INSERT INTO prompt_snippets (name, body, version) VALUES ('greeting', 'Hello! How can we help today?', 3);
