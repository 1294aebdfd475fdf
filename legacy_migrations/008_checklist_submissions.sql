-- 008: checklist submissions, second attempt
-- 005 failed on the first prod deploy, so this one creates the table again
-- (IF NOT EXISTS) and adds the columns the new checklist page needs.

CREATE TABLE IF NOT EXISTS checklist_submissions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id) ON DELETE CASCADE,
    category VARCHAR(50) NOT NULL,
    type VARCHAR(50) NOT NULL,
    location VARCHAR(100) NOT NULL,
    completed_tasks JSONB DEFAULT '[]',
    total_tasks INTEGER DEFAULT 0,
    comments TEXT,
    ticket_created BOOLEAN DEFAULT false,
    ticket_id UUID,
    completion_time TIMESTAMPTZ DEFAULT NOW(),
    created_at TIMESTAMPTZ DEFAULT NOW()
);

ALTER TABLE checklist_submissions ADD COLUMN IF NOT EXISTS comments TEXT;
ALTER TABLE checklist_submissions ADD COLUMN IF NOT EXISTS ticket_created BOOLEAN DEFAULT false;
ALTER TABLE checklist_submissions ADD COLUMN IF NOT EXISTS ticket_id UUID REFERENCES tickets(id) ON DELETE SET NULL;

CREATE INDEX IF NOT EXISTS idx_checklist_submissions_user_id ON checklist_submissions(user_id);
CREATE INDEX IF NOT EXISTS idx_checklist_submissions_category_type ON checklist_submissions(category, type);
CREATE INDEX IF NOT EXISTS idx_checklist_submissions_ticket ON checklist_submissions(ticket_id) WHERE ticket_id IS NOT NULL;
