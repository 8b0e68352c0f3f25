//! The OpenAPI 3.1 description of the public API, served at `GET /api/v1/openapi.json`: ingestion (native,
//! SenML, The Things Stack, ChirpStack, SensorThings), the retention proof and the registry's open data.

use super::paths;
use serde_json::{json, Value};

fn error_responses(codes: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for code in codes {
        let description = match *code {
            "400" => "Unreadable body or query (malformed JSON with its position, a bad option)",
            "401" => "Missing, unknown or revoked credential",
            "403" => "A valid credential used outside its scope",
            "404" => "No such sensor, datastream or observation (or not public)",
            "413" => "Body larger than 4 MB",
            "429" => "Too many requests for this credential; see Retry-After",
            "503" => "The database cannot be reached now: nothing stored, send again after Retry-After",
            _ => "Error",
        };
        out.insert(
            code.to_string(),
            json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
        );
    }
    Value::Object(out)
}

fn batch_responses() -> Value {
    let mut responses = error_responses(&["400", "401", "403", "413", "429", "503"]);
    let report = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}});
    responses["200"] = json!({"description": "Every row stored or already stored", "content": report});
    responses["207"] =
        json!({"description": "Some rows refused (listed with their reason), the others stored", "content": report});
    responses["422"] =
        json!({"description": "Nothing could be stored (or all-or-nothing and a row was refused)", "content": report});
    responses
}

fn body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

fn ingest_paths() -> Value {
    let all_or_nothing = json!({"name": "all_or_nothing", "in": "query", "required": false,
        "description": "true: store nothing if any row is refused", "schema": {"type": "string", "enum": ["true", "false"]}});
    let secured = json!([{"bearer": []}]);
    json!({
        paths::OBSERVATIONS: {"post": {
            "summary": "Native batch of measurements (up to 10,000 rows)", "operationId": "postObservations",
            "security": secured, "parameters": [all_or_nothing],
            "requestBody": body(json!({"type": "array", "maxItems": 10000, "items": {"$ref": "#/components/schemas/NativeRow"}})),
            "responses": batch_responses()}},
        paths::SENML: {"post": {
            "summary": "SenML JSON (RFC 8428); bn + n is the datastream REF/name", "operationId": "postSenml",
            "security": secured, "parameters": [all_or_nothing],
            "requestBody": body(json!({"type": "array", "items": {"$ref": "#/components/schemas/SenmlRecord"}})),
            "responses": batch_responses()}},
        paths::TTN: {"post": {
            "summary": "The Things Stack v3 uplink webhook (decoded_payload keys are datastream names)",
            "operationId": "postTtn", "security": secured,
            "requestBody": body(json!({"type": "object", "required": ["end_device_ids", "uplink_message"], "properties": {
                "end_device_ids": {"type": "object", "properties": {"dev_eui": {"type": "string"}}},
                "received_at": {"type": "string", "format": "date-time"},
                "uplink_message": {"type": "object", "properties": {
                    "f_cnt": {"type": "integer"}, "decoded_payload": {"type": "object"},
                    "received_at": {"type": "string", "format": "date-time"}}}}})),
            "responses": batch_responses()}},
        paths::CHIRPSTACK: {"post": {
            "summary": "ChirpStack v4 HTTP integration event; `up` carries `object`, other events are recorded as device status",
            "operationId": "postChirpstack", "security": secured,
            "parameters": [{"name": "event", "in": "query", "required": true,
                "schema": {"type": "string", "enum": ["up", "status", "join", "ack", "txack", "log", "location"]}}],
            "requestBody": body(json!({"type": "object", "required": ["deviceInfo"], "properties": {
                "time": {"type": "string", "format": "date-time"},
                "deviceInfo": {"type": "object", "properties": {"devEui": {"type": "string"}}},
                "fCnt": {"type": "integer"}, "object": {"type": "object"}}})),
            "responses": batch_responses()}},
        paths::RETENTION.template(): {"get": {
            "summary": "Public proof of deletion: retention declared, oldest value held, purges, compliance",
            "operationId": "getRetention",
            "parameters": [{"name": "reference", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The proof", "content": {"application/json": {"schema": {"type": "object", "required": ["reference", "datastreams", "ledger", "compliant"]}}}},
                "404": error_responses(&["404"])["404"]}}},
    })
}

fn sta_paths() -> Value {
    let paging = json!([
        {"name": "$top", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0, "maximum": 1000}},
        {"name": "$skip", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0}}
    ]);
    let mut observations_options = paging.as_array().cloned().unwrap_or_default();
    observations_options.push(json!({"name": "$orderby", "in": "query", "required": false,
        "schema": {"type": "string", "enum": ["phenomenonTime", "phenomenonTime asc", "phenomenonTime desc"]}}));
    observations_options.push(json!({"name": "$filter", "in": "query", "required": false,
        "description": "phenomenonTime ge|gt|le|lt|eq RFC 3339, joined by `and`", "schema": {"type": "string"}}));
    observations_options.push(json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}));
    let collection = json!({"200": {"description": "A page (with @iot.count and @iot.nextLink)", "content": {"application/json": {"schema": {"type": "object", "required": ["value"]}}}},
        "400": error_responses(&["400"])["400"]});
    let single = |what: &str| {
        json!({"200": {"description": what, "content": {"application/json": {"schema": {"type": "object"}}}},
        "404": error_responses(&["404"])["404"]})
    };
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let mut create_responses = error_responses(&["400", "401", "403", "404", "413", "429"]);
    create_responses["201"] = json!({"description": "Stored; Location gives its address", "content": {"application/json": {"schema": {"type": "object"}}}});
    create_responses["200"] = json!({"description": "Already stored (same datastream and time)", "content": {"application/json": {"schema": {"type": "object"}}}});
    let mut many_responses = error_responses(&["400", "401", "403", "404", "413", "429"]);
    many_responses["201"] = json!({"description": "Per row, the observation's address or an error message", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}});
    json!({
        "/sta/v1.1/Things": {"get": {"summary": "Sensors without personal data", "operationId": "staThings", "parameters": paging, "responses": collection}},
        "/sta/v1.1/Things({id})": {"get": {"summary": "One sensor", "operationId": "staThing", "parameters": id, "responses": single("A Thing")}},
        "/sta/v1.1/Things({id})/Datastreams": {"get": {"summary": "A sensor's datastreams", "operationId": "staThingDatastreams",
            "parameters": [paging[0], paging[1], id[0]], "responses": collection}},
        "/sta/v1.1/Datastreams": {"get": {"summary": "Datastreams of sensors without personal data", "operationId": "staDatastreams", "parameters": paging, "responses": collection}},
        "/sta/v1.1/Datastreams({id})": {"get": {"summary": "One datastream", "operationId": "staDatastream", "parameters": id, "responses": single("A Datastream")}},
        "/sta/v1.1/Datastreams({id})/Observations": {
            "get": {"summary": "A datastream's observations", "operationId": "staObservations", "parameters": observations_options, "responses": collection},
            "post": {"summary": "Create one observation", "operationId": "staCreateObservation", "security": [{"bearer": []}],
                "parameters": id,
                "requestBody": body(json!({"type": "object", "required": ["phenomenonTime", "result"], "properties": {
                    "phenomenonTime": {"type": "string", "format": "date-time"}, "result": {}}})),
                "responses": create_responses}},
        paths::STA_CREATE_MANY: {"post": {"summary": "Create observations (dataArray extension)", "operationId": "staCreateObservations",
            "security": [{"bearer": []}],
            "requestBody": body(json!({"type": "array", "items": {"type": "object", "required": ["Datastream", "components", "dataArray"]}})),
            "responses": many_responses}},
    })
}

