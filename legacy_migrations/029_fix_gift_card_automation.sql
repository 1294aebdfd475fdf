-- 029_fix_gift_card_automation.sql
-- The gift card automation was saved with a category the CHECK did not allow,
-- so the insert from the admin page failed. Widen the check, fix the config.

ALTER TABLE ai_automation_features DROP CONSTRAINT ai_automation_features_category_check;
ALTER TABLE ai_automation_features ADD CONSTRAINT ai_automation_features_category_check
    CHECK (category IN ('customer_service', 'technical', 'booking', 'gift_cards', 'general'));

UPDATE ai_automation_features
   SET config = '{"minConfidence": 0.6, "responseTemplate": "Gift cards are available at www.example.com/giftcard and never expire."}'::jsonb,
       category = 'gift_cards',
       enabled = true
 WHERE feature_key = 'gift_cards';

INSERT INTO ai_automation_features (feature_key, feature_name, description, category, enabled)
VALUES ('gift_cards', 'Gift Card Inquiries', 'Answer gift card questions', 'gift_cards', true)
ON CONFLICT (feature_key) DO NOTHING;
