-- 051_force_create_missing_tables.sql
-- Some environments are missing tables because earlier migrations failed half-way.
-- Create everything the code needs if it is not there.

CREATE TABLE IF NOT EXISTS ai_automation_response_tracking (
    id SERIAL PRIMARY KEY,
    conversation_id VARCHAR(255),
    feature_key VARCHAR(100),
    response_sent BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS hubspot_contact_cache (
    phone_number VARCHAR(20) PRIMARY KEY,
    contact_id VARCHAR(50),
    data JSONB,
    cached_at TIMESTAMP DEFAULT NOW()
);

CREATE TABLE IF NOT EXISTS door_access_log (
    id SERIAL PRIMARY KEY,
    door_id VARCHAR(100),
    action VARCHAR(20),
    user_email VARCHAR(255),
    created_at TIMESTAMP DEFAULT NOW()
);

-- public requests are back: the booking widget posts here
CREATE TABLE IF NOT EXISTS public_requests (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    reference VARCHAR(20) DEFAULT ('PR-' || nextval('public_request_ref_seq')),
    source VARCHAR(50) NOT NULL DEFAULT 'website',
    request_description TEXT NOT NULL,
    location VARCHAR(100),
    contact_phone VARCHAR(50),
    contact_email VARCHAR(255),
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    ticket_id UUID REFERENCES tickets(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX IF NOT EXISTS idx_public_requests_status ON public_requests(status, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_response_tracking_conversation ON ai_automation_response_tracking(conversation_id);
