-- 026_fix_ticket_comments_index.sql
-- Comments are always read per ticket, newest first.

DROP INDEX IF EXISTS idx_ticket_comments_ticket_id;
CREATE INDEX idx_ticket_comments_ticket_created ON ticket_comments(ticket_id, created_at DESC);

-- the ticket list filters on status and priority together now
ALTER INDEX idx_tickets_status RENAME TO idx_tickets_status_legacy;
CREATE INDEX idx_tickets_status_priority ON tickets(status, priority);

ALTER TABLE tickets ADD COLUMN IF NOT EXISTS last_comment_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
