-- 068: kiosk check-in for the pilot site. 066 seeded kiosk_checkin already, so the second INSERT fails
-- (duplicate key) and the file rolls back, pilot_site_notes included; the ids both rows took stay used.
INSERT INTO feature_flags (flag_key, enabled, rollout_percent, description)
VALUES ('pilot_site_notes', true, 100, 'Notes for the pilot site');
INSERT INTO feature_flags (flag_key, enabled, rollout_percent) VALUES ('kiosk_checkin', true, 10);
