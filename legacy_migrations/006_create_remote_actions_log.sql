-- 006: log of NinjaOne remote actions triggered from the dashboard

CREATE TABLE remote_actions_log (
    id BIGSERIAL PRIMARY KEY,
    action_type VARCHAR(50) NOT NULL,
    location VARCHAR(100) NOT NULL,
    device_name VARCHAR(100) NOT NULL,
    device_id VARCHAR(100),
    initiated_by UUID REFERENCES users(id),
    status VARCHAR(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    job_id VARCHAR(100),
    result JSONB,
    error_message TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    completed_at TIMESTAMPTZ,
    CHECK (completed_at IS NULL OR completed_at >= created_at)
);

CREATE INDEX idx_remote_actions_log_location ON remote_actions_log(location);
CREATE INDEX idx_remote_actions_log_created_at ON remote_actions_log(created_at DESC);
CREATE INDEX idx_remote_actions_log_job_id ON remote_actions_log(job_id) WHERE job_id IS NOT NULL;
