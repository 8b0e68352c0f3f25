//! The ingest feature's SQL, written once for both engines. Measurement times are Unix milliseconds, other
//! times Unix seconds, all bound from Rust. Retention and its proof are in `retention`.

mod retention;
pub mod sta;
pub use retention::*;

use super::{IntegrationInfo, TokenInfo, Value};
use crate::db::{Backend, Db};
use crate::sensors::{PersonalData, Status, ValueType};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashSet;
use std::fmt::Write;

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

fn target_of(row: &AnyRow) -> Result<(i64, String, Status, PersonalData, Option<String>), sqlx::Error> {
    Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, row.try_get(4)?))
}

async fn load_target(db: &Db, row: Option<AnyRow>) -> Result<Option<Target>, sqlx::Error> {
    let Some(row) = row else { return Ok(None) };
    let (id, reference, status, personal_data, aggregate_retention) = target_of(&row)?;
    let streams: Vec<(i64, String, ValueType, String)> = sqlx::query_as(
        "SELECT id, name, value_type, raw_retention FROM datastreams WHERE sensor_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Target {
        id,
        reference,
        status,
        personal_data,
        aggregate_retention,
        datastreams: streams
            .into_iter()
            .map(|(id, name, value_type, raw_retention)| Stream { id, name, value_type, raw_retention })
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

/// The column a value is stored in (the others stay NULL).
fn column(value: &Value) -> &'static str {
    match value {
        Value::Number(_) => "number",
        Value::Bool(_) => "flag",
        Value::Text(_) => "text",
    }
}

/// Binds rows of one kind of value: datastream, time, value, received_at.
macro_rules! bind_rows {
    ($query:expr, $rows:expr, $received_at:expr) => {{
        let mut query = $query;
        for row in $rows {
            query = query.bind(row.datastream_id).bind(row.time);
            query = match &row.value {
                Value::Number(n) => query.bind(*n),
                Value::Bool(b) => query.bind(i64::from(*b)),
                Value::Text(t) => query.bind(t.as_str()),
            };
            query = query.bind($received_at);
        }
        query
    }};
}

/// The INSERT of `rows` rows of values stored in `column`, up to its VALUES list.
fn insert_sql(backend: Backend, column: &str, rows: usize) -> String {
    format!(
        "INSERT INTO observations (datastream_id, time, {column}, received_at) VALUES {} \
         ON CONFLICT (datastream_id, time) DO NOTHING",
        values_list(backend, rows, 4)
    )
}

/// `rows` split into statements: runs of one kind of value (one column list each), at most `INSERT_CHUNK` rows.
fn statements<'a, 'r>(rows: &'a [&'r NewObservation]) -> impl Iterator<Item = &'a [&'r NewObservation]> {
    rows.chunk_by(|a, b| column(&a.value) == column(&b.value)).flat_map(|run| run.chunks(INSERT_CHUNK))
}

/// `count` comma-separated parameters, the first being the `first`th of the statement. SQLite gets anonymous
/// `?` parameters: it looks a numbered one (`$7`) up by walking a list of every parameter of the statement, so
/// binding the 6,000 parameters of 1,000 rows took time quadratic in their number (88 % of the CPU of batched
/// ingestion). PostgreSQL only knows `$n`.
pub fn params(backend: Backend, first: usize, count: usize) -> String {
    let mut sql = String::with_capacity(count * 6);
    for n in first..first + count {
        if n > first {
            sql.push(',');
        }
        match backend {
            Backend::Sqlite => sql.push('?'),
            Backend::Postgres => {
                let _ = write!(sql, "${n}");
            }
        }
    }
    sql
}

/// The VALUES list of a multi-row INSERT: `rows` tuples of `width` parameters.
pub fn values_list(backend: Backend, rows: usize, width: usize) -> String {
    let mut sql = String::with_capacity(rows * (width * 6 + 3));
    for i in 0..rows {
        sql.push_str(if i > 0 { ",(" } else { "(" });
        sql.push_str(&params(backend, i * width + 1, width));
        sql.push(')');
    }
    sql
}

