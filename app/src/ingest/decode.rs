//! Payload decoding: what municipal hardware sends (native batches, SenML, The Things Stack and ChirpStack
//! uplinks, SensorThings dataArray) turned into readings. Pure functions: no IO, no clock (the caller passes
//! `now` where a format lets the time be implicit). A bad row never hides the good ones: each row decodes to
//! its own `Result`.

use super::{Reading, Value};
use serde_json::Value as Json;

/// The most rows one request may carry.
pub const MAX_ROWS: usize = 10_000;

/// A payload's rows, each decoded on its own.
pub type Rows = Vec<Result<Reading, DecodeError>>;

/// Why a payload or one of its rows cannot be used (a Fluent key, with the field it concerns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What is wrong (Fluent key).
    pub key: &'static str,
    /// Where (a JSON field name), if it helps.
    pub field: Option<&'static str>,
}

impl DecodeError {
    fn new(key: &'static str, field: Option<&'static str>) -> Self {
        DecodeError { key, field }
    }
}

/// Two ASCII digits as a number (RFC 3339's fields have fixed widths: no sign, no space, no other length).
fn two_digits(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    (bytes.len() == 2 && bytes.iter().all(u8::is_ascii_digit))
        .then(|| i64::from((bytes[0] - b'0') * 10 + bytes[1] - b'0'))
}

/// Parses an RFC 3339 date-time (`2026-11-20T08:15:02.118Z`, `…+01:00`) into Unix milliseconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    // YYYY-MM-DD exactly (the date reader alone would take `2026-+1-20`).
    let shape = date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    let days = crate::format::parse_date(date)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset_ms) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (clock, offset) = rest.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, m) = offset[1..].split_once(':')?;
        let (h, m) = (two_digits(h)?, two_digits(m)?);
        if h > 23 || m > 59 {
            return None;
        }
        (clock, sign * (h * 3600 + m * 60) * 1000)
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.split(':');
    let (h, m, s) = (two_digits(parts.next()?)?, two_digits(parts.next()?)?, two_digits(parts.next()?)?);
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Milliseconds: the first three digits of the fraction, missing ones being zeros.
    let millis = fraction.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |ms, d| ms * 10 + i64::from(d - b'0'));
    Some(((days * 86_400 + h * 3600 + m * 60 + s.min(59)) * 1000) + millis - offset_ms)
}

/// A JSON value as a reading's value (numbers, booleans, strings; anything else is refused).
fn value_of(json: &Json) -> Option<Value> {
    match json {
        Json::Number(n) => n.as_f64().filter(|v| v.is_finite()).map(Value::Number),
        Json::Bool(b) => Some(Value::Bool(*b)),
        Json::String(s) => Some(Value::Text(s.clone())),
        _ => None,
    }
}

/// The native batch: `[{"datastream": "REF/name", "time": RFC 3339, "value": …}]`.
pub fn native(body: &Json) -> Result<Rows, DecodeError> {
    let rows = body.as_array().ok_or(DecodeError::new(crate::msg_key!("ingest-error-not-array"), None))?;
    if rows.len() > MAX_ROWS {
        return Err(DecodeError::new(crate::msg_key!("ingest-error-too-many-rows"), None));
    }
    Ok(rows
        .iter()
        .map(|row| {
            let datastream = row["datastream"]
                .as_str()
                .filter(|d| d.contains('/'))
                .ok_or(DecodeError::new(crate::msg_key!("ingest-error-datastream"), Some("datastream")))?;
            let time = row["time"]
                .as_str()
                .and_then(parse_rfc3339)
                .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("time")))?;
            let value = value_of(&row["value"])
                .ok_or(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("value")))?;
            Ok(Reading { datastream: datastream.to_string(), time, value })
        })
        .collect())
}

/// A native row in its plain shape, read straight from the request's bytes.
#[derive(serde::Deserialize)]
struct PlainRow<'a> {
    #[serde(borrow)]
    datastream: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    time: std::borrow::Cow<'a, str>,
    value: Json,
}

