-- 030: the code calls it remote_action_history; rename the table to match

ALTER TABLE remote_actions_log RENAME TO remote_action_history;
ALTER TABLE remote_action_history RENAME CONSTRAINT remote_actions_log_pkey TO remote_action_history_pkey;
ALTER INDEX idx_remote_actions_log_location RENAME TO idx_remote_action_history_location;
ALTER INDEX IF EXISTS idx_remote_actions_log_created_at RENAME TO idx_remote_action_history_created_at;

ALTER TABLE remote_action_history
    ADD COLUMN device_type VARCHAR(50),
    ADD COLUMN ninja_device_id VARCHAR(100);

COMMENT ON TABLE remote_action_history IS 'NinjaOne remote actions (restart TrackMan, reboot PC, ...)';
