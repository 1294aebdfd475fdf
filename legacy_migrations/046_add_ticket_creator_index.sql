-- 046: internal comments, and an index for "my tickets"

ALTER TABLE ticket_comments ADD COLUMN is_internal BOOLEAN NOT NULL DEFAULT false;
COMMENT ON COLUMN ticket_comments.is_internal IS 'Visible to staff only';

CREATE INDEX idx_tickets_created_by_status ON tickets(created_by_id, status);
