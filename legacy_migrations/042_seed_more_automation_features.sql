-- 042: more automations; trackman_reset off until NinjaOne scripts are fixed

INSERT INTO ai_automation_features (feature_key, feature_name, description, category, enabled, config) VALUES
    ('late_arrival', 'Late Arrival', 'Tell customers their bay is held for 15 minutes', 'booking', true, '{"graceMinutes": 15}'),
    ('lost_and_found', 'Lost and Found', 'Log lost items and reply to the customer', 'general', false, '{}')
ON CONFLICT (feature_key) DO NOTHING;

INSERT INTO ai_automation_features (feature_key, feature_name, description, category, enabled)
VALUES ('hours_of_operation', 'Hours', 'Opening hours', 'customer_service', false)
ON CONFLICT DO NOTHING;

UPDATE ai_automation_features SET enabled = false WHERE feature_key = 'trackman_reset';
DELETE FROM ai_automation_features WHERE feature_key = 'membership_info';

INSERT INTO system_config (key, value, description)
VALUES ('automation_cooldown_minutes', '30', 'Minimum minutes between two automatic replies to one customer');
