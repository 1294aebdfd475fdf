-- 001: key/value settings that the dashboard can change at runtime

CREATE TABLE IF NOT EXISTS system_config (
    key VARCHAR(255) PRIMARY KEY,
    value JSONB NOT NULL,
    description TEXT,
    updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER update_system_config_updated_at BEFORE UPDATE ON system_config
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO system_config (key, value, description) VALUES
    ('llm_enabled', 'true'::jsonb, 'Master switch for the LLM router'),
    ('slack_fallback_enabled', 'true', 'Send unanswered requests to Slack'),
    ('default_route', '"Auto"', 'Route used when the router is unsure'),
    ('assistant_timeout_ms', '30000', 'OpenAI assistant timeout'),
    ('legacy_sop_mode', '"json"', 'Old SOP storage mode (remove after the knowledge migration)')
ON CONFLICT (key) DO NOTHING;
