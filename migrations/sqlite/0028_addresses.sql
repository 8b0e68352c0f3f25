-- The town's postal addresses, from the national address base (BAN): residents find sensors near an address
-- and a sensor's page names its nearest one (app/src/addresses). Replaced whole at each import.
CREATE TABLE addresses (
    id         INTEGER PRIMARY KEY,
    ban_id     TEXT NOT NULL UNIQUE,
    number     INTEGER NOT NULL,
    suffix     TEXT NOT NULL DEFAULT '',
    street     TEXT NOT NULL,
    street_key TEXT NOT NULL, -- lower case, no accents nor punctuation (addresses::rules::normalise)
    postcode   TEXT NOT NULL,
    city       TEXT NOT NULL,
    longitude  REAL NOT NULL,
    latitude   REAL NOT NULL
);
CREATE INDEX addresses_street ON addresses (street_key, number);
CREATE INDEX addresses_place ON addresses (latitude, longitude);
