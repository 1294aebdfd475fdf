-- 013: web push subscriptions (PWA)

CREATE TABLE IF NOT EXISTS push_subscriptions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    user_agent TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    last_used_at TIMESTAMPTZ DEFAULT NOW(),
    failed_attempts INTEGER DEFAULT 0,
    is_active BOOLEAN DEFAULT true,
    UNIQUE (user_id, endpoint)
);

CREATE INDEX idx_push_subscriptions_user_active ON push_subscriptions(user_id) WHERE is_active = true;
