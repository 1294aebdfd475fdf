-- 012: keep OpenPhone's own conversation id and the message direction

ALTER TABLE openphone_conversations
    ADD COLUMN conversation_id VARCHAR(255),
    ADD COLUMN direction VARCHAR(10) CHECK (direction IN ('inbound', 'outbound'));

CREATE UNIQUE INDEX idx_openphone_conversation_id ON openphone_conversations(conversation_id)
    WHERE conversation_id IS NOT NULL;

COMMENT ON COLUMN openphone_conversations.conversation_id IS 'OpenPhone conversation id (AC...)';
