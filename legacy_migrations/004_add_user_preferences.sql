-- 004: user preferences (phone was added by hand on prod, hence IF NOT EXISTS)

ALTER TABLE users
    ADD COLUMN IF NOT EXISTS phone VARCHAR(50),
    ADD COLUMN IF NOT EXISTS preferences JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS timezone VARCHAR(50) DEFAULT 'America/Halifax';
