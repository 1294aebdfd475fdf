-- 009: knowledge pushed to the OpenAI assistants, one row per assistant

CREATE TABLE IF NOT EXISTS assistant_knowledge (
    id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
    assistant_id VARCHAR(255) NOT NULL,
    route VARCHAR(255) NOT NULL,
    knowledge JSONB NOT NULL,
    version VARCHAR(50) DEFAULT '1.0',
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ,
    UNIQUE (assistant_id)
);

CREATE INDEX idx_assistant_knowledge_route ON assistant_knowledge(route);
CREATE INDEX idx_assistant_knowledge_knowledge ON assistant_knowledge USING GIN (knowledge);

CREATE TRIGGER update_assistant_knowledge_updated_at BEFORE UPDATE ON assistant_knowledge
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
