//! The registry as open data: GeoJSON, CSV and one record as JSON, with documented field names (those of
//! [`rules::flat_fields`](super::rules::flat_fields)) and the licence. Pure functions.

use super::rules::flat_fields;
use super::*;
use serde_json::{json, Map, Value};

/// The licence of the open data.
pub const LICENCE: &str = "Licence Ouverte / Open Licence version 2.0 (Etalab)";
/// Where the licence is published.
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

/// `2026-11-23T08:15:00Z` for a Unix time.
pub fn iso_datetime(unix_seconds: i64) -> String {
    let d = crate::format::date_of(unix_seconds);
    let s = unix_seconds.rem_euclid(86_400);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, s / 3600, (s / 60) % 60, s % 60)
}

/// The geometry of a sensor: its point, or its zone.
pub fn geometry(location: &Location) -> Value {
    match location {
        Location::Point { lon, lat } => json!({"type": "Point", "coordinates": [lon, lat]}),
        Location::Zone { geojson } => serde_json::from_str(geojson).unwrap_or(Value::Null),
    }
}

/// The whole public record as JSON properties: every field of the CSV (datastreams as objects), the page URL
/// and the last change.
pub fn properties(s: &Sensor, base_url: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (field, value) in flat_fields(s) {
        match field {
            "longitude" | "latitude" | "zone" | "datastreams" => {}
            _ => {
                map.insert(field.to_string(), if value.is_empty() { Value::Null } else { Value::String(value) });
            }
        }
    }
    map.insert(
        "datastreams".into(),
        Value::Array(
            s.datastreams
                .iter()
                .map(|d| {
                    json!({
                        "name": d.name,
                        "observed_property": d.observed_property,
                        "unit": d.unit,
                        "value_type": d.value_type.code(),
                        "raw_retention": d.raw_retention,
                    })
                })
                .collect(),
        ),
    );
    map.insert("mobile".into(), Value::Bool(matches!(s.location, Location::Zone { .. })));
    map.insert("url".into(), Value::String(paths::sensor_url(base_url, &s.reference)));
    map.insert("updated_at".into(), Value::String(iso_datetime(s.updated_at)));
    map
}

/// One sensor as a JSON document (`GET /api/v1/sensors/{ref}`).
pub fn record(s: &Sensor, base_url: &str) -> Value {
    let mut map = properties(s, base_url);
    map.insert("geometry".into(), geometry(&s.location));
    map.insert("licence".into(), Value::String(LICENCE.into()));
    Value::Object(map)
}

/// The sensors as a GeoJSON FeatureCollection (the licence as a foreign member). Written feature by feature, so
/// that ten thousand sensors never exist at once as a JSON tree in memory.
pub fn feature_collection(sensors: &[Sensor], base_url: &str) -> String {
    let mut out = String::with_capacity(sensors.len() * 1600 + 256);
    out.push_str(&format!(
        r#"{{"type":"FeatureCollection","licence":{},"licence_url":{},"features":["#,
        json!(LICENCE),
        json!(LICENCE_URL)
    ));
    for (i, s) in sensors.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let feature = json!({
            "type": "Feature",
            "id": s.reference,
            "geometry": geometry(&s.location),
            "properties": Value::Object(properties(s, base_url)),
        });
        out.push_str(&feature.to_string());
    }
    out.push_str("]}");
    out
}

