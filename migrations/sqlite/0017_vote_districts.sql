-- The district each person votes as in each vote, pinned at their first vote in it (app/src/participation):
-- a later change of the account's district never opens another district's envelope or vote.
CREATE TABLE vote_districts (
    scope       TEXT NOT NULL CHECK (scope IN ('budget', 'consultation')),
    vote_id     INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    district_id INTEGER REFERENCES districts (id),
    pinned_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, vote_id, user_id)
);
