-- A budget's participants (voters, authors of projects) are told when its decision is published: a notification
-- now answers a consultation or a budget.
ALTER TABLE notifications ALTER COLUMN consultation_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN budget_id BIGINT REFERENCES budgets (id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'decided', 'budget_decided'));
ALTER TABLE notifications ADD CONSTRAINT notifications_subject CHECK ((consultation_id IS NULL) <> (budget_id IS NULL));
