-- 039: supplies requests on checklists
-- (prod never got the comments column, so it is added here too)

ALTER TABLE checklist_submissions ADD COLUMN supplies_needed TEXT;
ALTER TABLE checklist_submissions ADD COLUMN photo_urls TEXT[] DEFAULT '{}';
CREATE INDEX idx_checklist_submissions_supplies ON checklist_submissions(location)
    WHERE supplies_needed IS NOT NULL;

ALTER TABLE checklist_submissions ADD COLUMN comments TEXT;
ALTER TABLE checklist_submissions ADD COLUMN supplies_urgency VARCHAR(20) DEFAULT 'low';
