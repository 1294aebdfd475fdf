-- 053_fix_missing_tables.sql
-- Second pass after 051: guarded so it is safe everywhere.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.tables
                   WHERE table_schema = 'public' AND table_name = 'hubspot_contact_cache') THEN
        CREATE TABLE hubspot_contact_cache (
            phone_number VARCHAR(50) PRIMARY KEY,
            contact_id VARCHAR(50) NOT NULL,
            customer_name VARCHAR(255),
            cached_at TIMESTAMPTZ DEFAULT NOW()
        );
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'knowledge_store') THEN
        CREATE TABLE knowledge_store (
            id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
            key VARCHAR(255) NOT NULL UNIQUE,
            value JSONB NOT NULL
        );
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'idx_knowledge_store_search') THEN
        CREATE INDEX idx_knowledge_store_search ON knowledge_store USING gin (search_vector);
    END IF;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'remote_actions_log') THEN
        ALTER TABLE remote_actions_log RENAME TO remote_action_history;
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'checklist_task_customizations' AND column_name = 'sort_order') THEN
        EXECUTE 'ALTER TABLE checklist_task_customizations ADD COLUMN sort_order INTEGER NOT NULL DEFAULT 0';
    END IF;
END $$;
