-- 036: tidy the feedback confidence checks and indexes

ALTER TABLE feedback DROP CONSTRAINT feedback_confidence_check1;
ALTER TABLE feedback RENAME CONSTRAINT feedback_confidence_check TO feedback_confidence_nonnegative;
ALTER TABLE feedback ADD CHECK (confidence <= 1.0);

ALTER TABLE feedback ALTER COLUMN feedback_source DROP DEFAULT;

DROP INDEX idx_feedback_is_useful;
CREATE INDEX idx_feedback_not_useful ON feedback(created_at DESC) WHERE is_useful = false;
CREATE INDEX idx_feedback_route ON feedback(route);
