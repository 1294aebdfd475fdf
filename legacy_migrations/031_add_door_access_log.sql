-- 031: UniFi door unlocks from the dashboard (merged from the unifi branch)

DO $$ BEGIN
    CREATE TYPE door_action AS ENUM ('unlock', 'lock');
EXCEPTION
    WHEN duplicate_object THEN null;
END $$;

CREATE TABLE IF NOT EXISTS door_access_log (
    id BIGSERIAL PRIMARY KEY,
    door_id VARCHAR(100) NOT NULL,
    location VARCHAR(100) NOT NULL,
    action door_action NOT NULL,
    initiated_by UUID REFERENCES users(id) ON DELETE SET NULL,
    duration_seconds INTEGER CHECK (duration_seconds > 0 AND duration_seconds <= 300),
    success BOOLEAN NOT NULL DEFAULT true,
    error_message TEXT,
    unifi_response JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_door_access_log_location_created ON door_access_log(location, created_at DESC);
