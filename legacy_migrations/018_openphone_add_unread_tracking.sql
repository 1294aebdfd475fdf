-- 018: unread badge on the messages page

ALTER TABLE openphone_conversations ADD COLUMN unread_count INTEGER DEFAULT 0;
ALTER TABLE openphone_conversations ADD COLUMN last_read_at TIMESTAMP;
ALTER TABLE openphone_conversations ADD COLUMN last_message_at TIMESTAMP;

CREATE INDEX idx_openphone_unread ON openphone_conversations(unread_count) WHERE unread_count > 0;
