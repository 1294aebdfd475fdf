-- 041: HubSpot ids are longer than we thought; spam flag for the inbox

ALTER TABLE openphone_conversations ALTER COLUMN hubspot_contact_id TYPE VARCHAR(100);
ALTER TABLE openphone_conversations ALTER COLUMN customer_name DROP DEFAULT;
ALTER TABLE openphone_conversations ADD COLUMN is_spam BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX idx_openphone_hubspot_contact ON openphone_conversations(hubspot_contact_id)
    WHERE hubspot_contact_id IS NOT NULL;
