//! The ingest feature's use cases: authenticate a device or an integration, store a batch of readings (each row
//! checked, duplicates reported, committed before the answer), manage credentials, and read the public proof.

use super::decode::DecodeError;
use super::queries::{self, Credential, HourDelta, NewObservation, Target};
use super::rules;
use super::*;
use crate::db::now;
use crate::i18n::{translate, Lang};
use crate::sensors::Status;
use crate::state::AppState;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

// Staff management of credentials lives in `credentials`; its functions keep their `service::` paths.
pub use super::credentials::*;

/// Why an ingestion request was refused as a whole (each maps to one HTTP status).
#[derive(Debug)]
pub enum ApiError {
    /// No credential, or an unknown or revoked one (401).
    Unauthorized,
    /// A valid credential used outside its scope (403); the key says how.
    Forbidden(&'static str),
    /// The body cannot be read (400): a Fluent key, and where (a JSON position or field).
    BadRequest(&'static str, Option<String>),
    /// No such sensor, datastream or observation (404).
    NotFound,
    /// The one row of a single-observation request was refused (400): its code and translated reason.
    Refused(String, String),
    /// Too many requests for this credential (429): retry after so many seconds.
    RateLimited(u64),
    /// The database cannot be reached now (503, retry after a while): logged; nothing was stored.
    Unavailable(String),
    /// A fault of ours (500): logged, never detailed.
    Internal(String),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        super::writer::Failed::from(&e).into()
    }
}

impl From<super::writer::Failed> for ApiError {
    fn from(f: super::writer::Failed) -> Self {
        if f.unreachable {
            ApiError::Unavailable(f.detail)
        } else {
            ApiError::Internal(f.detail)
        }
    }
}

impl From<DecodeError> for ApiError {
    fn from(e: DecodeError) -> Self {
        ApiError::BadRequest(e.key, e.field.map(str::to_string))
    }
}

/// A fresh secret: 256 random bits, URL-safe (43 characters).
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps instead of a secret. A fast hash is right here: the secret is 256 random bits, so
/// there is nothing to guess, and devices authenticate on every request.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The first characters of a secret, shown to staff to tell credentials apart.
pub(crate) fn hint(secret: &str) -> String {
    secret.chars().take(6).collect()
}

/// What ingestion keeps in memory for one instance.
#[derive(Default)]
pub struct Runtime {
    /// Requests per credential.
    pub limiter: Limiter,
    /// What the MQTT bridge has seen.
    pub mqtt: super::mqtt::Counters,
    /// Stores checked rows, many requests per transaction.
    pub writer: super::writer::Writer,
    /// Credentials and sensors, for a moment.
    pub cache: super::cache::AuthCache,
}

/// This instance's ingestion runtime.
pub fn runtime(state: &AppState) -> Arc<Runtime> {
    state.parts.get::<Runtime>()
}

/// This instance's credential and device caches, emptied first if it changed the registry since they were filled.
fn caches<'a>(state: &AppState, runtime: &'a Runtime) -> &'a super::cache::AuthCache {
    runtime.cache.at(state.parts.registry_generation())
}

/// Requests per credential: a token bucket per credential, refilled at the configured rate.
#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Limiter {
    /// Takes one request from `key`'s bucket (`rate` per second, bursts of twice that); `Err(seconds)` to wait.
    pub fn take(&self, key: &str, rate: u32) -> Result<(), u64> {
        let rate = f64::from(rate.max(1));
        let burst = rate * 2.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, at) = buckets.entry(key.to_string()).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// The credential of a request: `Authorization: Bearer <secret>`.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim()).filter(|s| !s.is_empty())
}

/// Where a credential is kept in the cache: device tokens and integration secrets apart, so a secret sent to the
/// wrong kind of route is unknown there (401) whether or not the other kind was just used.
fn cache_key(integration: bool, hash: &str) -> String {
    format!("{}:{hash}", if integration { "integration" } else { "device" })
}

async fn touch_if_stale(state: &AppState, runtime: &Runtime, integration: bool, hash: &str, credential: &Credential) {
    let now = now();
    if credential.last_used_at.is_none_or(|at| at < now - 60) {
        if let Err(e) = queries::touch(&state.db, integration, credential.id, now).await {
            tracing::warn!(error = %e, "recording a credential's last use");
        }
        caches(state, runtime).credentials.update(&cache_key(integration, hash), |(c, _)| c.last_used_at = Some(now));
    }
}