/// The sensors as CSV, one row per sensor, columns as [`flat_fields`] (UTF-8, comma-separated, header first).
pub fn csv(sensors: &[Sensor]) -> String {
    let mut writer = ::csv::Writer::from_writer(vec![]);
    let header: Vec<&str> = match sensors.first() {
        Some(s) => flat_fields(s).into_iter().map(|(k, _)| k).collect(),
        None => COLUMNS.to_vec(),
    };
    // Writing to memory cannot fail.
    let _ = writer.write_record(&header);
    for s in sensors {
        // Names and texts come from staff and imports: none may run as a formula in a spreadsheet.
        let _ = writer
            .write_record(flat_fields(s).into_iter().map(|(_, v)| crate::format::spreadsheet_safe(&v).into_owned()));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The CSV columns (also the GeoJSON property names), in order.
pub const COLUMNS: [&str; 32] = super::FIELDS;

/// The map's data: a compact GeoJSON (short property names, coordinates to about a metre) so that thousands
/// of sensors load quickly on a phone. `r` reference, `n` name, `t` technology, `d` domain, `p` personal data,
/// `s` status, `q` district id.
pub fn map_geojson(points: &[queries::MapPoint]) -> String {
    let mut out = String::with_capacity(points.len() * 140 + 64);
    out.push_str(r#"{"type":"FeatureCollection","features":["#);
    let mut first = true;
    for p in points {
        // A mobile sensor shows at the middle of its zone.
        let geometry =
            super::preview::position(p).map(|(x, y)| format!(r#"{{"type":"Point","coordinates":[{x:.5},{y:.5}]}}"#));
        let Some(geometry) = geometry else {
            continue;
        };
        if !first {
            out.push(',');
        }
        first = false;
        let properties = json!({
            "r": p.reference, "n": p.name, "t": p.technology, "d": p.domain, "p": p.personal_data, "s": p.status,
            "q": p.district_id,
        });
        out.push_str(&format!(r#"{{"type":"Feature","geometry":{geometry},"properties":{properties}}}"#));
    }
    out.push_str("]}");
    out
}

/// The districts' outlines as GeoJSON.
pub fn districts_geojson(outlines: &[(i64, String, String, String)]) -> String {
    let features: Vec<Value> = outlines
        .iter()
        .map(|(id, slug, name, geometry)| {
            json!({
                "type": "Feature",
                "id": id,
                "geometry": serde_json::from_str::<Value>(geometry).unwrap_or(Value::Null),
                "properties": {"id": id, "slug": slug, "name": name},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// The town's streets as GeoJSON lines with their names.
pub fn streets_geojson(streets: &[(String, String)]) -> String {
    let features: Vec<Value> = streets
        .iter()
        .map(|(name, geometry)| {
            json!({
                "type": "Feature",
                "geometry": serde_json::from_str::<Value>(geometry).unwrap_or(Value::Null),
                "properties": {"name": name},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// A row of an uploaded file: its number and its named values.
pub type NumberedRow = (usize, Vec<(String, String)>);

/// The rows of an uploaded CSV file as named values, numbered by line (the header is line 1).
pub fn read_csv(text: &str) -> Result<Vec<NumberedRow>, String> {
    let text = text.trim_start_matches('\u{feff}');
    // Spreadsheets in France often save with semicolons: take whichever separates the header.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> =
        reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().to_lowercase()).collect();
    if !header.iter().any(|h| h == "reference") {
        return Err("no reference column".into());
    }
    let mut rows = vec![];
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or_default();
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        rows.push((line, header.iter().cloned().zip(record.iter().map(str::to_string)).collect()));
    }
    Ok(rows)
}

/// The features of an uploaded GeoJSON FeatureCollection as named values, numbered from 1: the geometry gives
/// the point (or the zone), the properties the other fields.
pub fn read_geojson(text: &str) -> Result<Vec<NumberedRow>, String> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())?;
    let features = value["features"].as_array().ok_or("not a FeatureCollection")?;
    let mut rows = vec![];
    for (i, feature) in features.iter().enumerate() {
        let mut pairs: Vec<(String, String)> = vec![];
        if let Some(props) = feature["properties"].as_object() {
            for (key, v) in props {
                let text = match (key.as_str(), v) {
                    ("datastreams", Value::Array(items)) => items
                        .iter()
                        .map(|d| {
                            ["name", "observed_property", "unit", "value_type", "raw_retention"]
                                .iter()
                                .map(|k| d[*k].as_str().unwrap_or_default().replace(['|', ';'], " "))
                                .collect::<Vec<_>>()
                                .join("|")
                        })
                        .collect::<Vec<_>>()
                        .join(";"),
                    (_, Value::String(s)) => s.clone(),
                    (_, Value::Null) => String::new(),
                    (_, other) => other.to_string(),
                };
                pairs.push((key.clone(), text));
            }
        }
        let geometry = &feature["geometry"];
        match geometry["type"].as_str() {
            Some("Point") => {
                let c = &geometry["coordinates"];
                pairs.push(("longitude".into(), c[0].as_f64().map(|v| v.to_string()).unwrap_or_default()));
                pairs.push(("latitude".into(), c[1].as_f64().map(|v| v.to_string()).unwrap_or_default()));
                pairs.push(("zone".into(), String::new()));
            }
            Some(_) => pairs.push(("zone".into(), geometry.to_string())),
            None => {}
        }
        rows.push((i + 1, pairs));
    }
    Ok(rows)
}

/// One sensor record as `GET /api/v1/sensors/{reference}` gives it (flat properties and a `geometry`), as named
/// values, for the write API: what the API publishes can be sent back changed. Read-only members (`url`,
/// `updated_at`, `mobile`, `licence`) are ignored.
pub fn read_record(value: &Value) -> Result<Vec<(String, String)>, String> {
    let object = value.as_object().ok_or("not a JSON object")?;
    let mut properties = object.clone();
    let geometry = properties.remove("geometry").unwrap_or(Value::Null);
    for ignored in ["url", "updated_at", "mobile", "licence"] {
        properties.remove(ignored);
    }
    let feature = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": geometry, "properties": properties}]});
    let mut rows = read_geojson(&feature.to_string())?;
    Ok(rows.pop().map(|(_, pairs)| pairs).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensors::rules::{form_from_pairs, validate};

    fn sample() -> Vec<Sensor> {
        let districts = vec![(3, "La Gare".to_string())];
        let mut forms = vec![crate::sensors::rules::tests::parking_form()];
        let mut camera = forms[0].clone();
        camera.reference = "VI-1".into();
        camera.technology = "video_camera".into();
        camera.personal_data = "personal".into();
        camera.legal_basis = "public_task".into();
        camera.dpo_contact = "dpo@ville.example".into();
        camera.decision = "7".into();
        camera.legal_reference = "Code de la sécurité intérieure, art. L251-2".into();
        camera.purpose_text = "Protéger la mairie, avec des virgules, \"guillemets\" et ; points-virgules.".into();
        camera.longitude.clear();
        camera.latitude.clear();
        camera.zone = r#"{"type":"Polygon","coordinates":[[[0.68,47.39],[0.7,47.39],[0.7,47.4],[0.68,47.39]]]}"#.into();
        forms.push(camera);
        forms.iter().map(|f| validate(f, &districts).unwrap()).collect()
    }

    #[test]
    fn csv_and_geojson_read_back_what_they_write() {
        let districts = vec![(3, "La Gare".to_string())];
        let sensors = sample();
        let rows = read_csv(&csv(&sensors)).unwrap();
        assert_eq!(rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [2, 3]);
        let back: Vec<Sensor> =
            rows.iter().map(|(_, p)| validate(&form_from_pairs(p, &districts), &districts).unwrap()).collect();
        assert_eq!(back, sensors);
        let geo = read_geojson(&feature_collection(&sensors, "https://ville.example")).unwrap();
        let back: Vec<Sensor> =
            geo.iter().map(|(_, p)| validate(&form_from_pairs(p, &districts), &districts).unwrap()).collect();
        assert_eq!(back, sensors);
        let semicolons = "reference;name\nPK-1;Place\n";
        assert_eq!(read_csv(semicolons).unwrap()[0].1[1], ("name".to_string(), "Place".to_string()));
        assert!(read_csv("a,b\n1,2\n").is_err());
        assert!(read_geojson("{\"type\":\"Feature\"}").is_err());
    }

    #[test]
    fn every_feature_has_a_geometry_and_the_transparency_fields() {
        let value: Value = serde_json::from_str(&feature_collection(&sample(), "https://ville.example/")).unwrap();
        assert_eq!(value["licence"], LICENCE);
        for f in value["features"].as_array().unwrap() {
            assert!(matches!(f["geometry"]["type"].as_str(), Some("Point" | "Polygon")));
            for key in ["purpose_text", "personal_data", "controller", "raw_retention", "status", "datastreams"] {
                assert!(!f["properties"][key].is_null(), "{key}");
            }
        }
        assert_eq!(value["features"][0]["properties"]["url"], "https://ville.example/capteurs/PK-0042");
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_datetime(1_795_425_300), "2026-11-23T09:15:00Z");
    }
}
