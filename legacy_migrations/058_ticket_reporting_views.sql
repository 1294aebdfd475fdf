-- Reporting for the dashboard: open tickets, a summary on top of them, and a nightly snapshot.
CREATE VIEW open_tickets AS
SELECT t.*, u.name AS requester_name, u.email AS requester_email
FROM tickets t
JOIN users u ON u.id = t.user_id
WHERE t.status IN ('open', 'in-progress');

CREATE VIEW open_ticket_summary AS
SELECT category, priority, count(*) AS open_count, min(created_at) AS oldest
FROM open_tickets
GROUP BY category, priority;

CREATE MATERIALIZED VIEW ticket_daily_stats AS
SELECT date_trunc('day', created_at) AS day, category, count(*) AS created,
       count(*) FILTER (WHERE status IN ('resolved', 'closed')) AS done
FROM tickets
GROUP BY 1, 2;

-- REFRESH ... CONCURRENTLY needs a unique index
CREATE UNIQUE INDEX idx_ticket_daily_stats_day_category ON ticket_daily_stats (day, category);

COMMENT ON VIEW open_tickets IS 'Tickets still waiting on staff, with who asked';
