-- 002: store OpenPhone SMS conversations from the webhook

CREATE TABLE IF NOT EXISTS openphone_conversations (
    id SERIAL PRIMARY KEY,
    phone_number VARCHAR(20),
    customer_name VARCHAR(255),
    employee_name VARCHAR(255),
    messages JSON NOT NULL DEFAULT '[]'::json,
    metadata JSONB DEFAULT '{}'::jsonb,
    processed BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_openphone_phone ON openphone_conversations(phone_number);
CREATE INDEX idx_openphone_processed ON openphone_conversations(processed);
CREATE INDEX idx_openphone_created ON openphone_conversations(created_at);