/// `native`, read straight from the body: the same rows, without building a JSON document first (a map per row:
/// a third of the time a batch took). `None` when some row is not in the plain shape (a missing field, a wrong
/// type) or the body is not an array of rows: then `native` over the parsed document says which row is wrong.
pub fn native_plain(body: &[u8]) -> Option<Rows> {
    // Checked as a whole first: reading bytes, serde_json skips the strings of fields a row does not use without
    // checking their UTF-8, and a body that is not JSON would be accepted (found by the `native` fuzz target).
    let text = std::str::from_utf8(body).ok()?;
    let rows: Vec<PlainRow> = serde_json::from_str(text).ok()?;
    if rows.len() > MAX_ROWS {
        return None;
    }
    Some(
        rows.into_iter()
            .map(|row| {
                if !row.datastream.contains('/') {
                    return Err(DecodeError::new(crate::msg_key!("ingest-error-datastream"), Some("datastream")));
                }
                let time = parse_rfc3339(&row.time)
                    .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("time")))?;
                let value = value_of(&row.value)
                    .ok_or(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("value")))?;
                Ok(Reading { datastream: row.datastream.into_owned(), time, value })
            })
            .collect(),
    )
}

/// SenML times below 2^28 are relative to now (RFC 8428 §4.5.3).
const SENML_RELATIVE_LIMIT: f64 = 268_435_456.0;

/// SenML JSON (RFC 8428): base fields carry over to the following records; the resolved name (`bn` + `n`) is the
/// datastream identifier `REF/name`. `now_ms` resolves relative and missing times.
pub fn senml(body: &Json, now_ms: i64) -> Result<Rows, DecodeError> {
    let records = body.as_array().ok_or(DecodeError::new(crate::msg_key!("ingest-error-not-array"), None))?;
    if records.len() > MAX_ROWS {
        return Err(DecodeError::new(crate::msg_key!("ingest-error-too-many-rows"), None));
    }
    let mut base_name = String::new();
    let mut base_time = 0.0_f64;
    let mut base_value = 0.0_f64;
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        if let Some(bn) = record["bn"].as_str() {
            base_name = bn.to_string();
        }
        if let Some(bt) = record["bt"].as_f64() {
            base_time = bt;
        }
        if let Some(bv) = record["bv"].as_f64() {
            base_value = bv;
        }
        let name = format!("{base_name}{}", record["n"].as_str().unwrap_or_default());
        // A record that only sets base fields carries no value.
        let has_value = ["v", "vs", "vb", "vd", "s"].iter().any(|k| !record[*k].is_null());
        if !has_value {
            if record["n"].is_null() {
                continue;
            }
            out.push(Err(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("v"))));
            continue;
        }
        let value = if let Some(v) = record["v"].as_f64() {
            Some(Value::Number(base_value + v))
        } else if let Some(s) = record["s"].as_f64() {
            Some(Value::Number(s))
        } else if let Some(b) = record["vb"].as_bool() {
            Some(Value::Bool(b))
        } else {
            record["vs"].as_str().or_else(|| record["vd"].as_str()).map(|s| Value::Text(s.to_string()))
        };
        let time = base_time + record["t"].as_f64().unwrap_or(0.0);
        let time_ms =
            if time.abs() < SENML_RELATIVE_LIMIT { now_ms + (time * 1000.0) as i64 } else { (time * 1000.0) as i64 };
        out.push(match value {
            _ if !name.contains('/') => Err(DecodeError::new(crate::msg_key!("ingest-error-datastream"), Some("n"))),
            Some(Value::Number(n)) if !n.is_finite() => {
                Err(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("v")))
            }
            Some(value) => Ok(Reading { datastream: name, time: time_ms, value }),
            None => Err(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("v"))),
        });
    }
    Ok(out)
}

/// An uplink from a LoRaWAN network server: the device, the message identity (for de-duplication), when, and
/// the decoded values by datastream name (not yet prefixed by the sensor's reference).
#[derive(Clone, Debug, PartialEq)]
pub struct Uplink {
    /// The device's EUI, upper-case hexadecimal.
    pub dev_eui: String,
    /// The frame counter, if sent.
    pub f_cnt: Option<i64>,
    /// When the network server received it (Unix milliseconds).
    pub time: i64,
    /// Decoded values by name.
    pub values: Vec<(String, Value)>,
}

