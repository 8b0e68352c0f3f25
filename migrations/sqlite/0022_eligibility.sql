-- Residence verification (app/src/eligibility). The town's register is never stored: an entry is two keyed
-- hashes (HMAC-SHA256 under the register secret, which is not in the database) of what matching needs, and the
-- district; `claimed_by` is the one account it verified.
CREATE TABLE register_entries (
    id           INTEGER PRIMARY KEY,
    identity_key TEXT NOT NULL UNIQUE,   -- family name, first given name, birth date, postcode
    person_key   TEXT NOT NULL,          -- the same without the postcode (an OpenID Connect identity)
    district_id  INTEGER NOT NULL REFERENCES districts (id),
    imported_at  INTEGER NOT NULL,
    claimed_by   INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    claimed_at   INTEGER
);
CREATE INDEX register_entries_person ON register_entries (person_key);

-- How an account was verified as a resident: the method, when, the district the method gave (never typed) and
-- the birth date it gave, for age limits.
ALTER TABLE users ADD COLUMN residence_method TEXT;
ALTER TABLE users ADD COLUMN residence_verified_at INTEGER;
ALTER TABLE users ADD COLUMN residence_district_id INTEGER REFERENCES districts (id);
ALTER TABLE users ADD COLUMN birth_date TEXT;
