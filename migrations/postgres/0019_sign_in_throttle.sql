-- The sign-in throttle (app/src/accounts/rules.rs, `sign_in_gate`): failures are counted per account and
-- client (`client`: a known-client cookie's hash, else the IP address), clients an account signed in from are
-- remembered (only the hash of their cookie), a sign-in link can be mailed, and mails and registrations are
-- rate-limited (`throttle_events`).
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client ON login_failures (email, client, at);

CREATE TABLE known_clients (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    used_at    BIGINT NOT NULL
);
CREATE INDEX known_clients_user ON known_clients (user_id);

CREATE TABLE throttle_events (
    kind TEXT NOT NULL,   -- 'link_mail' (key: the address), 'register' (key: the IP address)
    key  TEXT NOT NULL,
    at   BIGINT NOT NULL
);
CREATE INDEX throttle_events_key ON throttle_events (kind, key, at);

ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('verify_email', 'reset_password', 'sign_in'));
