-- Official decisions taken after a consultation or a participatory budget: one per subject, public, linked both
-- ways. Subjects are never deleted once decided (RESTRICT): a published decision must keep what it answers.
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER REFERENCES consultations (id) ON DELETE RESTRICT,
    budget_id       INTEGER REFERENCES budgets (id) ON DELETE RESTRICT,
    outcome         TEXT NOT NULL CHECK (outcome IN ('adopted', 'adopted_with_changes', 'rejected', 'postponed')),
    reasoning       TEXT NOT NULL,
    participation   TEXT NOT NULL,      -- how the participation was taken into account
    body            TEXT NOT NULL,      -- who decided: "Conseil municipal"
    reference       TEXT NOT NULL,      -- "délibération n° 2027-045", or ''
    decided_on      TEXT NOT NULL,      -- YYYY-MM-DD
    act_url         TEXT NOT NULL,      -- the official act, or ''
    author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    CHECK ((consultation_id IS NULL) <> (budget_id IS NULL))
);
CREATE UNIQUE INDEX decisions_consultation ON decisions (consultation_id);
CREATE UNIQUE INDEX decisions_budget ON decisions (budget_id);
CREATE INDEX decisions_decided_on ON decisions (decided_on);

-- The approval gate: a sensor that sees, tracks or processes people goes live only on an adopted decision or a
-- legal obligation named with its reference.
ALTER TABLE sensors ADD COLUMN decision_id INTEGER REFERENCES decisions (id) ON DELETE RESTRICT;
ALTER TABLE sensors ADD COLUMN legal_reference TEXT;
