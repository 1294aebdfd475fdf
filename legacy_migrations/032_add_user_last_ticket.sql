-- 032: remember the last ticket a user opened (for the "continue" button)

ALTER TABLE users
    ADD COLUMN last_ticket_id UUID,
    ADD CONSTRAINT fk_users_last_ticket FOREIGN KEY (last_ticket_id) REFERENCES tickets(id) ON DELETE SET NULL;

CREATE INDEX idx_users_last_ticket ON users(last_ticket_id);
