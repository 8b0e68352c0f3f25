//! SensorThings API v1.1: the create side (one observation, or `CreateObservations` with a dataArray) through the
//! same checks as every other route, and the read side (Things, Datastreams, Observations) for sensors without
//! personal data only — personal data is never published raw.

use super::decode::{self, DecodeError};
use super::paths;
use super::queries::{self, sta::PublicStream, Target};
use super::service::{self, ApiError};
use super::sta::{self, observation_id, Options};
use super::{Reading, RowStatus};
use crate::i18n::Lang;
use crate::state::AppState;
use serde_json::{json, Value as Json};

/// The path every SensorThings address starts with.
pub const ROOT: &str = paths::STA_ROOT;

fn base(state: &AppState) -> String {
    format!("{}{ROOT}", state.config.public_url)
}

/// The name of one of the credential's datastreams; 404 when there is no such datastream, 403 when it belongs
/// to another sensor.
async fn own_stream<'a>(state: &AppState, target: &'a Target, id: i64) -> Result<&'a str, ApiError> {
    if let Some(d) = target.datastreams.iter().find(|d| d.id == id) {
        return Ok(&d.name);
    }
    match queries::sta::stream_sensor(&state.db, id).await? {
        Some(_) => Err(ApiError::Forbidden(crate::msg_key!("ingest-forbidden-scope"))),
        None => Err(ApiError::NotFound),
    }
}

/// What creating one observation did.
pub enum Created {
    /// Stored: its address.
    New(String),
    /// Already stored: its address.
    Existing(String),
}

/// `POST Datastreams({id})/Observations`.
pub async fn create_one(
    state: &AppState,
    target: &Target,
    datastream_id: i64,
    body: &Json,
    lang: Lang,
) -> Result<Created, ApiError> {
    let name = own_stream(state, target, datastream_id).await?.to_string();
    let (time, value) = decode::sta_observation(body)?;
    let reading = Reading { datastream: format!("{}/{name}", target.reference), time, value };
    let report = service::ingest(state, target, vec![Ok(reading)], false, lang).await?;
    let row = report.rows.into_iter().next().ok_or_else(|| ApiError::Internal("an empty report".into()))?;
    let link = format!("{}/Observations('{}')", base(state), observation_id(datastream_id, time));
    match row.status {
        RowStatus::Accepted => Ok(Created::New(link)),
        RowStatus::Duplicate => Ok(Created::Existing(link)),
        RowStatus::Rejected => Err(ApiError::Refused(row.code.unwrap_or_default(), row.reason.unwrap_or_default())),
    }
}

/// `POST CreateObservations`: per row, the new observation's address or an error message, in request order.
pub async fn create_many(state: &AppState, target: &Target, body: &Json, lang: Lang) -> Result<Vec<String>, ApiError> {
    let groups = decode::sta_data_array(body)?;
    let mut readings: Vec<Result<Reading, DecodeError>> = vec![];
    let mut ids: Vec<Option<(i64, i64)>> = vec![];
    for (datastream_id, rows) in groups {
        let name = own_stream(state, target, datastream_id).await?.to_string();
        for row in rows {
            ids.push(row.as_ref().ok().map(|(time, _)| (datastream_id, *time)));
            readings.push(row.map(|(time, value)| Reading {
                datastream: format!("{}/{name}", target.reference),
                time,
                value,
            }));
        }
    }
    let report = service::ingest(state, target, readings, false, lang).await?;
    let base = base(state);
    Ok(report
        .rows
        .into_iter()
        .zip(ids)
        .map(|(row, id)| match (row.status, id) {
            (RowStatus::Accepted | RowStatus::Duplicate, Some((d, t))) => {
                format!("{base}/Observations('{}')", observation_id(d, t))
            }
            _ => format!("error: {}", row.reason.unwrap_or_default()),
        })
        .collect())
}

fn collection(value: Vec<Json>, count: i64, options: &Options, next: String) -> Json {
    let mut out = json!({"@iot.count": count, "value": value});
    if options.skip.saturating_add(options.top) < count {
        out["@iot.nextLink"] = Json::String(next);
    }
    out
}

fn thing_json(base: &str, t: &queries::sta::PublicThing) -> Json {
    json!({
        "@iot.id": t.id,
        "@iot.selfLink": format!("{base}/Things({})", t.id),
        "name": t.name,
        "description": t.purpose_text,
        "properties": {"reference": t.reference, "status": t.status},
        "Datastreams@iot.navigationLink": format!("{base}/Things({})/Datastreams", t.id),
    })
}

