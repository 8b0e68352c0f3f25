-- Retention alarms as the retention job finds them: raw values still held past their datastream's retention
-- (beyond the job's grace period: the job had not run), or a retention the job cannot read. An alarm is resolved
-- by the first run that finds the datastream compliant: "purged" when that run deleted the overdue values,
-- "cleared" otherwise (the values or the datastream went another way, the retention was corrected). The data-use
-- bulletin reports them.
CREATE TABLE retention_alarms (
    id          INTEGER PRIMARY KEY,
    sensor_id   INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    datastream  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('overdue', 'unreadable')),
    raised_at   INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution  TEXT CHECK (resolution IN ('purged', 'cleared'))
);
CREATE INDEX retention_alarms_open ON retention_alarms (resolved_at);
CREATE INDEX retention_alarms_raised ON retention_alarms (raised_at);
