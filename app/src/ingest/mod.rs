//! Ingestion: measurements from the town's hardware (native batches, SenML, The Things Stack, ChirpStack), checked
//! against each sensor's declared datastreams, kept only as long as declared, and the public proof of deletion.
//!
//! - `decode`: payload decoders; `rules`: the checks a row must pass (pure, unit-tested).
//! - `queries`: the SQL; `service`: credentials, ingestion, retention runs; `handlers`: the HTTP API and the
//!   staff's credential forms; `writer`: group commit of many requests' rows; `pages`: the sensor page's state-and-proof section and the staff's connection page.

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod credentials;
#[cfg(feature = "ssr")]
pub mod decode;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod mqtt;
#[cfg(feature = "ssr")]
pub mod openapi;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod proof;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod sensorthings;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sta;
#[cfg(feature = "ssr")]
pub mod writer;

use serde::{Deserialize, Serialize};

/// A measured value, typed like the datastream it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A number (finite).
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// Text.
    Text(String),
}

/// One measurement as a payload gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The datastream's identifier: `REF/name`.
    pub datastream: String,
    /// When it was measured (Unix milliseconds).
    pub time: i64,
    /// The value.
    pub value: Value,
}

/// Addresses of the feature.
pub mod paths {
    use crate::route::Route;

    /// Native batches.
    pub const OBSERVATIONS: &str = "/api/v1/observations";
    /// SenML (RFC 8428) JSON.
    pub const SENML: &str = "/api/v1/ingest/senml";
    /// The Things Stack v3 uplink webhook.
    pub const TTN: &str = "/api/v1/ingest/ttn";
    /// ChirpStack v4 HTTP integration (`?event=up`).
    pub const CHIRPSTACK: &str = "/api/v1/ingest/chirpstack";
    /// The OpenAPI description of the ingestion and open-data API.
    pub const OPENAPI: &str = "/api/v1/openapi.json";
    /// The staff's page of LoRaWAN integrations.
    pub const INTEGRATIONS: &str = "/admin/integrations";
    /// Revoking an integration's key (post).
    pub const REVOKE_INTEGRATION: &str = "/admin/integrations/revoquer";
    /// The staff's list of datastreams holding data past their retention.
    pub const ALARMS: &str = "/admin/conservation";
    /// SensorThings: where every address of the API starts.
    pub const STA_ROOT: &str = "/sta/v1.1";
    /// SensorThings: many observations in one post (dataArray).
    pub const STA_CREATE_MANY: &str = "/sta/v1.1/CreateObservations";
    /// SensorThings: an entity set or one entity (`Things(3)`).
    pub const STA_ENTITY: Route<1> = Route::new("/sta/v1.1/{entity}");
    /// SensorThings: an entity's navigation (`Datastreams(3)/Observations`).
    pub const STA_NAVIGATION: Route<2> = Route::new("/sta/v1.1/{entity}/{navigation}");
    /// The public retention proof of a sensor.
    pub const RETENTION: Route<1> = Route::new("/api/v1/sensors/{reference}/retention");
    /// The staff's page of a sensor's device credentials.
    pub const CONNECTION: Route<1> = Route::new("/capteurs/{reference}/raccordement");
    /// Issuing a device token (post).
    pub const ISSUE_TOKEN: Route<1> = Route::new("/capteurs/{reference}/raccordement/jeton");
    /// Revoking the device token (post).
    pub const REVOKE_TOKEN: Route<1> = Route::new("/capteurs/{reference}/raccordement/revoquer");
    /// Setting the LoRaWAN device EUI (post).
    pub const DEV_EUI: Route<1> = Route::new("/capteurs/{reference}/raccordement/lorawan");

    /// The public retention proof of a sensor.
    pub fn retention(reference: &str) -> String {
        RETENTION.to([&reference])
    }

    /// The staff's page of a sensor's device credentials.
    pub fn connection(reference: &str) -> String {
        CONNECTION.to([&reference])
    }
}

/// What happened to one row of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    /// Stored.
    Accepted,
    /// Already stored (same datastream and time): not stored twice.
    Duplicate,
    /// Refused; the reason says why.
    Rejected,
}

/// One row of the answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowOutcome {
    /// The row's position in the request (from 0).
    pub index: usize,
    /// The datastream the row names, when it could be read.
    pub datastream: Option<String>,
    /// What happened.
    pub status: RowStatus,
    /// For a rejected row: the reason's stable code (a Fluent key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a rejected row: the reason in the client's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer to an ingestion request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Rows stored.
    pub accepted: usize,
    /// Rows already stored before.
    pub duplicates: usize,
    /// Rows refused.
    pub rejected: usize,
    /// Whether the client asked for all or nothing (then one refused row stores nothing).
    pub all_or_nothing: bool,
    /// Every row, in request order.
    pub rows: Vec<RowOutcome>,
}

