-- Reports get a schema of their own; the report runner connects with search_path = reporting, public.
CREATE SCHEMA IF NOT EXISTS reporting;
SET search_path TO reporting, public;

CREATE TABLE report_runs (
    id SERIAL PRIMARY KEY,
    report_name VARCHAR(100) NOT NULL,
    requested_by UUID REFERENCES users(id),
    started_at TIMESTAMPTZ DEFAULT NOW(),
    finished_at TIMESTAMPTZ
);

CREATE INDEX idx_report_runs_name ON report_runs (report_name);

-- users resolves to public.users (reporting has none); the view lands in reporting
CREATE VIEW recent_report_runs AS
SELECT r.id, r.report_name, u.name AS requested_by_name, r.started_at
FROM report_runs r
LEFT JOIN users u ON u.id = r.requested_by
WHERE r.started_at > NOW() - INTERVAL '30 days';

RESET search_path;
