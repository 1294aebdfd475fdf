-- 016: threaded ticket comments (replies point at their parent comment)

ALTER TABLE ticket_comments ADD COLUMN parent_comment_id UUID REFERENCES ticket_comments(id) ON DELETE CASCADE;
ALTER TABLE ticket_comments ADD COLUMN updated_at TIMESTAMPTZ;

CREATE INDEX idx_ticket_comments_parent ON ticket_comments(parent_comment_id)
    WHERE parent_comment_id IS NOT NULL;
