-- 052: door status checks, door names, and the controller's raw answer

ALTER TYPE door_action ADD VALUE IF NOT EXISTS 'status_check';
ALTER TYPE door_action ADD VALUE IF NOT EXISTS 'unlock';

ALTER TABLE door_access_log
    ADD COLUMN door_name VARCHAR(255),
    ADD COLUMN request_ip INET,
    ALTER COLUMN duration_seconds SET DEFAULT 30;

ALTER TABLE door_access_log RENAME COLUMN unifi_response TO controller_response;

ALTER TABLE door_access_log DROP CONSTRAINT door_access_log_duration_seconds_check;
ALTER TABLE door_access_log ADD CONSTRAINT door_access_log_duration_seconds_check
    CHECK (duration_seconds BETWEEN 1 AND 600);
