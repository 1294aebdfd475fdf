-- 005: daily / weekly checklist submissions

CREATE TABLE checklist_submissions (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id UUID NOT NULL REFERENCES users(id),
    category VARCHAR(50) NOT NULL CHECK (category IN ('cleaning', 'tech')),
    type VARCHAR(50) NOT NULL CHECK (type IN ('daily', 'weekly', 'quarterly')),
    location VARCHAR(100) NOT NULL,
    completed_tasks JSONB NOT NULL DEFAULT '[]'::jsonb,
    total_tasks INTEGER NOT NULL,
    completion_time TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_checklist_submissions_user_id ON checklist_submissions(user_id);
CREATE INDEX idx_checklist_submissions_location ON checklist_submissions(location);
CREATE INDEX idx_checklist_submissions_completion_time ON checklist_submissions(completion_time DESC);
