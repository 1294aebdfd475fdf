-- 066: knowledge keys compared without regard to case, and a search configuration that keeps
-- hyphenated words whole (the english one stems their parts)
CREATE COLLATION IF NOT EXISTS case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'ICU, strength 2: a = A';

CREATE TEXT SEARCH CONFIGURATION knowledge_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION knowledge_english
    ALTER MAPPING FOR hword, asciihword WITH simple;

ALTER TABLE knowledge_store ADD COLUMN title TEXT COLLATE case_insensitive;
CREATE INDEX idx_knowledge_store_title ON knowledge_store (title);
CREATE INDEX idx_knowledge_store_title_search ON knowledge_store
    USING gin (to_tsvector('knowledge_english', coalesce(title, '')));