/// Stores rows that are not stored yet; says for each whether it was inserted (`false`: it was already there,
/// a duplicate). `rows` are distinct and sorted by datastream and time. On SQLite the caller must hold the write
/// lock (`BEGIN IMMEDIATE`).
pub async fn insert_observations(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[&NewObservation],
    received_at: i64,
) -> Result<Vec<bool>, sqlx::Error> {
    match backend {
        // One statement per chunk, which answers with the rows it inserted.
        Backend::Postgres => {
            let mut inserted = HashSet::with_capacity(rows.len());
            for chunk in statements(rows) {
                let sql = format!(
                    "{} RETURNING datastream_id, time",
                    insert_sql(backend, column(&chunk[0].value), chunk.len())
                );
                let query = bind_rows!(sqlx::query_as::<_, (i64, i64)>(&sql), chunk, received_at);
                inserted.extend(query.fetch_all(&mut *conn).await?);
            }
            Ok(rows.iter().map(|r| inserted.contains(&(r.datastream_id, r.time))).collect())
        }
        // SQLite's driver hands a RETURNING answer over one row at a time from its own thread, a thread switch
        // per row (three quarters of batched ingestion's time). Instead: find which rows are already there
        // (usually none: devices send what is newer than what they sent), insert the others, and check that each
        // was inserted — nobody else can write meanwhile, the caller holds the write lock.
        Backend::Sqlite => {
            let new = absent(conn, backend, rows).await?;
            let fresh: Vec<&NewObservation> = rows.iter().zip(&new).filter(|(_, n)| **n).map(|(r, _)| *r).collect();
            for chunk in statements(&fresh) {
                let sql = insert_sql(backend, column(&chunk[0].value), chunk.len());
                let query = bind_rows!(sqlx::query(&sql), chunk, received_at);
                if query.execute(&mut *conn).await?.rows_affected() != chunk.len() as u64 {
                    return Err(sqlx::Error::Protocol("observations were written by someone else meanwhile".into()));
                }
            }
            Ok(new)
        }
    }
}

/// For each of `rows` (sorted by datastream and time), whether it is not stored yet. A row newer than its
/// datastream's newest stored one is new; only older rows are looked up, one indexed query per datastream and
/// chunk.
async fn absent(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[&NewObservation],
) -> Result<Vec<bool>, sqlx::Error> {
    let mut new = vec![true; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let datastream_id = rows[start].datastream_id;
        let end = start + rows[start..].iter().take_while(|r| r.datastream_id == datastream_id).count();
        let (newest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(time) FROM observations WHERE datastream_id = $1")
            .bind(datastream_id)
            .fetch_one(&mut *conn)
            .await?;
        let older = newest.map_or(0, |newest| rows[start..end].iter().take_while(|r| r.time <= newest).count());
        for chunk in (start..start + older).collect::<Vec<_>>().chunks(INSERT_CHUNK) {
            let sql = format!(
                "SELECT time FROM observations WHERE datastream_id = {} AND time IN ({})",
                params(backend, 1, 1),
                params(backend, 2, chunk.len())
            );
            let mut query = sqlx::query_as::<_, (i64,)>(&sql).bind(datastream_id);
            for &i in chunk {
                query = query.bind(rows[i].time);
            }
            let found: HashSet<i64> = query.fetch_all(&mut *conn).await?.into_iter().map(|(t,)| t).collect();
            for &i in chunk {
                new[i] = !found.contains(&rows[i].time);
            }
        }
        start = end;
    }
    Ok(new)
}

/// Whether a sensor's datastream holds measurements.
pub async fn holds_values(conn: &mut AnyConnection, sensor_id: i64, name: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM observations WHERE datastream_id = \
         (SELECT id FROM datastreams WHERE sensor_id = $1 AND name = $2) LIMIT 1",
    )
    .bind(sensor_id)
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
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
        // Text and flag streams have no numbers: see `OptF64` for why a missing one is not bound as `Option<f64>`.
        .bind(crate::db::OptF64(d.min))
        .bind(crate::db::OptF64(d.max))
        .bind(crate::db::OptF64(d.sum))
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
pub async fn set_dev_eui(
    conn: &mut sqlx::AnyConnection,
    sensor_id: i64,
    dev_eui: Option<&str>,
) -> Result<bool, sqlx::Error> {
    if let Some(eui) = dev_eui {
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM sensors WHERE dev_eui = $1 AND id <> $2")
            .bind(eui)
            .bind(sensor_id)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some() {
            return Ok(false);
        }
    }
    sqlx::query("UPDATE sensors SET dev_eui = $1 WHERE id = $2")
        .bind(dev_eui)
        .bind(sensor_id)
        .execute(&mut *conn)
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
    conn: &mut AnyConnection,
    kind: &str,
    name: &str,
    hash: &str,
    hint: &str,
    created_by: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO integrations (kind, name, secret_hash, hint, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING id",
    )
    .bind(kind)
    .bind(name)
    .bind(hash)
    .bind(hint)
    .bind(now)
    .bind(created_by)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Revokes an integration; returns whether one was revoked.
pub async fn revoke_integration(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_lists_use_each_engines_placeholders() {
        assert_eq!(values_list(Backend::Sqlite, 2, 3), "(?,?,?),(?,?,?)");
        assert_eq!(values_list(Backend::Postgres, 2, 3), "($1,$2,$3),($4,$5,$6)");
        assert_eq!(params(Backend::Postgres, 2, 3), "$2,$3,$4");
        assert_eq!(params(Backend::Sqlite, 2, 3), "?,?,?");
    }
}
