-- Each envelope's paper ballots are reconciled with the people recorded as having voted on paper, as a polling
-- station reconciles ballots with signatures: a difference must be explained in writing, by a staff member who
-- typed none of the envelope's batches, before results are published; the explanation is published with them.
-- The figures explained are kept: if they change afterwards, the explanation no longer applies.
CREATE TABLE budget_paper_reconciliations (
    envelope_id  BIGINT PRIMARY KEY REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    ballots      BIGINT NOT NULL,
    voters       BIGINT NOT NULL,
    explanation  TEXT NOT NULL,
    explained_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    explained_at BIGINT NOT NULL
);
