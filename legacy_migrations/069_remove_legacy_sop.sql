-- 069: the SOP module is gone (010 never ran): remove what only it used.
DELETE FROM feature_flags WHERE flag_key = 'legacy_sop_search';
DELETE FROM prompt_snippets WHERE name = 'legacy_sop_intro';
