-- location moved into metadata->>'location' in the app; drop the column.
-- (PostgreSQL refuses: the open_tickets view from 058 reads it through t.*; this file is rolled back.)
ALTER TABLE tickets DROP COLUMN location;
