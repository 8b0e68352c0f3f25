-- Consultations on sensor use cases, threaded comments, votes; moderation (reports, blocks) and the
-- hash-chained audit log. Booleans are 0/1 integers; times are Unix seconds bound from Rust.

CREATE TABLE consultations (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    question        TEXT NOT NULL,
    body            TEXT NOT NULL,          -- Markdown source, rendered through the sanitising subset
    domain          TEXT NOT NULL,          -- a sensors domain code
    use_purpose     TEXT NOT NULL,
    use_benefits    TEXT NOT NULL,
    use_data        TEXT NOT NULL,
    use_retention   TEXT NOT NULL,          -- ISO 8601 duration proposed
    planned_sensors TEXT NOT NULL DEFAULT '', -- devices not yet in the registry, in words
    status          TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'decided')),
    opens_on        TEXT,                   -- planned dates (YYYY-MM-DD)
    closes_on       TEXT,
    opened_at       INTEGER,                -- when each phase actually began
    closed_at       INTEGER,
    decided_at      INTEGER,
    districts_only  INTEGER NOT NULL DEFAULT 0,
    results_hidden  INTEGER NOT NULL DEFAULT 0,
    proposal_id     INTEGER,                -- the residents' proposal it came from
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX consultations_status ON consultations (status);

CREATE TABLE consultation_sensors (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    sensor_id       INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, sensor_id)
);
CREATE INDEX consultation_sensors_sensor ON consultation_sensors (sensor_id);

CREATE TABLE consultation_districts (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    district_id     INTEGER NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, district_id)
);

CREATE TABLE consultation_documents (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    url             TEXT NOT NULL
);

CREATE TABLE comments (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    parent_id       INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    depth           INTEGER NOT NULL,
    author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    alignment       TEXT NOT NULL CHECK (alignment IN ('for', 'against', 'neutral')),
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    edited_at       INTEGER,
    deleted_at      INTEGER,                -- deleted by its author: the thread keeps a placeholder
    hidden_at       INTEGER,                -- hidden by moderation (or by reports, pending review)
    hidden_reason   TEXT,
    supports        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_consultation ON comments (consultation_id, created_at);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE comment_supports (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- One row per voter and consultation. Nothing on any page or export joins a person to a choice: results are
-- counts; the voter only ever reads their own row.
CREATE TABLE consultation_votes (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    choice          TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    district_id     INTEGER REFERENCES districts (id) ON DELETE SET NULL,
    cast_at         INTEGER NOT NULL,
    changed_at      INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);

-- Use cases residents propose; shown once staff accept them (declined ones show the public reason).
CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    domain          TEXT NOT NULL,
    district_id     INTEGER REFERENCES districts (id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    reason          TEXT,
    reviewed_at     INTEGER,
    consultation_id INTEGER REFERENCES consultations (id) ON DELETE SET NULL,
    hidden_at       INTEGER,
    hidden_reason   TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX proposals_status ON proposals (status, created_at);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('comment', 'proposal')),
    target_id   INTEGER NOT NULL,
    reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
    details     TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,                    -- when a moderator hid, restored or dismissed the item
    UNIQUE (target_kind, target_id, reporter_id)
);
CREATE INDEX reports_open ON reports (target_kind, target_id, resolved_at);

CREATE TABLE account_blocks (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    until      INTEGER,                     -- NULL: until lifted
    reason     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    lifted_at  INTEGER
);
CREATE INDEX account_blocks_user ON account_blocks (user_id);

-- Every moderation and administration action, each entry carrying the hash of the previous one. Entries hold
-- ids, never names or addresses: deleting an account (GDPR) does not break the chain. `seq` is unique, so two
-- writers racing for the same place cannot both commit.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER,                    -- NULL: the system (e.g. hidden after N reports)
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    public      INTEGER NOT NULL,           -- moderation entries the public may read
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
