-- 054: prompt template changes from the admin review

UPDATE ai_prompt_templates
   SET template = 'You are the front desk of an indoor golf simulator. Answer in two sentences or less.\n\nCustomer: {{message}}',
       updated_by = '00000000-0000-0000-0000-000000000001'
 WHERE name = 'customer_message_response';

DELETE FROM ai_prompt_templates WHERE name = 'ticket_summary';

INSERT INTO ai_prompt_templates (name, description, template, category, created_by)
VALUES ('hubspot_lookup_reply', 'Greet a known customer by name',
        'Greet {{customer_name}} by first name, then answer: {{message}}', 'customer',
        '00000000-0000-0000-0000-000000000001')
ON CONFLICT (name) DO NOTHING;

ALTER TABLE ai_prompt_templates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
