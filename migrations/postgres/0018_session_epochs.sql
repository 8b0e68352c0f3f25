-- Sessions of an account signed in before this time (Unix milliseconds) are no longer valid: a password reset,
-- a password change (other sessions) and an address verified by its link end them (app/src/accounts).
ALTER TABLE users ADD COLUMN sessions_from BIGINT NOT NULL DEFAULT 0;
