-- 019: link Slack replies to the feedback row that started the thread

ALTER TABLE slack_replies ADD COLUMN feedback_id UUID REFERENCES feedback(id) ON DELETE CASCADE;
ALTER TABLE slack_replies RENAME COLUMN user_id TO slack_user_id;

CREATE INDEX idx_slack_replies_feedback ON slack_replies(feedback_id);

COMMENT ON TABLE slack_replies IS 'Replies posted in Slack threads that escalated a request';
