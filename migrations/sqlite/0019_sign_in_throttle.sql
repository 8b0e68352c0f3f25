-- The sign-in throttle (app/src/accounts/rules.rs, `sign_in_gate`): failures are counted per account and
-- client (`client`: a known-client cookie's hash, else the IP address), clients an account signed in from are
-- remembered (only the hash of their cookie), a sign-in link can be mailed, and mails and registrations are
-- rate-limited (`throttle_events`).
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client ON login_failures (email, client, at);

CREATE TABLE known_clients (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL
);
CREATE INDEX known_clients_user ON known_clients (user_id);

CREATE TABLE throttle_events (
    kind TEXT NOT NULL,   -- 'link_mail' (key: the address), 'register' (key: the IP address)
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX throttle_events_key ON throttle_events (kind, key, at);

-- A new token purpose: SQLite cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE account_tokens_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'sign_in')),
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
