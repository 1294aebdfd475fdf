-- The updated_at trigger also fired on no-op UPDATEs (same values): stamp only real changes.
-- Replaces the function 000 created; every trigger that uses it picks up the new body.
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at = NOW();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
