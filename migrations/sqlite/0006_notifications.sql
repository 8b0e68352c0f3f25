-- Mail notifications of consultations: each account's preference, the key of its unsubscribe link, the time
-- of its last daily digest, and the queue of what is to be told.
ALTER TABLE users ADD COLUMN notify_mode TEXT NOT NULL DEFAULT 'immediate';
ALTER TABLE users ADD COLUMN unsubscribe_key TEXT;
ALTER TABLE users ADD COLUMN last_digest_at INTEGER;
CREATE UNIQUE INDEX users_unsubscribe_key ON users (unsubscribe_key);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('reply', 'decided')),
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    comment_id      INTEGER REFERENCES comments (id) ON DELETE CASCADE, -- the reply, for 'reply'
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER                 -- claimed by a delivery (mailed, or dropped for "none")
);
CREATE INDEX notifications_pending ON notifications (sent_at, user_id);
