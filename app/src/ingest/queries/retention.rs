//! The retention job's SQL and the public proof's.

use crate::db::Db;
use crate::ingest::{DatastreamProof, LedgerEntry};
use sqlx::AnyConnection;

/// A datastream the retention job looks after.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RetentionTarget {
    /// The sensor.
    pub sensor_id: i64,
    /// The sensor's reference.
    pub reference: String,
    /// The datastream.
    pub datastream_id: i64,
    /// Its name.
    pub name: String,
    /// Its raw retention.
    pub raw_retention: String,
    /// The sensor's aggregate retention.
    pub aggregate_retention: Option<String>,
}

/// Every datastream.
pub async fn retention_targets(db: &Db) -> Result<Vec<RetentionTarget>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.sensor_id, s.reference, d.id AS datastream_id, d.name, d.raw_retention, s.aggregate_retention \
         FROM datastreams d JOIN sensors s ON s.id = d.sensor_id ORDER BY d.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// Deletes up to `limit` raw values of a datastream measured before `cutoff`, oldest first; returns how many.
pub async fn purge_batch(db: &Db, datastream_id: i64, cutoff: i64, limit: i64) -> Result<u64, sqlx::Error> {
    // A bounded batch holds SQLite's write lock (or PostgreSQL's row locks) only briefly, so ingestion goes on.
    let done = sqlx::query(
        "DELETE FROM observations WHERE datastream_id = $1 AND time IN \
         (SELECT time FROM observations WHERE datastream_id = $2 AND time < $3 ORDER BY time LIMIT $4)",
    )
    .bind(datastream_id)
    .bind(datastream_id)
    .bind(cutoff)
    .bind(limit)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes a datastream's hourly aggregates that start before `cutoff_hour` (Unix seconds).
pub async fn purge_hours(db: &Db, datastream_id: i64, cutoff_hour: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM observation_hours WHERE datastream_id = $1 AND hour < $2")
        .bind(datastream_id)
        .bind(cutoff_hour)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The time of a datastream's oldest raw value.
pub async fn oldest(db: &Db, datastream_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: (Option<i64>,) = sqlx::query_as("SELECT MIN(time) FROM observations WHERE datastream_id = $1")
        .bind(datastream_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.0)
}

/// The start of a datastream's oldest hourly aggregate.
pub async fn oldest_hour(db: &Db, datastream_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: (Option<i64>,) = sqlx::query_as("SELECT MIN(hour) FROM observation_hours WHERE datastream_id = $1")
        .bind(datastream_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.0)
}

/// Notes when the retention job last went over every datastream (one write per run, not per datastream).
pub async fn set_last_run(db: &Db, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('retention_last_run', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(at.to_string())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// When the retention job last went over every datastream.
pub async fn last_run(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'retention_last_run'").fetch_optional(&db.pool).await?;
    Ok(row.and_then(|(v,)| v.parse().ok()))
}

/// Writes one ledger entry.
pub async fn insert_ledger(conn: &mut AnyConnection, sensor_id: i64, entry: &LedgerEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO purge_ledger (sensor_id, datastream, run_at, cutoff, rows_deleted, hours_deleted, \
         oldest_remaining, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(sensor_id)
    .bind(&entry.datastream)
    .bind(entry.run_at)
    .bind(entry.cutoff)
    .bind(entry.rows_deleted)
    .bind(entry.hours_deleted)
    .bind(entry.oldest_remaining)
    .bind(&entry.reason)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Before a datastream is removed from a sensor (its values go with it): the ledger says so.
pub async fn record_removal(conn: &mut AnyConnection, sensor_id: i64, name: &str, now: i64) -> Result<(), sqlx::Error> {
    let Some((datastream_id,)) =
        sqlx::query_as::<_, (i64,)>("SELECT id FROM datastreams WHERE sensor_id = $1 AND name = $2")
            .bind(sensor_id)
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(());
    };
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observations WHERE datastream_id = $1")
        .bind(datastream_id)
        .fetch_one(&mut *conn)
        .await?;
    let (hours,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM observation_hours WHERE datastream_id = $1")
        .bind(datastream_id)
        .fetch_one(&mut *conn)
        .await?;
    let held = (rows, hours);
    if held == (0, 0) {
        return Ok(());
    }
    let entry = LedgerEntry {
        datastream: name.to_string(),
        run_at: now,
        cutoff: now * 1000,
        rows_deleted: held.0,
        hours_deleted: held.1,
        oldest_remaining: None,
        reason: "datastream_removed".into(),
    };
    insert_ledger(conn, sensor_id, &entry).await
}

/// A datastream's id, name, retention, last reading and last message.
type StreamState = (i64, String, String, Option<i64>, Option<i64>);

/// The public state of each datastream of a sensor (without the compliance verdict, which the service
/// computes).
pub async fn proofs(db: &Db, sensor_id: i64, since: i64) -> Result<Vec<DatastreamProof>, sqlx::Error> {
    let rows: Vec<StreamState> = sqlx::query_as(
        "SELECT id, name, raw_retention, last_time, last_received_at FROM datastreams \
         WHERE sensor_id = $1 ORDER BY position",
    )
    .bind(sensor_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    let last_purge_at = last_run(db).await?;
    for (id, name, raw_retention, last_time, last_received_at) in rows {
        let (oldest_held, rows_held): (Option<i64>, i64) =
            sqlx::query_as("SELECT MIN(time), COUNT(*) FROM observations WHERE datastream_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await?;
        let (purged,): (Option<i64>,) = sqlx::query_as(
            // PostgreSQL sums BIGINTs as NUMERIC: the cast brings both engines back to a 64-bit integer.
            "SELECT CAST(SUM(rows_deleted) AS BIGINT) FROM purge_ledger \
             WHERE sensor_id = $1 AND datastream = $2 AND run_at >= $3",
        )
        .bind(sensor_id)
        .bind(&name)
        .bind(since)
        .fetch_one(&db.pool)
        .await?;
        out.push(DatastreamProof {
            name,
            raw_retention,
            last_time,
            last_received_at,
            oldest_held,
            rows_held,
            last_purge_at,
            purged_30_days: purged.unwrap_or(0),
            compliant: true,
        });
    }
    Ok(out)
}

/// Hourly means, minima and maxima of a sensor's number datastreams since `since_hour` (Unix seconds), per
/// datastream name and unit, oldest first.
pub async fn recent_hours(db: &Db, sensor_id: i64, since_hour: i64) -> Result<Vec<HourMean>, sqlx::Error> {
    let rows: Vec<HourRow> = sqlx::query_as(
        "SELECT d.name, d.unit, h.hour, h.count, h.min, h.max, h.sum FROM observation_hours h \
         JOIN datastreams d ON d.id = h.datastream_id \
         WHERE d.sensor_id = $1 AND d.value_type = 'number' AND h.hour >= $2 AND h.count > 0 \
         ORDER BY d.position, h.hour",
    )
    .bind(sensor_id)
    .bind(since_hour)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, unit, hour, count, min, max, sum)| {
            Some((name, unit, hour, sum? / count as f64, min?, max?))
        })
        .collect())
}

/// A datastream's name and unit, an hour's start, mean, minimum and maximum.
pub type HourMean = (String, String, i64, f64, f64, f64);

/// A row of hourly aggregates with its datastream's name and unit.
type HourRow = (String, String, i64, i64, Option<f64>, Option<f64>, Option<f64>);

/// The latest ledger entries of a sensor.
pub async fn ledger(db: &Db, sensor_id: i64, limit: i64) -> Result<Vec<LedgerEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT datastream, run_at, cutoff, rows_deleted, hours_deleted, oldest_remaining, reason \
         FROM purge_ledger WHERE sensor_id = $1 ORDER BY run_at DESC, id DESC LIMIT $2",
    )
    .bind(sensor_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The open retention alarms: (sensor id, datastream name) → (alarm id, kind).
pub async fn open_alarms(db: &Db) -> Result<Vec<(i64, String, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT sensor_id, datastream, id, kind FROM retention_alarms WHERE resolved_at IS NULL")
        .fetch_all(&db.pool)
        .await
}

/// Raises a retention alarm; returns its id.
pub async fn raise_alarm(db: &Db, sensor_id: i64, datastream: &str, kind: &str, at: i64) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO retention_alarms (sensor_id, datastream, kind, raised_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(sensor_id)
    .bind(datastream)
    .bind(kind)
    .bind(at)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Resolves an open retention alarm ("purged" or "cleared").
pub async fn resolve_alarm(db: &Db, id: i64, resolution: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE retention_alarms SET resolved_at = $2, resolution = $3 WHERE id = $1 AND resolved_at IS NULL")
        .bind(id)
        .bind(at)
        .bind(resolution)
        .execute(&db.pool)
        .await?;
    Ok(())
}
