-- 055: the knowledge migration is done; remember who changed a setting

DELETE FROM system_config WHERE key = 'legacy_sop_mode';
UPDATE system_config SET value = 'false'::jsonb WHERE key = 'slack_fallback_enabled';

ALTER TABLE system_config ADD COLUMN updated_by UUID REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE system_config ALTER COLUMN description SET NOT NULL;
