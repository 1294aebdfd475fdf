-- 045_fix_extracted_knowledge_column_sizes.sql
-- The extraction job failed on long problems/solutions ("value too long for type character varying(255)").

ALTER TABLE extracted_knowledge
    ALTER COLUMN category TYPE VARCHAR(100),
    ALTER COLUMN problem TYPE TEXT,
    ALTER COLUMN solution TYPE TEXT,
    ALTER COLUMN confidence TYPE NUMERIC(5,4),
    ALTER COLUMN sop_file TYPE VARCHAR(500);

COMMENT ON COLUMN extracted_knowledge.confidence IS 'Model confidence, 0..1';
