-- 023: sentiment tag; employee_name is called agent_name everywhere in the code

ALTER TABLE openphone_conversations ADD COLUMN sentiment VARCHAR(20);
ALTER TABLE openphone_conversations RENAME COLUMN employee_name TO agent_name;
ALTER TABLE openphone_conversations ADD CONSTRAINT chk_openphone_sentiment
    CHECK (sentiment IN ('positive', 'neutral', 'negative'));
