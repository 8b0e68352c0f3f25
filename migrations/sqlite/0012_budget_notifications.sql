-- A budget's participants (voters, authors of projects) are told when its decision is published: a notification
-- now answers a consultation or a budget. SQLite cannot relax a NOT NULL column, so the table is rebuilt (nothing
-- references it) with its rows and ids kept.
CREATE TABLE notifications_new (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('reply', 'decided', 'budget_decided')),
    consultation_id INTEGER REFERENCES consultations (id) ON DELETE CASCADE,
    budget_id       INTEGER REFERENCES budgets (id) ON DELETE CASCADE,
    comment_id      INTEGER REFERENCES comments (id) ON DELETE CASCADE, -- the reply, for 'reply'
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,                -- claimed by a delivery (mailed, or dropped for "none")
    CHECK ((consultation_id IS NULL) <> (budget_id IS NULL))
);
INSERT INTO notifications_new (id, user_id, kind, consultation_id, comment_id, created_at, sent_at)
    SELECT id, user_id, kind, consultation_id, comment_id, created_at, sent_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_pending ON notifications (sent_at, user_id);
