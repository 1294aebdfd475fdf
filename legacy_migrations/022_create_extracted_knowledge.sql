-- 022: knowledge extracted from OpenPhone conversations by the nightly job

CREATE TABLE extracted_knowledge (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    conversation_id INTEGER REFERENCES openphone_conversations(id) ON DELETE CASCADE,
    category VARCHAR(50),
    problem VARCHAR(255) NOT NULL,
    solution VARCHAR(255) NOT NULL,
    confidence NUMERIC(3,2),
    applied_to_sop BOOLEAN DEFAULT false,
    sop_file VARCHAR(255),
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_extracted_knowledge_conversation ON extracted_knowledge(conversation_id);
CREATE INDEX idx_extracted_knowledge_unapplied ON extracted_knowledge(category) WHERE applied_to_sop = false;
