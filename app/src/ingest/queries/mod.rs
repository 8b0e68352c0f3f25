//! The ingest feature's SQL, written once for both engines. Measurement times are Unix milliseconds, other
//! times Unix seconds, all bound from Rust. Retention and its proof are in `retention`.

mod retention;
pub mod sta;
pub use retention::*;

use super::{IntegrationInfo, TokenInfo, Value};
use crate::db::Db;
use crate::sensors::{PersonalData, Status, ValueType};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Rows per INSERT statement: 6 parameters each stays far below both engines' limits (SQLite 32,766,
/// PostgreSQL 65,535) while keeping round trips few.
const INSERT_CHUNK: usize = 1000;

/// A credential found by its hash.
#[derive(Clone, Debug)]
pub struct Credential {
    /// The token's or integration's id.
    pub id: i64,
    /// For a device token, its sensor.
    pub sensor_id: Option<i64>,
    /// For an integration, `ttn` or `chirpstack`.
    pub kind: Option<String>,
    /// Last use (Unix seconds).
    pub last_used_at: Option<i64>,
}

/// A sensor as ingestion needs it.
#[derive(Clone, Debug)]
pub struct Target {
    /// Its id.
    pub id: i64,
    /// Its reference.
    pub reference: String,
    /// Its status (only `active` sensors collect).
    pub status: Status,
    /// Its personal-data level (personal datastreams are never published raw).
    pub personal_data: PersonalData,
    /// Its aggregate retention.
    pub aggregate_retention: Option<String>,
    /// Its datastreams.
    pub datastreams: Vec<Stream>,
}

/// A datastream as ingestion needs it.
#[derive(Clone, Debug)]
pub struct Stream {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its value type.
    pub value_type: ValueType,
    /// Its raw retention (ISO 8601).
    pub raw_retention: String,
}

/// A row ready to store.
#[derive(Clone, Debug)]
pub struct NewObservation {
    /// The datastream.
    pub datastream_id: i64,
    /// When it was measured (Unix milliseconds).
    pub time: i64,
    /// The value.
    pub value: Value,
}

/// Finds a device token by its hash (revoked ones are not found).
pub async fn find_token(db: &Db, hash: &str) -> Result<Option<Credential>, sqlx::Error> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, sensor_id, last_used_at FROM device_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id, sensor_id, last_used_at)| Credential { id, sensor_id: Some(sensor_id), kind: None, last_used_at }))
}

/// Finds an integration by the hash of its secret (revoked ones are not found).
pub async fn find_integration(db: &Db, hash: &str) -> Result<Option<Credential>, sqlx::Error> {
    let row: Option<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, kind, last_used_at FROM integrations WHERE secret_hash = $1 AND revoked_at IS NULL")
            .bind(hash)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(id, kind, last_used_at)| Credential { id, sensor_id: None, kind: Some(kind), last_used_at }))
}

/// Records that a credential was used (callers do it at most once a minute: a write per request would cost
/// SQLite's single writer more than the measurements themselves).
pub async fn touch(db: &Db, integration: bool, id: i64, now: i64) -> Result<(), sqlx::Error> {
    let sql = if integration {
        "UPDATE integrations SET last_used_at = $1 WHERE id = $2"
    } else {
        "UPDATE device_tokens SET last_used_at = $1 WHERE id = $2"
    };
    sqlx::query(sql).bind(now).bind(id).execute(&db.pool).await?;
    Ok(())
}

fn target_of(row: &AnyRow) -> Result<(i64, String, String, String, Option<String>), sqlx::Error> {
    Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, row.try_get(4)?))
}

async fn load_target(db: &Db, row: Option<AnyRow>) -> Result<Option<Target>, sqlx::Error> {
    let Some(row) = row else { return Ok(None) };
    let (id, reference, status, personal_data, aggregate_retention) = target_of(&row)?;
    let streams: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, name, value_type, raw_retention FROM datastreams WHERE sensor_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Target {
        id,
        reference,
        status: Status::from_code(&status).unwrap_or(Status::Planned),
        personal_data: PersonalData::from_code(&personal_data).unwrap_or(PersonalData::Personal),
        aggregate_retention,
        datastreams: streams
            .into_iter()
            .map(|(id, name, value_type, raw_retention)| Stream {
                id,
                name,
                value_type: ValueType::from_code(&value_type).unwrap_or(ValueType::Text),
                raw_retention,
            })
            .collect(),
    }))
}

