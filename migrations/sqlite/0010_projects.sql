-- Project follow-up (accountability): what the town does after a budget's results or an adopted use case.
-- A top-level project follows a budget's winners (budget_id) or an adopted decision (decision_id); its children
-- follow one winner each (budget_project_id) or a part of the work. A parent's status, progress and amounts are
-- derived from its children when shown; its own columns are then not used. Projects are never deleted: the
-- public record of what was promised stays (RESTRICT everywhere).
CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    parent_id         INTEGER REFERENCES projects (id) ON DELETE RESTRICT,
    decision_id       INTEGER REFERENCES decisions (id) ON DELETE RESTRICT,
    budget_id         INTEGER REFERENCES budgets (id) ON DELETE RESTRICT,
    budget_project_id INTEGER REFERENCES budget_projects (id) ON DELETE RESTRICT,
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('planned', 'in_study', 'in_progress', 'delivered', 'abandoned')),
    abandon_reason    TEXT NOT NULL DEFAULT '',
    progress          INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    currency          TEXT NOT NULL,
    voted             INTEGER NOT NULL CHECK (voted >= 0),  -- cents
    spent             INTEGER NOT NULL CHECK (spent >= 0),  -- cents
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK (parent_id IS NOT NULL OR decision_id IS NOT NULL OR budget_id IS NOT NULL)
);
CREATE UNIQUE INDEX projects_decision ON projects (decision_id);
CREATE UNIQUE INDEX projects_budget ON projects (budget_id);
CREATE UNIQUE INDEX projects_budget_project ON projects (budget_project_id);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,   -- YYYY-MM-DD, planned
    done_on    TEXT,            -- YYYY-MM-DD, reached
    created_at INTEGER NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones (project_id, due_on);

-- Photos and documents, as links (the town's own file server or open-data portal).
CREATE TABLE project_links (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
    kind       TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_links_project ON project_links (project_id);

-- The public timeline: one entry per thing that happened, dated by staff (the day it happened, not the day it
-- was typed). `status`, `progress` and `spent` hold the values set by an update, NULL when unchanged.
CREATE TABLE project_events (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
    happened_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'update', 'milestone', 'link', 'sensor')),
    status      TEXT,
    progress    INTEGER,
    spent       INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX project_events_project ON project_events (project_id, happened_on);

-- The sensors a project delivered: each sensor by at most one project.
CREATE TABLE project_sensors (
    sensor_id  INTEGER PRIMARY KEY REFERENCES sensors (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
    linked_at  INTEGER NOT NULL
);
CREATE INDEX project_sensors_project ON project_sensors (project_id);
