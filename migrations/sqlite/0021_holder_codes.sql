-- A one-time code mailed to an account holder, typed at a kiosk instead of the password before a ballot or
-- vote cast online is replaced there (`holder_code` tokens). SQLite cannot change a CHECK constraint, so the
-- table is rebuilt as in 0019.
CREATE TABLE account_tokens_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'sign_in', 'holder_code')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
INSERT INTO account_tokens_new (id, user_id, purpose, token_hash, created_at, expires_at, used_at)
    SELECT id, user_id, purpose, token_hash, created_at, expires_at, used_at FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens_new RENAME TO account_tokens;
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
