-- Second try at 059: drop the reporting views (CASCADE takes open_ticket_summary with it),
-- drop the column, then re-create the view without it.
DROP VIEW open_tickets CASCADE;

ALTER TABLE tickets DROP COLUMN location;

CREATE VIEW open_tickets AS
SELECT t.id, t.title, t.category, t.status, t.priority, t.created_at, u.name AS requester_name
FROM tickets t
JOIN users u ON u.id = t.user_id
WHERE t.status IN ('open', 'in-progress');
