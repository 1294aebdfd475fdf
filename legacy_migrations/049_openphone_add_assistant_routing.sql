-- 049: keep the router's confidence; sentiment labels come from a new model

ALTER TABLE openphone_conversations
    ADD COLUMN assistant_routing_confidence NUMERIC(4,3),
    ADD COLUMN last_assistant_type VARCHAR(50),
    DROP CONSTRAINT chk_openphone_sentiment,
    ALTER COLUMN sentiment TYPE VARCHAR(30);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'openphone_conversations_direction_check') THEN
        ALTER TABLE openphone_conversations DROP CONSTRAINT openphone_conversations_direction_check;
        ALTER TABLE openphone_conversations ADD CONSTRAINT chk_openphone_direction
            CHECK (direction IN ('inbound', 'outbound', 'internal'));
    END IF;
END $$;
