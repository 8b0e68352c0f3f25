-- Town-hall kiosks and assisted participation.
-- A desk role (`agent`) beside the moderators: SQLite cannot change a CHECK constraint, the table is rebuilt
-- with the same rows.
CREATE TABLE user_roles_new (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('resident', 'moderator', 'agent', 'official', 'sensor_manager', 'admin')),
    granted_at INTEGER NOT NULL,
    granted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role, granted_at, granted_by)
    SELECT user_id, role, granted_at, granted_by FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- A kiosk: a browser in a public place. Only hashes of its pairing code and of its credential are kept.
CREATE TABLE kiosks (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    place           TEXT NOT NULL,
    latitude        REAL,
    longitude       REAL,
    idle_seconds    INTEGER NOT NULL,
    pairing_hash    TEXT UNIQUE,        -- pending pairing code, NULL once used
    pairing_expires INTEGER,
    credential_hash TEXT UNIQUE,        -- the paired browser's credential, NULL until paired or once revoked
    paired_at       INTEGER,
    last_seen_at    INTEGER,
    revoked_at      INTEGER,
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL
);

-- A resident known at the desk without an email address: identity and residence checked by staff. The
-- birth date tells two people of the same name apart, so a returning person finds their record (one vote).
CREATE TABLE desk_residents (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    name_key   TEXT NOT NULL,           -- the name folded (case, accents, spaces) for look-up
    birth_date TEXT NOT NULL,           -- YYYY-MM-DD
    checked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    checked_at INTEGER NOT NULL,
    UNIQUE (name_key, birth_date)
);

-- One-time codes handed out at the desk: short, single use, 30 minutes. Only the hash is kept.
CREATE TABLE kiosk_codes (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    kiosk_id   INTEGER REFERENCES kiosks (id) ON DELETE SET NULL
);
CREATE INDEX kiosk_codes_issued ON kiosk_codes (issued_at);

-- Staff record that they helped someone take part: counts by channel for the officials, never who nor what.
CREATE TABLE assisted_participations (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL CHECK (channel IN ('web', 'kiosk', 'paper')),
    help       TEXT NOT NULL CHECK (help IN ('reading', 'handling', 'language', 'other')),
    agent_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX assisted_participations_at ON assisted_participations (at);