/// A credential by the hash of its secret, with a device token's sensor: from the cache, or read and kept.
async fn credential(
    state: &AppState,
    runtime: &Runtime,
    hash: &str,
    integration: bool,
) -> Result<(Credential, Option<Arc<Target>>), ApiError> {
    let cache = &caches(state, runtime).credentials;
    let key = cache_key(integration, hash);
    if let Some(hit) = cache.get(&key) {
        return Ok(hit);
    }
    let found = if integration {
        queries::find_integration(&state.db, hash).await?
    } else {
        queries::find_token(&state.db, hash).await?
    };
    let credential = found.ok_or(ApiError::Unauthorized)?;
    let target = match credential.sensor_id {
        Some(id) => Some(Arc::new(queries::target_by_id(&state.db, id).await?.ok_or(ApiError::Unauthorized)?)),
        None => None,
    };
    cache.put(key, (credential.clone(), target.clone()));
    Ok((credential, target))
}

/// The sensor a device token speaks for.
pub async fn device(state: &AppState, secret: Option<&str>) -> Result<Arc<Target>, ApiError> {
    let hash = secret_hash(secret.ok_or(ApiError::Unauthorized)?);
    let runtime = runtime(state);
    let (credential, target) = credential(state, &runtime, &hash, false).await?;
    let target = target.ok_or(ApiError::Unauthorized)?;
    runtime.limiter.take(&format!("t{}", credential.id), state.config.ingest_rate).map_err(ApiError::RateLimited)?;
    touch_if_stale(state, &runtime, false, &hash, &credential).await;
    Ok(target)
}

/// Checks an integration secret of `kind` (`ttn` or `chirpstack`).
pub async fn integration(state: &AppState, secret: Option<&str>, kind: &str) -> Result<(), ApiError> {
    let hash = secret_hash(secret.ok_or(ApiError::Unauthorized)?);
    let runtime = runtime(state);
    let (credential, _) = credential(state, &runtime, &hash, true).await?;
    if credential.kind.as_deref() != Some(kind) {
        return Err(ApiError::Forbidden(crate::msg_key!("ingest-forbidden-integration-kind")));
    }
    runtime.limiter.take(&format!("i{}", credential.id), state.config.ingest_rate).map_err(ApiError::RateLimited)?;
    touch_if_stale(state, &runtime, true, &hash, &credential).await;
    Ok(())
}

/// A registered sensor found by `lookup`, kept for a moment under `key`; an unknown one is out of scope.
async fn registered(
    state: &AppState,
    key: String,
    lookup: impl std::future::Future<Output = Result<Option<Target>, sqlx::Error>>,
) -> Result<Arc<Target>, ApiError> {
    let runtime = runtime(state);
    let devices = &caches(state, &runtime).devices;
    if let Some(target) = devices.get(&key) {
        return Ok(target);
    }
    let target =
        Arc::new(lookup.await?.ok_or(ApiError::Forbidden(crate::msg_key!("ingest-forbidden-unknown-device")))?);
    devices.put(key, target.clone());
    Ok(target)
}

/// The registered sensor of a LoRaWAN device; an integration may only speak for registered devices.
pub async fn device_by_eui(state: &AppState, dev_eui: &str) -> Result<Arc<Target>, ApiError> {
    registered(state, format!("eui:{dev_eui}"), queries::target_by_dev_eui(&state.db, dev_eui)).await
}

/// A registered sensor by reference (an MQTT device speaks on its own topic; the broker's ACL is its credential).
pub async fn device_by_reference(state: &AppState, reference: &str) -> Result<Arc<Target>, ApiError> {
    registered(state, format!("ref:{reference}"), queries::target_by_reference(&state.db, reference)).await
}

/// Records a network server's status message about a device (ChirpStack `status`, `join` …).
pub async fn record_status(state: &AppState, target: &Target, event: &str, detail: &str) -> Result<(), ApiError> {
    Ok(queries::record_event(&state.db, target.id, event, now(), detail).await?)
}

