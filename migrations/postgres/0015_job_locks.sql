-- Background jobs take advisory locks on PostgreSQL (app/src/jobs.rs: released with the session of a process
-- that dies), so no table is needed; SQLite's 0015 creates its lease table. This file keeps both engines'
-- migrations numbered alike.
SELECT 1;
