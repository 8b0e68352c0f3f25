-- Leases of the background jobs (app/src/jobs.rs): a run holds its job's row until `until` (Unix seconds) and
-- renews it while it lasts, so the server's own job and a `clairvoie retention run` typed beside it never run at
-- once. PostgreSQL uses advisory locks instead (released with the session of a process that dies).
CREATE TABLE job_locks (
    job TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
);