/// Splits `REF/name` into the sensor's reference and the datastream's name.
fn split_datastream(id: &str) -> Option<(&str, &str)> {
    id.split_once('/').filter(|(r, n)| !r.is_empty() && !n.is_empty())
}

fn rejected(index: usize, datastream: Option<String>, key: &str, lang: Lang) -> RowOutcome {
    RowOutcome {
        index,
        datastream,
        status: RowStatus::Rejected,
        code: Some(key.to_string()),
        reason: Some(translate(lang, key, None)),
    }
}

/// Stores the readings of one sensor: every row is checked on its own (scope, datastream, type, time,
/// retention); duplicates are reported, not stored twice; with `all_or_nothing`, one refused row stores nothing.
/// Returns only once the rows are committed.
pub async fn ingest(
    state: &AppState,
    target: &Target,
    readings: Vec<Result<Reading, DecodeError>>,
    all_or_nothing: bool,
    lang: Lang,
) -> Result<Report, ApiError> {
    // A row for another sensor is a misuse of the credential, not a bad row: nothing is stored.
    let foreign = readings.iter().flatten().any(|r| {
        split_datastream(&r.datastream).is_some_and(|(reference, _)| !reference.eq_ignore_ascii_case(&target.reference))
    });
    if foreign {
        return Err(ApiError::Forbidden(crate::msg_key!("ingest-forbidden-scope")));
    }
    let now_ms = now() * 1000;
    // Per datastream, once: its label in the answer and the earliest time it may still hold.
    let streams: HashMap<&str, (&queries::Stream, String, Option<i64>)> = target
        .datastreams
        .iter()
        .map(|d| {
            let label = format!("{}/{}", target.reference, d.name);
            (d.name.as_str(), (d, label, rules::earliest_kept(&d.raw_retention, now_ms)))
        })
        .collect();
    let mut outcomes: Vec<Option<RowOutcome>> = Vec::with_capacity(readings.len());
    // The rows to store, and beside each its position in the request and its datastream's label. A row repeated
    // in the request is found a duplicate by the writer, like one repeated by another request.
    let mut observations: Vec<NewObservation> = Vec::with_capacity(readings.len());
    let mut placed: Vec<(usize, Option<String>)> = Vec::with_capacity(readings.len());
    for (index, reading) in readings.into_iter().enumerate() {
        let reading = match reading {
            Ok(reading) => reading,
            Err(e) => {
                outcomes.push(Some(rejected(index, None, e.key, lang)));
                continue;
            }
        };
        let name = split_datastream(&reading.datastream).map(|(_, n)| n).unwrap_or_default();
        let Some((stream, label, earliest)) = streams.get(name) else {
            let label = Some(format!("{}/{name}", target.reference));
            outcomes.push(Some(rejected(index, label, crate::msg_key!("ingest-refused-unknown-datastream"), lang)));
            continue;
        };
        let label = Some(label.clone());
        if target.status != Status::Active {
            outcomes.push(Some(rejected(index, label, crate::msg_key!("ingest-refused-inactive"), lang)));
            continue;
        }
        if let Err(refusal) = rules::check_with(&reading.value, reading.time, stream.value_type, *earliest, now_ms) {
            outcomes.push(Some(rejected(index, label, refusal.key(), lang)));
            continue;
        }
        outcomes.push(None);
        observations.push(NewObservation { datastream_id: stream.id, time: reading.time, value: reading.value });
        placed.push((index, label));
    }
    let refused = outcomes.iter().flatten().any(|o| o.status == RowStatus::Rejected);
    if all_or_nothing && refused {
        for (index, label) in placed {
            outcomes[index] = Some(rejected(index, label, crate::msg_key!("ingest-refused-all-or-nothing"), lang));
        }
        return Ok(report(outcomes, all_or_nothing));
    }
    if !observations.is_empty() {
        let stored = runtime(state).writer.store(&state.db, observations).await?;
        for ((index, label), stored) in placed.into_iter().zip(stored) {
            outcomes[index] = Some(RowOutcome {
                index,
                datastream: label,
                status: if stored { RowStatus::Accepted } else { RowStatus::Duplicate },
                code: None,
                reason: None,
            });
        }
    }
    Ok(report(outcomes, all_or_nothing))
}

