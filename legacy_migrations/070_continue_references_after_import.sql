-- 070: the paper requests typed in by hand took references up to PR-4999: new ones continue after them.
SELECT setval('public_request_ref_seq', 4999);
-- Flags created by hand in production took ids up to 20.
SELECT setval('feature_flags_id_seq', 20);
INSERT INTO feature_flags (flag_key, description) VALUES ('tee_sheet_sync', 'Sync the tee sheet every night');
