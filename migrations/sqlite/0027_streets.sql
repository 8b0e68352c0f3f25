-- The town's streets, drawn under the sensors when no basemap is configured (the demo town seeds its own; a
-- town with a basemap such as IGN's Plan IGN needs none). One line per named street.
CREATE TABLE streets (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    geometry TEXT NOT NULL -- GeoJSON LineString or MultiLineString, WGS 84
);
