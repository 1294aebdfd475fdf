-- Tickets are visible to their creator and their assignee only; the API sets app.user_id per request
-- (SET LOCAL app.user_id = '...'), and support staff get app.is_admin = 'on'. The owner of the table
-- (the migration user) is not subject to the policies: FORCE is not set.
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;

CREATE POLICY tickets_participant ON tickets
    USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid
           OR assigned_to = NULLIF(current_setting('app.user_id', true), '')::uuid);

CREATE POLICY tickets_admin ON tickets
    USING (current_setting('app.is_admin', true) = 'on');

-- the first version also required resolved_at IS NULL; renamed and narrowed below
CREATE POLICY tickets_insert_open ON tickets AS RESTRICTIVE FOR INSERT
    WITH CHECK (status = 'open' AND resolved_at IS NULL);

ALTER POLICY tickets_insert_open ON tickets RENAME TO tickets_new_are_open;
ALTER POLICY tickets_new_are_open ON tickets WITH CHECK (status = 'open');

COMMENT ON POLICY tickets_participant ON tickets IS 'creator or assignee, from app.user_id';
