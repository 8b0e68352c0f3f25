-- Letter codes (app/src/eligibility): a resident the register does not hold asks for a letter at their address;
-- staff print the pending letters (one 12-character code each, valid 60 days, only its hash kept); typing the
-- code verifies the account with the letter's district. The name and address serve the printing only and are
-- erased once the letter is printed.
CREATE TABLE residence_letters (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient    TEXT,                   -- the name on the letterbox; NULL once printed
    address      TEXT,                   -- street and number, one or two lines; NULL once printed
    address_key  TEXT NOT NULL,          -- keyed hash of the folded address (register secret): repeats stay visible
    postcode     TEXT NOT NULL,
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    requested_at INTEGER NOT NULL,
    code_hash    TEXT UNIQUE,            -- SHA-256 of the code, set when printed
    printed_at   INTEGER,
    printed_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    expires_at   INTEGER,
    used_at      INTEGER,
    refused_at   INTEGER                  -- staff refused to send it (address not in the district or not in town)
);
CREATE INDEX residence_letters_user ON residence_letters (user_id);
CREATE INDEX residence_letters_pending ON residence_letters (printed_at);
CREATE INDEX residence_letters_address ON residence_letters (address_key);

-- Desk checks (app/src/eligibility/service/desk.rs): an agent who saw an identity document records the check; it
-- verifies the account only once a second staff member confirms it (no one makes a verified voter alone).
CREATE TABLE desk_checks (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agent_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    entry_id     INTEGER REFERENCES register_entries (id) ON DELETE SET NULL,
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    birth_date   TEXT NOT NULL,
    person_key   TEXT NOT NULL,
    on_register  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    confirmed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    confirmed_at INTEGER
);
CREATE INDEX desk_checks_pending ON desk_checks (confirmed_at);
