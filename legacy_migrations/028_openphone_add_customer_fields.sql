-- 028: customer details looked up from HubSpot

ALTER TABLE openphone_conversations
    ADD COLUMN customer_email VARCHAR(255),
    ADD COLUMN hubspot_contact_id VARCHAR(50),
    ALTER COLUMN customer_name SET DEFAULT 'Unknown';

ALTER TABLE openphone_conversations ALTER COLUMN processed SET NOT NULL;
