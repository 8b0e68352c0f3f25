-- Photos residents attach to a project (at most three, JPEG, PNG or WebP as their first bytes say). Kept in the
-- database, like everything else a town must back up, so several instances serve them without a shared disk.
CREATE TABLE budget_project_images (
    project_id   INTEGER NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);