fn stream_json(base: &str, d: &PublicStream) -> Json {
    let value_type = d.value_type;
    json!({
        "@iot.id": d.id,
        "@iot.selfLink": format!("{base}/Datastreams({})", d.id),
        "name": format!("{}/{}", d.reference, d.name),
        "description": d.observed_property,
        "observationType": sta::observation_type(value_type),
        "unitOfMeasurement": {"name": d.unit, "symbol": d.unit, "definition": "http://unitsofmeasure.org/ucum.html"},
        "Thing@iot.navigationLink": format!("{base}/Things({})", d.sensor_id),
        "Observations@iot.navigationLink": format!("{base}/Datastreams({})/Observations", d.id),
    })
}

fn value_json(stored: &queries::sta::StoredValue) -> Json {
    match stored {
        (_, Some(n), _, _) => json!(n),
        (_, _, Some(f), _) => json!(*f != 0),
        (_, _, _, Some(t)) => json!(t),
        _ => Json::Null,
    }
}

fn observation_json(base: &str, datastream_id: i64, stored: &queries::sta::StoredValue) -> Json {
    let id = observation_id(datastream_id, stored.0);
    let time = crate::format::rfc3339(stored.0);
    json!({
        "@iot.id": id,
        "@iot.selfLink": format!("{base}/Observations('{id}')"),
        "phenomenonTime": time,
        "resultTime": time,
        "result": value_json(stored),
        "Datastream@iot.navigationLink": format!("{base}/Datastreams({datastream_id})"),
    })
}

/// `GET Things`.
pub async fn things(state: &AppState, o: &Options) -> Result<Json, ApiError> {
    let base = base(state);
    let (rows, count) = queries::sta::things(&state.db, o.top, o.skip).await?;
    let next = format!("{base}/Things?$top={}&$skip={}", o.top, o.skip.saturating_add(o.top));
    Ok(collection(rows.iter().map(|t| thing_json(&base, t)).collect(), count, o, next))
}

/// `GET Things({id})`.
pub async fn thing(state: &AppState, id: i64) -> Result<Json, ApiError> {
    let t = queries::sta::thing(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    Ok(thing_json(&base(state), &t))
}

/// `GET Datastreams` or `GET Things({id})/Datastreams`.
pub async fn datastreams(state: &AppState, thing: Option<i64>, o: &Options) -> Result<Json, ApiError> {
    let base = base(state);
    if let Some(id) = thing {
        queries::sta::thing(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    }
    let (rows, count) = queries::sta::streams(&state.db, thing, o.top, o.skip).await?;
    let path = thing.map(|id| format!("Things({id})/Datastreams")).unwrap_or_else(|| "Datastreams".into());
    let next = format!("{base}/{path}?$top={}&$skip={}", o.top, o.skip.saturating_add(o.top));
    Ok(collection(rows.iter().map(|d| stream_json(&base, d)).collect(), count, o, next))
}

/// `GET Datastreams({id})`.
pub async fn datastream(state: &AppState, id: i64) -> Result<Json, ApiError> {
    let d = queries::sta::stream(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    Ok(stream_json(&base(state), &d))
}

/// `GET Datastreams({id})/Observations` with paging, ordering and a time filter.
pub async fn observations(state: &AppState, id: i64, o: &Options, query: &str) -> Result<Json, ApiError> {
    let base = base(state);
    queries::sta::stream(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let (rows, count) =
        queries::sta::observations(&state.db, id, (o.from, o.until), o.ascending, o.top, o.skip).await?;
    // The next page keeps every option but `$skip`.
    let kept = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("%24skip") && !p.starts_with("$skip"));
    let mut next = format!("{base}/Datastreams({id})/Observations?$skip={}", o.skip.saturating_add(o.top));
    for p in kept {
        next.push('&');
        next.push_str(p);
    }
    Ok(collection(rows.iter().map(|r| observation_json(&base, id, r)).collect(), count, o, next))
}

/// `GET Observations('{id}')`.
pub async fn observation(state: &AppState, id: &str) -> Result<Json, ApiError> {
    let (datastream_id, time) = sta::parse_observation_id(id).ok_or(ApiError::NotFound)?;
    queries::sta::stream(&state.db, datastream_id).await?.ok_or(ApiError::NotFound)?;
    let stored = queries::sta::observation(&state.db, datastream_id, time).await?.ok_or(ApiError::NotFound)?;
    Ok(observation_json(&base(state), datastream_id, &stored))
}
