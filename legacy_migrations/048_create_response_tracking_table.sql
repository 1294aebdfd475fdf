-- 048: limit how often an automation answers the same conversation

CREATE TABLE IF NOT EXISTS ai_automation_response_tracking (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id VARCHAR(255) NOT NULL,
    phone_number VARCHAR(50),
    feature_key VARCHAR(100) NOT NULL REFERENCES ai_automation_features(feature_key),
    response_count INTEGER NOT NULL DEFAULT 0,
    last_response_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    UNIQUE (conversation_id, feature_key, phone_number)
);

CREATE INDEX idx_response_tracking_conversation ON ai_automation_response_tracking(conversation_id);
CREATE INDEX idx_response_tracking_last_response ON ai_automation_response_tracking(last_response_at DESC NULLS LAST);