fn decoded_values(object: &Json) -> Result<Vec<(String, Value)>, DecodeError> {
    let map = object.as_object().ok_or(DecodeError::new(crate::msg_key!("ingest-error-no-decoded-payload"), None))?;
    Ok(map.iter().filter_map(|(k, v)| value_of(v).map(|value| (k.clone(), value))).collect())
}

/// The Things Stack v3 uplink webhook.
pub fn ttn(body: &Json) -> Result<Uplink, DecodeError> {
    let ids = &body["end_device_ids"];
    let dev_eui = ids["dev_eui"]
        .as_str()
        .filter(|e| !e.is_empty())
        .ok_or(DecodeError::new(crate::msg_key!("ingest-error-dev-eui"), Some("dev_eui")))?
        .to_ascii_uppercase();
    let uplink = &body["uplink_message"];
    if uplink.is_null() {
        return Err(DecodeError::new(crate::msg_key!("ingest-error-not-uplink"), Some("uplink_message")));
    }
    let time = uplink["received_at"]
        .as_str()
        .or_else(|| body["received_at"].as_str())
        .and_then(parse_rfc3339)
        .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("received_at")))?;
    let values = decoded_values(&uplink["decoded_payload"])?;
    Ok(Uplink { dev_eui, f_cnt: uplink["f_cnt"].as_i64(), time, values })
}

/// A ChirpStack v4 event: an uplink's values, or another event type to record as the device's status.
#[derive(Clone, Debug, PartialEq)]
pub enum ChirpstackEvent {
    /// `up` with a decoded `object`.
    Uplink(Uplink),
    /// `status`, `join`, `ack`, `txack`, `log`, `location`: recorded, no measurement.
    Status {
        /// The device's EUI.
        dev_eui: String,
        /// The event type.
        event: String,
    },
}

/// The event types ChirpStack v4 sends to an HTTP integration.
pub const CHIRPSTACK_EVENTS: [&str; 7] = ["up", "status", "join", "ack", "txack", "log", "location"];

/// A ChirpStack v4 event of type `event` (the `?event=` parameter or the MQTT topic's last part).
impl ChirpstackEvent {
    /// The DevEUI the payload names.
    pub fn dev_eui(&self) -> &str {
        match self {
            ChirpstackEvent::Uplink(u) => &u.dev_eui,
            ChirpstackEvent::Status { dev_eui, .. } => dev_eui,
        }
    }
}

pub fn chirpstack(event: &str, body: &Json) -> Result<ChirpstackEvent, DecodeError> {
    if !CHIRPSTACK_EVENTS.contains(&event) {
        return Err(DecodeError::new(crate::msg_key!("ingest-error-event"), Some("event")));
    }
    let dev_eui = body["deviceInfo"]["devEui"]
        .as_str()
        .filter(|e| !e.is_empty())
        .ok_or(DecodeError::new(crate::msg_key!("ingest-error-dev-eui"), Some("devEui")))?
        .to_ascii_uppercase();
    if event != "up" {
        return Ok(ChirpstackEvent::Status { dev_eui, event: event.to_string() });
    }
    let time = body["time"]
        .as_str()
        .and_then(parse_rfc3339)
        .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("time")))?;
    // Without a codec only base64 `data` arrives: nothing can be stored, and the operator must see why.
    let values = decoded_values(&body["object"])?;
    Ok(ChirpstackEvent::Uplink(Uplink { dev_eui, f_cnt: body["fCnt"].as_i64(), time, values }))
}

/// One SensorThings observation of a known datastream: `{"phenomenonTime": …, "result": …}`.
pub fn sta_observation(body: &Json) -> Result<(i64, Value), DecodeError> {
    let time = body["phenomenonTime"]
        .as_str()
        .and_then(parse_rfc3339)
        .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("phenomenonTime")))?;
    let value =
        value_of(&body["result"]).ok_or(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("result")))?;
    Ok((time, value))
}

