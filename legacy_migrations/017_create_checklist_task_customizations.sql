-- 017: per-site renaming of the default checklist tasks

CREATE TABLE checklist_task_customizations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    category VARCHAR(50) NOT NULL,
    type VARCHAR(50) NOT NULL,
    task_id VARCHAR(100) NOT NULL,
    custom_label TEXT NOT NULL,
    is_active BOOLEAN DEFAULT true,
    created_by UUID REFERENCES users(id),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT uq_checklist_task UNIQUE (category, type, task_id)
);

CREATE TRIGGER update_checklist_task_customizations_updated_at BEFORE UPDATE ON checklist_task_customizations
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