const TARGET_COLUMNS: &str = "SELECT id, reference, status, personal_data, aggregate_retention FROM sensors";

/// A sensor and its datastreams, by id.
pub async fn target_by_id(db: &Db, id: i64) -> Result<Option<Target>, sqlx::Error> {
    let row = sqlx::query(&format!("{TARGET_COLUMNS} WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    load_target(db, row).await
}

/// A sensor and its datastreams, by reference.
pub async fn target_by_reference(db: &Db, reference: &str) -> Result<Option<Target>, sqlx::Error> {
    let row =
        sqlx::query(&format!("{TARGET_COLUMNS} WHERE reference = $1")).bind(reference).fetch_optional(&db.pool).await?;
    load_target(db, row).await
}

/// A sensor and its datastreams, by LoRaWAN device EUI.
pub async fn target_by_dev_eui(db: &Db, dev_eui: &str) -> Result<Option<Target>, sqlx::Error> {
    let row =
        sqlx::query(&format!("{TARGET_COLUMNS} WHERE dev_eui = $1")).bind(dev_eui).fetch_optional(&db.pool).await?;
    load_target(db, row).await
}

fn columns(value: &Value) -> (Option<f64>, Option<i64>, Option<&str>) {
    match value {
        Value::Number(n) => (Some(*n), None, None),
        Value::Bool(b) => (None, Some(i64::from(*b)), None),
        Value::Text(t) => (None, None, Some(t.as_str())),
    }
}

/// Stores rows that are not stored yet; returns the (datastream, time) of those actually inserted (the others
/// were already there: duplicates).
pub async fn insert_observations(
    conn: &mut AnyConnection,
    rows: &[NewObservation],
    received_at: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut inserted = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut sql = String::with_capacity(40 + chunk.len() * 40);
        sql.push_str("INSERT INTO observations (datastream_id, time, number, flag, text, received_at) VALUES ");
        for i in 0..chunk.len() {
            let p = i * 6;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${},${},${},${},${},${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6));
        }
        sql.push_str(" ON CONFLICT (datastream_id, time) DO NOTHING RETURNING datastream_id, time");
        let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
        for row in chunk {
            let (number, flag, text) = columns(&row.value);
            query = query.bind(row.datastream_id).bind(row.time).bind(number).bind(flag).bind(text).bind(received_at);
        }
        inserted.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(inserted)
}

/// One hour of one datastream, to add to the aggregates.
#[derive(Clone, Debug, PartialEq)]
pub struct HourDelta {
    /// The datastream.
    pub datastream_id: i64,
    /// Start of the hour (Unix seconds).
    pub hour: i64,
    /// New values.
    pub count: i64,
    /// Their minimum, maximum and sum (numbers only).
    pub min: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Sum.
    pub sum: Option<f64>,
}

/// Adds new values to the hourly aggregates.
pub async fn add_hours(conn: &mut AnyConnection, deltas: &[HourDelta]) -> Result<(), sqlx::Error> {
    for d in deltas {
        sqlx::query(
            "INSERT INTO observation_hours (datastream_id, hour, count, min, max, sum) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (datastream_id, hour) DO UPDATE SET count = observation_hours.count + excluded.count, \
             min = CASE WHEN observation_hours.min IS NULL OR excluded.min < observation_hours.min \
                   THEN excluded.min ELSE observation_hours.min END, \
             max = CASE WHEN observation_hours.max IS NULL OR excluded.max > observation_hours.max \
                   THEN excluded.max ELSE observation_hours.max END, \
             sum = CASE WHEN observation_hours.sum IS NULL THEN excluded.sum WHEN excluded.sum IS NULL \
                   THEN observation_hours.sum ELSE observation_hours.sum + excluded.sum END",
        )
        .bind(d.datastream_id)
        .bind(d.hour)
        .bind(d.count)
        .bind(d.min)
        .bind(d.max)
        .bind(d.sum)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Moves a datastream's "last message" forward.
pub async fn set_last(
    conn: &mut AnyConnection,
    datastream_id: i64,
    last_time: i64,
    received_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE datastreams SET last_received_at = $1, \
         last_time = CASE WHEN last_time IS NULL OR last_time < $2 THEN $2 ELSE last_time END WHERE id = $3",
    )
    .bind(received_at)
    .bind(last_time)
    .bind(datastream_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps the newest status message of each kind a network server sent about a device.
pub async fn record_event(db: &Db, sensor_id: i64, kind: &str, at: i64, detail: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO device_events (sensor_id, kind, at, detail) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (sensor_id, kind) DO UPDATE SET at = excluded.at, detail = excluded.detail",
    )
    .bind(sensor_id)
    .bind(kind)
    .bind(at)
    .bind(detail)
    .execute(&db.pool)
    .await?;
    Ok(())
}

// ---- Credentials (staff) ----

/// A sensor's id, name and device EUI, by reference.
pub async fn sensor_connection(db: &Db, reference: &str) -> Result<Option<(i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, dev_eui FROM sensors WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&db.pool)
        .await
}

/// A sensor's tokens, newest first.
pub async fn tokens(db: &Db, sensor_id: i64) -> Result<Vec<TokenInfo>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, hint, created_at, created_by, last_used_at, revoked_at FROM device_tokens \
         WHERE sensor_id = $1 ORDER BY id DESC",
    )
    .bind(sensor_id)
    .fetch_all(&db.pool)
    .await
}

