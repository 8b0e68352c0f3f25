-- Ingestion: device and integration credentials, observations, hourly aggregates, and the purge ledger that
-- proves retention is enforced. Times of measurements are Unix milliseconds; other times Unix seconds.

-- A LoRaWAN device identifier (16 hex digits, upper case) maps network-server messages to a sensor.
ALTER TABLE sensors ADD COLUMN dev_eui TEXT;
CREATE UNIQUE INDEX sensors_dev_eui ON sensors (dev_eui);

-- Per-device tokens: only a SHA-256 of the token is kept; `hint` is its first characters, to tell tokens apart.
CREATE TABLE device_tokens (
    id           INTEGER PRIMARY KEY,
    sensor_id    INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX device_tokens_sensor ON device_tokens (sensor_id);

-- One secret per LoRaWAN network-server integration (The Things Stack, ChirpStack), sent as a header.
CREATE TABLE integrations (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('ttn', 'chirpstack')),
    name         TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

-- Raw measurements, one value column per type. The key makes a re-delivered (datastream, time) a duplicate and
-- orders rows the way retention deletes them and charts read them.
CREATE TABLE observations (
    datastream_id INTEGER NOT NULL REFERENCES datastreams (id) ON DELETE CASCADE,
    time          INTEGER NOT NULL,
    number        REAL,
    flag          INTEGER,
    text          TEXT,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (datastream_id, time)
) WITHOUT ROWID;

-- Hourly aggregates of number datastreams (and counts of the others), kept as long as the sensor's aggregate
-- retention allows.
CREATE TABLE observation_hours (
    datastream_id INTEGER NOT NULL REFERENCES datastreams (id) ON DELETE CASCADE,
    hour          INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    min           REAL,
    max           REAL,
    sum           REAL,
    PRIMARY KEY (datastream_id, hour)
);

-- Last message per datastream, for "receives data — last reading 4 min ago".
ALTER TABLE datastreams ADD COLUMN last_time INTEGER;
ALTER TABLE datastreams ADD COLUMN last_received_at INTEGER;

-- The purge ledger: what each retention run deleted, per datastream (kept by sensor and name, so the proof
-- outlives a datastream that is later removed).
CREATE TABLE purge_ledger (
    id               INTEGER PRIMARY KEY,
    sensor_id        INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    datastream       TEXT NOT NULL,
    run_at           INTEGER NOT NULL,
    cutoff           INTEGER NOT NULL,
    rows_deleted     INTEGER NOT NULL,
    hours_deleted    INTEGER NOT NULL,
    oldest_remaining INTEGER,
    reason           TEXT NOT NULL CHECK (reason IN ('retention', 'datastream_removed'))
);
CREATE INDEX purge_ledger_sensor ON purge_ledger (sensor_id, run_at);

-- Device status messages from network servers (ChirpStack status, join …), newest kept per kind.
CREATE TABLE device_events (
    sensor_id INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    detail    TEXT NOT NULL,
    PRIMARY KEY (sensor_id, kind)
);
