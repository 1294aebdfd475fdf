-- 050: knowledge_store, the new home for everything the assistants know
-- (replaces knowledge_base and assistant_knowledge over time)

CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE IF NOT EXISTS knowledge_store (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    key VARCHAR(255) NOT NULL,
    value JSONB NOT NULL,
    category VARCHAR(100),
    source_type VARCHAR(50),
    source_id UUID,
    confidence NUMERIC(3,2) DEFAULT 1.00,
    verification_status VARCHAR(20) DEFAULT 'verified',
    tags TEXT[] DEFAULT ARRAY[]::TEXT[],
    search_vector TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(key, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(value::text, '')), 'B')
    ) STORED,
    usage_count INTEGER DEFAULT 0,
    created_by UUID REFERENCES users(id),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT knowledge_store_key_unique UNIQUE (key)
);

CREATE INDEX idx_knowledge_store_category ON knowledge_store(category);
CREATE INDEX idx_knowledge_store_tags ON knowledge_store USING gin (tags);
CREATE INDEX idx_knowledge_store_unverified ON knowledge_store(created_at DESC)
    WHERE verification_status <> 'verified';

CREATE TRIGGER update_knowledge_store_updated_at BEFORE UPDATE ON knowledge_store
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE knowledge_store IS 'Unified knowledge storage (replaces knowledge_base and assistant_knowledge)';
COMMENT ON COLUMN knowledge_store.search_vector IS 'Full-text search, maintained by PostgreSQL';
