-- Every spelling's person key of a desk check waiting for its second staff member (comma-separated keyed hashes,
-- app/src/eligibility/service/desk.rs): a second check of the same person under another spelling ("Martin", then
-- "Dupont épouse Martin") is refused while the first waits, as it is once the first is confirmed.
ALTER TABLE desk_checks ADD COLUMN person_keys TEXT NOT NULL DEFAULT '';