/// The answers of the registry's write API.
fn write_responses(success: &str, what: &str) -> Value {
    let error =
        |why: &str| json!({"description": why, "content": {"application/json": {"schema": {"type": "object"}}}});
    json!({
        success: {"description": what, "content": {"application/json": {"schema": {"type": "object"}}}},
        "400": error("Not a JSON record"),
        "401": error("Not signed in"),
        "403": error("Not allowed to manage sensors, or the X-CSRF-Token header does not repeat the csrf cookie"),
        "404": error("No such sensor"),
        "422": error("Refused fields: {errors: [{field, code, message}]}, messages in the reader's language"),
    })
}

fn open_data_paths() -> Value {
    let mut filters: Vec<Value> = ["domain", "technology", "personal_data", "status", "district", "q"]
        .iter()
        .map(|name| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}}))
        .collect();
    // Around a place: sensors within `rayon` metres of (`lat`, `lon`), nearest first in the list.
    filters.extend([
        json!({"name": "lat", "in": "query", "required": false, "schema": {"type": "number", "minimum": -90, "maximum": 90}}),
        json!({"name": "lon", "in": "query", "required": false, "schema": {"type": "number", "minimum": -180, "maximum": 180}}),
        json!({"name": "rayon", "in": "query", "required": false, "description": "metres, 1 to 5000", "schema": {"type": "integer", "minimum": 1, "maximum": 5000}}),
    ]);
    let ok = |kind: &str, what: &str| json!({"200": {"description": what, "content": {kind: {"schema": {}}}}});
    json!({
        crate::sensors::paths::GEOJSON: {"get": {"summary": "Every sensor as GeoJSON (Licence Ouverte 2.0)", "operationId": "sensorsGeojson", "parameters": filters, "responses": ok("application/geo+json", "A FeatureCollection")}},
        crate::sensors::paths::CSV: {"get": {"summary": "Every sensor as CSV", "operationId": "sensorsCsv", "parameters": filters, "responses": ok("text/csv", "The registry")}},
        crate::sensors::paths::API: {"post": {"summary": "Staff create a sensor from a record (as GET gives it); every rule of the form applies, the approval gate included",
            "operationId": "createSensor", "security": [{"session": [], "csrf": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": write_responses("201", "Created: the record, its page in Location")}},
        crate::sensors::paths::API_RECORD.template(): {"get": {"summary": "One sensor's public record", "operationId": "sensor",
            "parameters": [{"name": "reference", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The record", "content": {"application/json": {"schema": {"type": "object"}}}}, "404": {"description": "No such sensor"}}},
            "put": {"summary": "Staff replace a sensor's record (its reference cannot change); every rule of the form applies, the approval gate included",
            "operationId": "replaceSensor", "security": [{"session": [], "csrf": []}],
            "parameters": [{"name": "reference", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": write_responses("200", "Replaced: the record")}},
        crate::sensors::paths::MAP_GEOJSON: {"get": {"summary": "Compact points for the map", "operationId": "mapSensors", "parameters": filters, "responses": ok("application/geo+json", "Points")}},
        crate::sensors::paths::DISTRICTS_GEOJSON: {"get": {"summary": "District outlines", "operationId": "districts", "responses": ok("application/geo+json", "Polygons")}},
        crate::sensors::paths::STREETS_GEOJSON: {"get": {"summary": "The town's streets, named", "operationId": "streets", "responses": ok("application/geo+json", "Lines")}},
        crate::sensors::paths::MAP_SVG: {"get": {"summary": "The sensor map drawn by the server", "operationId": "mapImage", "parameters": filters, "responses": ok("image/svg+xml", "SVG image")}},
    })
}

/// The document, with `server` as the base address.
pub fn document(server: &str) -> Value {
    let mut paths = serde_json::Map::new();
    for group in [ingest_paths(), sta_paths(), open_data_paths()] {
        if let Value::Object(map) = group {
            paths.extend(map);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Clairvoie API", "version": env!("CARGO_PKG_VERSION"),
            "description": "Sensor data ingestion with per-device credentials, the public proof of deletion, a SensorThings v1.1 subset and the sensor registry's open data.",
            "license": {"name": "AGPL-3.0-or-later (software); Licence Ouverte 2.0 (data)"}},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                "description": "A device token (its sensor's datastreams only) or a LoRaWAN integration secret"},
                "session": {"type": "apiKey", "in": "cookie", "name": "clairvoie_session",
                    "description": "A staff member's session, from the sign-in form"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                    "description": "Repeats the csrf cookie: a cookie alone never writes"}},
            "schemas": {
                "NativeRow": {"type": "object", "required": ["datastream", "time", "value"], "properties": {
                    "datastream": {"type": "string", "description": "REF/name", "example": "PK-0042/occupied"},
                    "time": {"type": "string", "format": "date-time"},
                    "value": {"oneOf": [{"type": "number"}, {"type": "boolean"}, {"type": "string"}]}}},
                "SenmlRecord": {"type": "object", "properties": {
                    "bn": {"type": "string"}, "bt": {"type": "number"}, "bu": {"type": "string"}, "bv": {"type": "number"},
                    "n": {"type": "string"}, "u": {"type": "string"}, "t": {"type": "number"},
                    "v": {"type": "number"}, "vs": {"type": "string"}, "vb": {"type": "boolean"}, "vd": {"type": "string"}}},
                "Report": {"type": "object", "required": ["accepted", "duplicates", "rejected", "all_or_nothing", "rows"], "properties": {
                    "accepted": {"type": "integer"}, "duplicates": {"type": "integer"}, "rejected": {"type": "integer"},
                    "all_or_nothing": {"type": "boolean"},
                    "rows": {"type": "array", "items": {"type": "object", "required": ["index", "status"], "properties": {
                        "index": {"type": "integer"}, "datastream": {"type": ["string", "null"]},
                        "status": {"type": "string", "enum": ["accepted", "duplicate", "rejected"]},
                        "code": {"type": "string"}, "reason": {"type": "string"}}}}}},
                "Error": {"type": "object", "required": ["error", "message"], "properties": {
                    "error": {"type": "string", "description": "Stable code"},
                    "message": {"type": "string", "description": "In the client's language (Accept-Language)"},
                    "where": {"type": "string"}}}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_with_its_errors() {
        let doc = document("http://localhost:3000");
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/observations",
            "/api/v1/ingest/senml",
            "/api/v1/ingest/ttn",
            "/api/v1/ingest/chirpstack",
            "/api/v1/sensors/{reference}/retention",
            "/sta/v1.1/Datastreams({id})/Observations",
            "/sta/v1.1/CreateObservations",
            "/api/v1/sensors.geojson",
            "/api/v1/sensors",
        ] {
            assert!(paths.contains_key(path), "{path} is not documented");
        }
        let post = &paths["/api/v1/observations"]["post"]["responses"];
        for code in ["200", "207", "400", "401", "403", "413", "422", "429", "503"] {
            assert!(post.get(code).is_some(), "POST /api/v1/observations lacks {code}");
        }
        // Every operation has a unique id.
        let mut ids: Vec<&str> = paths
            .values()
            .flat_map(|p| p.as_object().unwrap().values())
            .filter_map(|op| op["operationId"].as_str())
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }
}
