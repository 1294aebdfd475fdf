-- 031: HubSpot contact cache (merged from the hubspot branch; same number as the door log, oops)

CREATE TABLE IF NOT EXISTS hubspot_contact_cache (
    phone_number VARCHAR(50) PRIMARY KEY,
    contact_id VARCHAR(50) NOT NULL,
    customer_name VARCHAR(255),
    email VARCHAR(255),
    company VARCHAR(255),
    raw_properties JSONB DEFAULT '{}'::jsonb,
    cached_at TIMESTAMPTZ DEFAULT NOW(),
    expires_at TIMESTAMPTZ
);

CREATE INDEX idx_hubspot_cache_expires ON hubspot_contact_cache(expires_at);
CREATE INDEX idx_hubspot_cache_email ON hubspot_contact_cache(lower(email));