/// One datastream's rows of a SensorThings `CreateObservations`: its id and each row decoded on its own.
pub type StaGroup = (i64, Vec<Result<(i64, Value), DecodeError>>);

/// SensorThings `CreateObservations` (dataArray extension): per datastream id, its rows, each decoded on its own.
pub fn sta_data_array(body: &Json) -> Result<Vec<StaGroup>, DecodeError> {
    let groups = body.as_array().ok_or(DecodeError::new(crate::msg_key!("ingest-error-not-array"), None))?;
    let mut total = 0;
    let mut out = vec![];
    for group in groups {
        let id = group["Datastream"]["@iot.id"]
            .as_i64()
            .ok_or(DecodeError::new(crate::msg_key!("ingest-error-datastream"), Some("Datastream")))?;
        let components: Vec<&str> =
            group["components"].as_array().map(|c| c.iter().filter_map(Json::as_str).collect()).unwrap_or_default();
        let (Some(time_at), Some(result_at)) =
            (components.iter().position(|c| *c == "phenomenonTime"), components.iter().position(|c| *c == "result"))
        else {
            return Err(DecodeError::new(crate::msg_key!("ingest-error-components"), Some("components")));
        };
        let rows = group["dataArray"]
            .as_array()
            .ok_or(DecodeError::new(crate::msg_key!("ingest-error-not-array"), Some("dataArray")))?;
        total += rows.len();
        if total > MAX_ROWS {
            return Err(DecodeError::new(crate::msg_key!("ingest-error-too-many-rows"), None));
        }
        let decoded = rows
            .iter()
            .map(|row| {
                let time = row[time_at]
                    .as_str()
                    .and_then(parse_rfc3339)
                    .ok_or(DecodeError::new(crate::msg_key!("ingest-error-time"), Some("phenomenonTime")))?;
                let value = value_of(&row[result_at])
                    .ok_or(DecodeError::new(crate::msg_key!("ingest-error-value"), Some("result")))?;
                Ok((time, value))
            })
            .collect();
        out.push((id, decoded));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T0: i64 = 1_795_162_502_118; // 2026-11-20T08:15:02.118Z

    #[test]
    fn reads_rfc3339_times() {
        assert_eq!(parse_rfc3339("2026-11-20T08:15:02.118Z"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-20T09:15:02.118+01:00"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-20T08:15:02.118456Z"), Some(T0));
        assert_eq!(parse_rfc3339("2026-11-20T08:15:02Z"), Some(T0 - 118));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        for bad in [
            "",
            "2026-11-20",
            "2026-11-20T25:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-20T08:15:02",
            "hier",
            "2026-11-20T08:15:02.1xZ",
            // Found by fuzzing: a signed field was read as a number (and overflowed) instead of refused.
            "2026-11-20T08:-199919999999000:00Z",
            "2026-11-20T08:-5:00Z",
            "2026-11-20T+8:15:02Z",
            "2026-11-20T8:15:02Z",
            "2026-11-20T08:15:02+1:00",
            "2026-11-20T08:15:02+01:-0",
            "2026-+1-20T08:15:02Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused_by_both_readers() {
        // Found by fuzzing: invalid UTF-8 in a field the rows do not use.
        let body =
            b"[{\"datastream\": \"DV-0001/x\", \"note\": \"\xf6\", \"time\": \"2026-11-20T08:00:00Z\", \"value\": 1}]";
        assert!(native_plain(body).is_none());
        assert!(serde_json::from_slice::<Json>(body).is_err());
        let clean =
            b"[{\"datastream\": \"DV-0001/x\", \"note\": \"ok\", \"time\": \"2026-11-20T08:00:00Z\", \"value\": 1}]";
        assert_eq!(native_plain(clean).map(|rows| rows.len()), Some(1));
    }

    #[test]
    fn native_rows_decode_one_by_one() {
        let rows = native(&json!([
            {"datastream": "PK-0042/occupied", "time": "2026-11-20T08:15:02.118Z", "value": true},
            {"datastream": "AQ-0001/no2", "time": "2026-11-20T08:15:02.118Z", "value": 41.2},
            {"datastream": "nope", "time": "2026-11-20T08:15:02.118Z", "value": 1},
            {"datastream": "AQ-0001/no2", "time": "demain", "value": 1},
            {"datastream": "AQ-0001/no2", "time": "2026-11-20T08:15:02.118Z", "value": [1]},
        ]))
        .unwrap();
        assert_eq!(rows[0], Ok(Reading { datastream: "PK-0042/occupied".into(), time: T0, value: Value::Bool(true) }));
        assert_eq!(rows[1].as_ref().unwrap().value, Value::Number(41.2));
        assert_eq!(rows[2].as_ref().unwrap_err().field, Some("datastream"));
        assert_eq!(rows[3].as_ref().unwrap_err().field, Some("time"));
        assert_eq!(rows[4].as_ref().unwrap_err().field, Some("value"));
        assert!(native(&json!({"datastream": "x"})).is_err());
        let too_many: Vec<Json> = (0..=MAX_ROWS).map(|_| json!({})).collect();
        assert_eq!(native(&Json::Array(too_many)).unwrap_err().key, "ingest-error-too-many-rows");
    }

    #[test]
    fn senml_resolves_base_fields() {
        let now = 1_800_000_000_000;
        let rows = senml(
            &json!([
                {"bn": "AQ-0001/", "bt": 1.7636e9, "n": "no2", "u": "ug/m3", "v": 41.2},
                {"n": "pm2_5", "u": "ug/m3", "v": 12.9, "t": 0},
                {"n": "pm2_5", "v": 13.4, "t": 60},
                {"bn": "PK-0042/", "n": "occupied", "vb": true},
                {"n": "label", "vs": "ok", "t": -5},
                {"n": "broken"},
                {"bn": "", "n": "nameless", "v": 1, "t": 1.7636e9},
            ]),
            now,
        )
        .unwrap();
        assert_eq!(
            rows[0],
            Ok(Reading { datastream: "AQ-0001/no2".into(), time: 1_763_600_000_000, value: Value::Number(41.2) })
        );
        assert_eq!(rows[2].as_ref().unwrap().time, 1_763_600_060_000);
        // A new base name keeps the base time: RFC 8428 resolves each field on its own.
        assert_eq!(rows[3].as_ref().unwrap().datastream, "PK-0042/occupied");
        assert_eq!(rows[3].as_ref().unwrap().value, Value::Bool(true));
        assert_eq!(rows[4].as_ref().unwrap().value, Value::Text("ok".into()));
        assert_eq!(rows[4].as_ref().unwrap().time, 1_763_599_995_000);
        assert_eq!(rows[5].as_ref().unwrap_err().key, "ingest-error-value");
        assert_eq!(rows[6].as_ref().unwrap_err().key, "ingest-error-datastream");
        // Relative times count from now.
        let rel = senml(&json!([{"n": "AQ-1/no2", "v": 1, "t": -60}]), now).unwrap();
        assert_eq!(rel[0].as_ref().unwrap().time, now - 60_000);
    }

    #[test]
    fn the_things_stack_uplinks() {
        let body = json!({
            "end_device_ids": {"device_id": "parking-rue-14", "dev_eui": "70b3d57ed005a1c2"},
            "received_at": "2026-11-20T08:15:02.118Z",
            "uplink_message": {"f_port": 2, "f_cnt": 1542, "frm_payload": "AQ==",
                "decoded_payload": {"occupied": true, "battery_v": 3.61, "raw": [1, 2]},
                "received_at": "2026-11-20T08:15:02.104Z"}
        });
        let up = ttn(&body).unwrap();
        assert_eq!(up.dev_eui, "70B3D57ED005A1C2");
        assert_eq!(up.f_cnt, Some(1542));
        assert_eq!(up.time, T0 - 14);
        let mut values = up.values.clone();
        values.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            values,
            vec![("battery_v".to_string(), Value::Number(3.61)), ("occupied".to_string(), Value::Bool(true))]
        );
        let mut no_codec = body.clone();
        no_codec["uplink_message"]["decoded_payload"] = Json::Null;
        assert_eq!(ttn(&no_codec).unwrap_err().key, "ingest-error-no-decoded-payload");
        assert_eq!(ttn(&json!({"end_device_ids": {"dev_eui": "AA"}})).unwrap_err().key, "ingest-error-not-uplink");
    }

    #[test]
    fn chirpstack_events() {
        let body = json!({
            "deduplicationId": "3ac7e3c4", "time": "2026-11-20T08:15:02.118Z",
            "deviceInfo": {"deviceName": "bin-42", "devEui": "0101010101010101"},
            "fCnt": 10, "fPort": 1, "data": "qg==",
            "object": {"fill_level_pct": 73.5, "temperature_c": 11.2}
        });
        let ChirpstackEvent::Uplink(up) = chirpstack("up", &body).unwrap() else { panic!("uplink expected") };
        assert_eq!((up.dev_eui.as_str(), up.f_cnt, up.time), ("0101010101010101", Some(10), T0));
        assert_eq!(up.values.len(), 2);
        let mut no_object = body.clone();
        no_object.as_object_mut().unwrap().remove("object");
        assert_eq!(chirpstack("up", &no_object).unwrap_err().key, "ingest-error-no-decoded-payload");
        assert_eq!(
            chirpstack("join", &body).unwrap(),
            ChirpstackEvent::Status { dev_eui: "0101010101010101".into(), event: "join".into() }
        );
        assert_eq!(chirpstack("bogus", &body).unwrap_err().key, "ingest-error-event");
    }

    #[test]
    fn sensorthings_creates() {
        assert_eq!(
            sta_observation(&json!({"phenomenonTime": "2026-11-20T08:15:02.118Z", "result": 41.2})),
            Ok((T0, Value::Number(41.2)))
        );
        let groups = sta_data_array(&json!([{
            "Datastream": {"@iot.id": 17}, "components": ["result", "phenomenonTime"], "dataArray@iot.count": 3,
            "dataArray": [[41.2, "2026-11-20T08:15:02.118Z"], [39.8, "hier"], [true, "2026-11-20T08:15:02.118Z"]]
        }]))
        .unwrap();
        assert_eq!(groups[0].0, 17);
        assert_eq!(groups[0].1[0], Ok((T0, Value::Number(41.2))));
        assert_eq!(groups[0].1[1].as_ref().unwrap_err().key, "ingest-error-time");
        assert_eq!(groups[0].1[2], Ok((T0, Value::Bool(true))));
        assert_eq!(
            sta_data_array(&json!([{"Datastream": {"@iot.id": 1}, "components": ["result"], "dataArray": []}]))
                .unwrap_err()
                .key,
            "ingest-error-components"
        );
    }

    #[test]
    fn plain_native_rows_decode_as_the_document_does() {
        let plain = br#"[{"datastream": "PK-1/occupied", "time": "2026-11-20T08:15:02.1Z", "value": true, "x": 1},
            {"datastream": "PK-1/n", "time": "2026-11-20T08:15:03+01:00", "value": 12.5},
            {"datastream": "PK-1/n", "time": "hier", "value": 1},
            {"datastream": "sans-barre", "time": "2026-11-20T08:15:03Z", "value": 1},
            {"datastream": "PK-1/n", "time": "2026-11-20T08:15:03Z", "value": [1]}]"#;
        let document: Json = serde_json::from_slice(plain).unwrap();
        assert_eq!(native_plain(plain), Some(native(&document).unwrap()));
        assert_eq!(native_plain(plain).unwrap()[0].as_ref().unwrap().time % 1000, 100, "a tenth of a second");
        // Not the plain shape (a number as time, a row that is not an object): the document path says why.
        assert_eq!(native_plain(br#"[{"datastream": "PK-1/n", "time": 5, "value": 1}]"#), None);
        assert_eq!(native_plain(br#"[3]"#), None);
        assert_eq!(native_plain(br#"{"datastream": "PK-1/n"}"#), None);
    }
}