fn report(outcomes: Vec<Option<RowOutcome>>, all_or_nothing: bool) -> Report {
    let rows: Vec<RowOutcome> = outcomes.into_iter().flatten().collect();
    let count = |s: RowStatus| rows.iter().filter(|r| r.status == s).count();
    use crate::metrics::{Metrics, METRICS};
    Metrics::add(&METRICS.observations_accepted, count(RowStatus::Accepted) as u64);
    Metrics::add(&METRICS.observations_duplicate, count(RowStatus::Duplicate) as u64);
    Metrics::add(&METRICS.observations_rejected, count(RowStatus::Rejected) as u64);
    Report {
        accepted: count(RowStatus::Accepted),
        duplicates: count(RowStatus::Duplicate),
        rejected: count(RowStatus::Rejected),
        all_or_nothing,
        rows,
    }
}

/// The hourly aggregates to add for newly stored rows (in any order; rows sorted by datastream and time, as the
/// writer passes them, are summed in one pass).
pub fn hour_deltas(rows: &[&NewObservation]) -> Vec<HourDelta> {
    let mut out: Vec<HourDelta> = Vec::new();
    for row in rows {
        let hour = row.time.div_euclid(3_600_000) * 3600;
        if out.last().is_none_or(|d| (d.datastream_id, d.hour) != (row.datastream_id, hour)) {
            out.push(HourDelta { datastream_id: row.datastream_id, hour, count: 0, min: None, max: None, sum: None });
        }
        if let Some(delta) = out.last_mut() {
            delta.count += 1;
            if let Value::Number(v) = row.value {
                delta.min = Some(delta.min.map_or(v, |m| m.min(v)));
                delta.max = Some(delta.max.map_or(v, |m| m.max(v)));
                delta.sum = Some(delta.sum.unwrap_or(0.0) + v);
            }
        }
    }
    // Unsorted rows may have left one hour in several pieces: merge them. A fixed order also keeps concurrent
    // writers from locking aggregate rows in opposite orders (PostgreSQL).
    out.sort_by_key(|d| (d.datastream_id, d.hour));
    out.dedup_by(|later, kept| {
        let same = (later.datastream_id, later.hour) == (kept.datastream_id, kept.hour);
        if same {
            kept.count += later.count;
            kept.min = [kept.min, later.min].into_iter().flatten().reduce(f64::min);
            kept.max = [kept.max, later.max].into_iter().flatten().reduce(f64::max);
            kept.sum = [kept.sum, later.sum].into_iter().flatten().reduce(|a, b| a + b);
        }
        same
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_stored_hashed() {
        let a = new_secret();
        let b = new_secret();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
        assert_eq!(hint(&a), a[..6]);
    }

    #[test]
    fn the_bucket_refuses_bursts_and_says_when_to_come_back() {
        let limiter = Limiter::default();
        for _ in 0..4 {
            assert_eq!(limiter.take("t1", 2), Ok(()));
        }
        assert_eq!(limiter.take("t1", 2), Err(1));
        assert_eq!(limiter.take("t2", 2), Ok(()), "each credential has its own bucket");
    }

    #[test]
    fn hourly_aggregates_of_new_rows() {
        let row = |id, time, v| NewObservation { datastream_id: id, time, value: Value::Number(v) };
        let rows = [row(1, 3_600_000, 2.0), row(1, 3_600_500, 4.0), row(1, 7_200_000, 1.0), row(2, 3_600_000, 9.0)];
        let refs: Vec<&NewObservation> = rows.iter().collect();
        let deltas = hour_deltas(&refs);
        assert_eq!(deltas.len(), 3);
        assert_eq!(
            deltas[0],
            HourDelta { datastream_id: 1, hour: 3600, count: 2, min: Some(2.0), max: Some(4.0), sum: Some(6.0) }
        );
        assert_eq!((deltas[1].hour, deltas[1].count), (7200, 1));
        let unsorted = [&rows[2], &rows[0], &rows[3], &rows[1]];
        assert_eq!(hour_deltas(&unsorted), deltas, "the order of the rows does not matter");
        let flag = NewObservation { datastream_id: 3, time: 0, value: Value::Bool(true) };
        assert_eq!(hour_deltas(&[&flag])[0].sum, None, "only numbers have a minimum, maximum and sum");
    }
}
