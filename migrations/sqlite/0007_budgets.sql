-- Participatory budgets: envelopes (the whole town, or one per district), projects and their public review,
-- ballots kept apart from who voted, paper ballots entered twice, and the stored results of every rule.
-- Amounts are cents; times are Unix seconds bound from Rust; booleans are 0/1 integers.

CREATE TABLE budgets (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,          -- Markdown source, rendered through the sanitising subset
    currency        TEXT NOT NULL DEFAULT 'EUR',
    phase           TEXT NOT NULL CHECK (phase IN ('proposals', 'review', 'voting', 'counting', 'results',
                                                   'implementation')),
    ballot_kind     TEXT NOT NULL CHECK (ballot_kind IN ('approval', 'knapsack', 'cumulative', 'ranked')),
    min_choices     INTEGER NOT NULL DEFAULT 0, -- approval: fewest projects on a ballot
    max_choices     INTEGER,                -- approval: most projects; ranked: how many ranks
    min_spend_pct   INTEGER NOT NULL DEFAULT 0, -- knapsack: the least share of the envelope a ballot must use
    max_points      INTEGER,                -- cumulative: points to spread
    max_points_each INTEGER,                -- cumulative: most points on one project
    rule            TEXT NOT NULL,          -- the official counting rule (pabulib's names)
    min_score       INTEGER NOT NULL DEFAULT 0, -- the minimum support a project needs, whatever the rule
    proposals_until TEXT,                   -- planned dates (YYYY-MM-DD)
    voting_from     TEXT,
    voting_until    TEXT,
    phase_at        INTEGER NOT NULL,       -- when the current phase began
    locked_at       INTEGER,                -- voting opened: ballot rules and rule locked
    closed_at       INTEGER,                -- voting closed: links between voters and ballots destroyed
    imported_meta   TEXT,                   -- a pabulib import's META section (key;value lines), kept for export
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX budgets_phase ON budgets (phase);

CREATE TABLE budget_envelopes (
    id          INTEGER PRIMARY KEY,
    budget_id   INTEGER NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    district_id INTEGER REFERENCES districts (id), -- NULL: the whole town
    name        TEXT NOT NULL DEFAULT '',           -- an imported file's district or unit
    amount      INTEGER NOT NULL CHECK (amount >= 0)
);
CREATE INDEX budget_envelopes_budget ON budget_envelopes (budget_id, position);

CREATE TABLE budget_projects (
    id           INTEGER PRIMARY KEY,
    budget_id    INTEGER NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    envelope_id  INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,          -- the published order, which breaks ties in score
    ref          TEXT NOT NULL,             -- the short public id (pabulib's project_id)
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',  -- Markdown
    category     TEXT NOT NULL DEFAULT '',
    cost         INTEGER NOT NULL CHECK (cost >= 0), -- the author's estimate
    revised_cost INTEGER CHECK (revised_cost >= 0),  -- the review's, when it differs
    latitude     REAL,
    longitude    REAL,
    image_url    TEXT NOT NULL DEFAULT '',
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'feasible', 'unfeasible', 'merged', 'withdrawn')),
    review_note  TEXT NOT NULL DEFAULT '',  -- public: why feasible or not, why the cost changed
    reviewed_at  INTEGER,
    merged_into  INTEGER REFERENCES budget_projects (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (budget_id, ref)
);
CREATE INDEX budget_projects_envelope ON budget_projects (envelope_id, position);

-- Who voted, in which envelope and by which channel: never what. `ballot_key` finds the voter's ballot so they
-- can change it; it is set to NULL on both sides when voting closes, after which nothing joins them.
CREATE TABLE budget_participations (
    envelope_id INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('web', 'kiosk', 'paper')),
    ballot_key  TEXT UNIQUE,
    at          INTEGER NOT NULL,
    PRIMARY KEY (envelope_id, user_id)
);

-- What was voted: a random id (the one published), the channel, no time and no person. Without a rowid,
-- SQLite keeps rows in the order of their random ids, not of their arrival.
CREATE TABLE budget_ballots (
    id          TEXT NOT NULL PRIMARY KEY,
    envelope_id INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('web', 'kiosk', 'paper')),
    ballot_key  TEXT UNIQUE,
    receipt     TEXT,                       -- SHA-256 of the receipt code given at checkout
    batch_id    INTEGER                     -- a paper ballot's batch
) WITHOUT ROWID;
CREATE INDEX budget_ballots_envelope ON budget_ballots (envelope_id);

CREATE TABLE budget_ballot_items (
    ballot_id  TEXT NOT NULL REFERENCES budget_ballots (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    points     INTEGER NOT NULL DEFAULT 1,  -- cumulative: points; ranked: the rank (1 = first choice)
    PRIMARY KEY (ballot_id, project_id)
) WITHOUT ROWID;
CREATE INDEX budget_ballot_items_project ON budget_ballot_items (project_id);

-- Paper ballots, entered by batch twice by two staff members; a batch counts once both entries agree.
CREATE TABLE budget_paper_batches (
    id          INTEGER PRIMARY KEY,
    envelope_id INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    first_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    second_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    counted_at  INTEGER,
    created_at  INTEGER NOT NULL
);

CREATE TABLE budget_paper_entries (
    batch_id INTEGER NOT NULL REFERENCES budget_paper_batches (id) ON DELETE CASCADE,
    pass     INTEGER NOT NULL CHECK (pass IN (1, 2, 3)), -- 3: a discrepancy's resolution
    seq      INTEGER NOT NULL,              -- the number written on the paper ballot
    choices  TEXT NOT NULL,                 -- project refs ("ref" or "ref:points"), comma separated; '' = void
    PRIMARY KEY (batch_id, pass, seq)
);

-- Results of every rule for each envelope (the official rule and the ones officials compare it with).
CREATE TABLE budget_tallies (
    envelope_id  INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    rule         TEXT NOT NULL,
    ballots      INTEGER NOT NULL,
    voter_budget INTEGER,                   -- equal shares: each voter's share in the run kept
    for_shares   INTEGER,                   -- the comparison step: voters preferring each outcome
    for_greedy   INTEGER,
    kept_greedy  INTEGER,
    computed_at  INTEGER NOT NULL,
    PRIMARY KEY (envelope_id, rule)
);

CREATE TABLE budget_results (
    envelope_id INTEGER NOT NULL REFERENCES budget_envelopes (id) ON DELETE CASCADE,
    rule        TEXT NOT NULL,
    project_id  INTEGER NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    score       INTEGER NOT NULL,
    funded      INTEGER NOT NULL,
    funded_rank INTEGER,                    -- order of funding
    reason      TEXT NOT NULL,
    amount      INTEGER,                    -- cents: largest payment, money left, budget left
    payers      INTEGER,
    supporters  INTEGER,
    detail      INTEGER,                    -- the score rank, the threshold, or the project counting stopped at
    PRIMARY KEY (envelope_id, rule, project_id)
);
