-- A checked email type for the billing contact.
CREATE DOMAIN email_address AS VARCHAR(255)
    CHECK (VALUE ~* '^[^@[:space:]]+@[^@[:space:]]+$');

ALTER TABLE users ADD COLUMN billing_email email_address;
COMMENT ON DOMAIN email_address IS 'An address with one @ and no spaces';
