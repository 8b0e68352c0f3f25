-- The channel each consultation vote came by, for the officials' dashboard: online today, the town-hall kiosks
-- add theirs. Votes cast before were all cast online.
ALTER TABLE consultation_votes ADD COLUMN channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'kiosk', 'paper'));
