-- Who may take part in each vote (app/src/eligibility/policy.rs), set by staff and locked when the vote opens:
-- any confirmed account, or verified residents only; and an optional minimum age, read from a verified birth
-- date.
ALTER TABLE consultations ADD COLUMN voters TEXT NOT NULL DEFAULT 'confirmed' CHECK (voters IN ('confirmed', 'residents'));
ALTER TABLE consultations ADD COLUMN min_age INTEGER CHECK (min_age BETWEEN 1 AND 120);
ALTER TABLE budgets ADD COLUMN voters TEXT NOT NULL DEFAULT 'confirmed' CHECK (voters IN ('confirmed', 'residents'));
ALTER TABLE budgets ADD COLUMN min_age INTEGER CHECK (min_age BETWEEN 1 AND 120);

-- How each participant was eligible when they first took part: the verification method of their residence
-- ('register', 'letter', 'desk', 'oidc'), 'email' for a confirmed address alone, 'paper' for a voter recorded by
-- staff from a polling station's list. Counted by method on the officials' dashboard; never shown per person.
ALTER TABLE vote_districts ADD COLUMN eligibility TEXT;

-- One person, one verified account, whichever door they came through: the keyed hash of the person (family
-- name, first given name, birth date; see register_entries.person_key) that verified the account.
ALTER TABLE users ADD COLUMN residence_person_key TEXT;
CREATE UNIQUE INDEX users_residence_person ON users (residence_person_key);
