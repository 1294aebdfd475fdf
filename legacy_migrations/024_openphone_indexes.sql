-- 024: rework the openphone indexes (the messages page was slow)

DROP INDEX IF EXISTS idx_openphone_phone;
CREATE INDEX idx_openphone_phone_number ON openphone_conversations(phone_number);

DROP INDEX IF EXISTS idx_openphone_created;
CREATE INDEX IF NOT EXISTS idx_openphone_updated_at ON openphone_conversations(updated_at DESC);

DROP INDEX IF EXISTS idx_openphone_processed;
CREATE INDEX idx_openphone_unprocessed ON openphone_conversations(created_at) WHERE processed = false;

-- already there since 012 (as a unique partial index): this one is skipped
CREATE INDEX IF NOT EXISTS idx_openphone_conversation_id ON openphone_conversations(conversation_id);

CREATE INDEX idx_openphone_metadata ON openphone_conversations USING gin (metadata);
