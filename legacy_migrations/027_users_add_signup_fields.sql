-- 027: self sign-up for customers; the column is a hash, call it that

ALTER TABLE users RENAME COLUMN password TO password_hash;

ALTER TABLE users
    ADD COLUMN status VARCHAR(20) DEFAULT 'active',
    ADD COLUMN signup_date TIMESTAMPTZ,
    ADD COLUMN signup_metadata JSONB,
    ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'pending_approval', 'suspended', 'rejected'));

UPDATE users SET signup_date = created_at WHERE signup_date IS NULL;
