-- 021: AI automations (feature switches + usage log)

CREATE TABLE IF NOT EXISTS ai_automation_features (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    feature_key VARCHAR(100) UNIQUE NOT NULL,
    feature_name VARCHAR(255) NOT NULL,
    description TEXT,
    category VARCHAR(50) NOT NULL CHECK (category IN ('customer_service', 'technical', 'booking')),
    enabled BOOLEAN DEFAULT false,
    config JSONB DEFAULT '{}'::jsonb,
    required_permissions TEXT[] DEFAULT ARRAY['admin']::TEXT[],
    allow_manual_trigger BOOLEAN DEFAULT false,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS ai_automation_usage (
    id BIGSERIAL PRIMARY KEY,
    feature_key VARCHAR(100) NOT NULL REFERENCES ai_automation_features(feature_key) ON DELETE CASCADE,
    conversation_id VARCHAR(255),
    trigger_type VARCHAR(20) CHECK (trigger_type IN ('automatic', 'manual', 'scheduled')),
    input_data JSONB,
    output_data JSONB,
    success BOOLEAN NOT NULL DEFAULT false,
    error_message TEXT,
    execution_time_ms INTEGER,
    user_id UUID REFERENCES users(id),
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_ai_automation_usage_feature ON ai_automation_usage(feature_key, created_at DESC) INCLUDE (success);
CREATE INDEX idx_ai_automation_usage_conversation ON ai_automation_usage(conversation_id);

CREATE TRIGGER update_ai_automation_features_updated_at BEFORE UPDATE ON ai_automation_features
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO ai_automation_features (feature_key, feature_name, description, category, enabled, config) VALUES
    ('gift_cards', 'Gift Card Inquiries', 'Answer gift card questions with the purchase link', 'customer_service', false,
     '{"minConfidence": 0.7, "responseTemplate": "You can buy gift cards at www.example.com/giftcard"}'),
    ('trackman_reset', 'TrackMan Reset', 'Restart a frozen TrackMan unit through NinjaOne', 'technical', false,
     '{"requiresConfirmation": true}'),
    ('booking_change', 'Booking Changes', 'Help customers move a booking', 'booking', false, '{}'),
    ('hours_of_operation', 'Hours of Operation', 'Answer questions about opening hours', 'customer_service', true, '{}'),
    ('membership_info', 'Membership Information', 'Explain the membership options', 'customer_service', false, '{}')
ON CONFLICT (feature_key) DO NOTHING;
