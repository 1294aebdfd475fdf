-- 033: new ticket status and user role values

ALTER TYPE ticket_status ADD VALUE IF NOT EXISTS 'archived';
ALTER TYPE ticket_priority ADD VALUE 'critical' AFTER 'urgent';
ALTER TYPE user_role ADD VALUE 'customer' BEFORE 'kiosk';
