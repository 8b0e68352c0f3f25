-- Sensors: the public registry. Codes are the vocabularies of app/src/sensors/mod.rs; durations are ISO 8601.

CREATE TABLE sensors (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    technology          TEXT NOT NULL,
    domain              TEXT NOT NULL,
    longitude           REAL,            -- a fixed sensor's point (WGS 84) …
    latitude            REAL,
    zone                TEXT,            -- … or a mobile sensor's zone (GeoJSON Polygon)
    district_id         INTEGER REFERENCES districts (id) ON DELETE SET NULL,
    network             TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    purpose_text        TEXT NOT NULL,
    personal_data       TEXT NOT NULL,
    anonymisation       TEXT,
    legal_basis         TEXT,
    controller          TEXT NOT NULL,
    controller_contact  TEXT NOT NULL,
    operator_kind       TEXT NOT NULL,
    operator_name       TEXT,
    dpo_contact         TEXT,
    hosting             TEXT NOT NULL,
    hosting_provider    TEXT,
    recipients          TEXT NOT NULL,
    raw_retention       TEXT NOT NULL,
    aggregate_retention TEXT,
    open_data_url       TEXT,
    dpia_url            TEXT,
    status              TEXT NOT NULL,
    installed_on        TEXT,
    active_until        TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((longitude IS NOT NULL AND latitude IS NOT NULL) OR zone IS NOT NULL)
);
CREATE INDEX sensors_domain ON sensors (domain);
CREATE INDEX sensors_technology ON sensors (technology);
CREATE INDEX sensors_status ON sensors (status);
CREATE INDEX sensors_personal_data ON sensors (personal_data);
CREATE INDEX sensors_district ON sensors (district_id);

CREATE TABLE datastreams (
    id                INTEGER PRIMARY KEY,
    sensor_id         INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    observed_property TEXT NOT NULL,
    unit              TEXT NOT NULL,
    value_type        TEXT NOT NULL,
    raw_retention     TEXT NOT NULL,
    UNIQUE (sensor_id, name)
);

-- Where a mobile sensor was, and when.
CREATE TABLE sensor_positions (
    id         INTEGER PRIMARY KEY,
    sensor_id  INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    longitude  REAL NOT NULL,
    latitude   REAL NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to   INTEGER
);
CREATE INDEX sensor_positions_sensor ON sensor_positions (sensor_id, valid_from);

-- The public history: every change, field by field (JSON list of {field, old, new}).
CREATE TABLE sensor_history (
    id         INTEGER PRIMARY KEY,
    sensor_id  INTEGER NOT NULL REFERENCES sensors (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    actor_role TEXT NOT NULL,
    actor_name TEXT,
    changes    TEXT NOT NULL
);
CREATE INDEX sensor_history_sensor ON sensor_history (sensor_id, at);