/// A device token as the staff see it (never the token itself, which is shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TokenInfo {
    /// Its id.
    pub id: i64,
    /// Its first characters, to tell tokens apart.
    pub hint: String,
    /// When it was made (Unix seconds), and by whom.
    pub created_at: i64,
    /// Who made it.
    pub created_by: String,
    /// Last use (Unix seconds, to the minute).
    pub last_used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// A LoRaWAN network-server integration as the staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct IntegrationInfo {
    /// Its id.
    pub id: i64,
    /// `ttn` or `chirpstack`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// First characters of its secret.
    pub hint: String,
    /// When it was made.
    pub created_at: i64,
    /// Last use.
    pub last_used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// What the MQTT bridge has done since the server started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqttStats {
    /// The topics it subscribes to.
    pub topics: Vec<String>,
    /// Messages received.
    pub received: u64,
    /// Messages refused as a whole (logged).
    pub failed: u64,
    /// Rows stored (or already stored).
    pub rows_accepted: u64,
    /// Rows refused inside readable messages (logged).
    pub rows_rejected: u64,
}

/// The integrations page: the integrations, and the MQTT bridge when one is configured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationsData {
    /// Every integration, newest first.
    pub list: Vec<IntegrationInfo>,
    /// The bridge's counters; `None` when `MQTT_URL` is not set.
    pub mqtt: Option<MqttStats>,
}

/// The staff's view of a sensor's connection: LoRaWAN identifier and device tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// The sensor's reference.
    pub reference: String,
    /// Its name.
    pub name: String,
    /// Its LoRaWAN device EUI, if it reaches us through a network server.
    pub dev_eui: Option<String>,
    /// Its tokens, newest first.
    pub tokens: Vec<TokenInfo>,
}

/// One datastream's state and retention proof, public.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatastreamProof {
    /// Its name.
    pub name: String,
    /// Declared retention of raw values (ISO 8601).
    pub raw_retention: String,
    /// Time of the newest measurement (Unix milliseconds).
    pub last_time: Option<i64>,
    /// When the last message arrived (Unix seconds).
    pub last_received_at: Option<i64>,
    /// Time of the oldest raw value still held (Unix milliseconds).
    pub oldest_held: Option<i64>,
    /// How many raw values are held.
    pub rows_held: i64,
    /// When the retention job last looked at this datastream (Unix seconds).
    pub last_purge_at: Option<i64>,
    /// Raw values deleted in the last 30 days.
    pub purged_30_days: i64,
    /// Whether nothing older than the declared retention (plus the job's grace period) is held.
    pub compliant: bool,
}

/// One entry of the purge ledger, public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LedgerEntry {
    /// The datastream.
    pub datastream: String,
    /// When the run happened (Unix seconds).
    pub run_at: i64,
    /// Values measured before this time were due (Unix milliseconds).
    pub cutoff: i64,
    /// Raw values deleted.
    pub rows_deleted: i64,
    /// Hourly aggregates deleted.
    pub hours_deleted: i64,
    /// The oldest value left (Unix milliseconds).
    pub oldest_remaining: Option<i64>,
    /// `retention` or `datastream_removed`.
    pub reason: String,
}

/// A datastream holding values older than its declared retention allows (beyond the job's grace period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alarm {
    /// The sensor's reference.
    pub reference: String,
    /// The datastream.
    pub datastream: String,
    /// Its declared retention.
    pub raw_retention: String,
    /// Its oldest value held (Unix ms).
    pub oldest_held: i64,
}

/// Hourly averages of one number datastream over the last days, for the public chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// The datastream's name.
    pub datastream: String,
    /// Its unit (UCUM).
    pub unit: String,
    /// Per hour: start (Unix seconds), mean, minimum, maximum.
    pub hours: Vec<(i64, f64, f64, f64)>,
}

/// How many days the public chart covers.
pub const CHART_DAYS: i64 = 7;

/// Everything the sensor page and `GET /api/v1/sensors/{ref}/retention` show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionProof {
    /// The sensor's reference.
    pub reference: String,
    /// Declared retention of hourly aggregates (ISO 8601), if any are kept longer than raw values.
    pub aggregate_retention: Option<String>,
    /// Per datastream.
    pub datastreams: Vec<DatastreamProof>,
    /// The latest ledger entries, newest first.
    pub ledger: Vec<LedgerEntry>,
    /// Whether every datastream is compliant.
    pub compliant: bool,
    /// When this proof was computed (Unix seconds): "last reading 4 min ago" is relative to it.
    pub generated_at: i64,
    /// A sensor processing personal data: only compliance is published (retention declared, the job's last
    /// pass, compliant or not) — when it last measured, how much it holds and how much was deleted would tell
    /// of the people it measures.
    #[serde(default)]
    pub withheld: bool,
}

/// How long after a value is due the retention job may take before the sensor is reported non-compliant
/// (seconds): two job periods and then some.
pub const GRACE_SECONDS: i64 = 3600;
