-- Ballots that the count set aside because they break the budget's locked rules (each stored ballot is checked
-- again when counting): reported beside the tally, never counted.
ALTER TABLE budget_tallies ADD COLUMN rejected BIGINT NOT NULL DEFAULT 0;
