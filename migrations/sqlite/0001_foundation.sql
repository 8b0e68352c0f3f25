-- Foundation: town settings, districts, accounts, roles, single-use tokens, sign-in failures, sessions.
-- Times are Unix seconds bound from Rust; flags are nullable timestamps (both engines decode them the same way).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE districts (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    geometry   TEXT NOT NULL, -- GeoJSON Polygon or MultiPolygon, WGS 84
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT UNIQUE,          -- NULL once the account is deleted
    display_name      TEXT,                 -- NULL once deleted: public content then shows "deleted account"
    password_hash     TEXT,                 -- NULL until set (admin created from the command line) or once deleted
    language          TEXT NOT NULL DEFAULT 'fr',
    district_id       INTEGER REFERENCES districts (id) ON DELETE SET NULL,
    email_verified_at INTEGER,
    created_at        INTEGER NOT NULL,
    deleted_at        INTEGER
);

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('resident', 'moderator', 'official', 'admin')),
    granted_at INTEGER NOT NULL,
    granted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE account_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the token: a database leak reveals no usable link
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    expiry_date INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry_date);
