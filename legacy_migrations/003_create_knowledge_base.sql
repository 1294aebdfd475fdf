-- 003: structured knowledge articles (moved out of the JSON files)

CREATE TABLE knowledge_base (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    category VARCHAR(50) NOT NULL,
    subcategory VARCHAR(100),
    issue VARCHAR(255) NOT NULL,
    symptoms TEXT[] DEFAULT '{}',
    solutions JSONB NOT NULL DEFAULT '[]'::jsonb,
    priority VARCHAR(20) DEFAULT 'medium',
    time_estimate VARCHAR(50),
    customer_info TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_knowledge_base_category ON knowledge_base(category);
CREATE INDEX idx_knowledge_base_symptoms ON knowledge_base USING GIN (symptoms);
CREATE INDEX idx_knowledge_base_solutions ON knowledge_base USING gin (solutions jsonb_path_ops);

CREATE TRIGGER update_knowledge_base_updated_at BEFORE UPDATE ON knowledge_base
    FOR EACH ROW EXECUTE PROCEDURE update_updated_at_column();
