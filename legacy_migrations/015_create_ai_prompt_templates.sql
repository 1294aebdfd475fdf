-- 015: editable prompt templates for the AI features

CREATE TABLE ai_prompt_templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) UNIQUE NOT NULL,
    description TEXT,
    template TEXT NOT NULL,
    category VARCHAR(50) NOT NULL,
    is_active BOOLEAN DEFAULT true,
    created_by UUID REFERENCES users(id),
    updated_by UUID REFERENCES users(id),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_ai_prompt_templates_category ON ai_prompt_templates(category);
CREATE INDEX idx_ai_prompt_templates_active ON ai_prompt_templates(is_active);

CREATE TRIGGER update_ai_prompt_templates_updated_at BEFORE UPDATE ON ai_prompt_templates
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO ai_prompt_templates (name, description, template, category) VALUES
    ('customer_message_response', 'Reply to an inbound customer SMS',
     'You are a friendly front desk assistant. Answer the customer briefly.\n\nCustomer: {{message}}', 'customer'),
    ('ticket_summary', 'One-line summary of a ticket for Slack',
     'Summarise this ticket in one sentence: {{ticket}}', 'tickets'),
    ('gift_card_inquiry', 'Answer a gift card question',
     'The customer asks about gift cards. Reply with the purchase link {{link}}.', 'automation');