/// Stores a new token's hash.
pub async fn insert_token(
    conn: &mut AnyConnection,
    sensor_id: i64,
    hash: &str,
    hint: &str,
    created_by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO device_tokens (sensor_id, token_hash, hint, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sensor_id)
    .bind(hash)
    .bind(hint)
    .bind(now)
    .bind(created_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Revokes one token of a sensor (or all of them when `token_id` is `None`); returns how many were revoked.
pub async fn revoke_tokens(
    conn: &mut AnyConnection,
    sensor_id: i64,
    token_id: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = match token_id {
        Some(id) => {
            sqlx::query(
                "UPDATE device_tokens SET revoked_at = $1 WHERE sensor_id = $2 AND id = $3 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(sensor_id)
            .bind(id)
            .execute(&mut *conn)
            .await?
        }
        None => {
            sqlx::query("UPDATE device_tokens SET revoked_at = $1 WHERE sensor_id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(sensor_id)
                .execute(&mut *conn)
                .await?
        }
    };
    Ok(done.rows_affected())
}

/// Sets (or clears) a sensor's device EUI; `false` when another sensor already has it.
pub async fn set_dev_eui(db: &Db, sensor_id: i64, dev_eui: Option<&str>) -> Result<bool, sqlx::Error> {
    if let Some(eui) = dev_eui {
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM sensors WHERE dev_eui = $1 AND id <> $2")
            .bind(eui)
            .bind(sensor_id)
            .fetch_optional(&db.pool)
            .await?;
        if taken.is_some() {
            return Ok(false);
        }
    }
    sqlx::query("UPDATE sensors SET dev_eui = $1 WHERE id = $2")
        .bind(dev_eui)
        .bind(sensor_id)
        .execute(&db.pool)
        .await?;
    Ok(true)
}

/// Every integration, newest first.
pub async fn integrations(db: &Db) -> Result<Vec<IntegrationInfo>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, name, hint, created_at, last_used_at, revoked_at FROM integrations ORDER BY id DESC",
    )
    .fetch_all(&db.pool)
    .await
}

/// Stores a new integration; `false` when the name is taken.
pub async fn insert_integration(
    db: &Db,
    kind: &str,
    name: &str,
    hash: &str,
    hint: &str,
    created_by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO integrations (kind, name, secret_hash, hint, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
    )
    .bind(kind)
    .bind(name)
    .bind(hash)
    .bind(hint)
    .bind(now)
    .bind(created_by)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes an integration; returns whether one was revoked.
pub async fn revoke_integration(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
