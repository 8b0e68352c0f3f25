//! The audit log's SQL: the append's lock, read and insert, and the reads of pages, the newest entries and the head.

use super::{Entry, Head, NewEntry};
use crate::db::{Backend, Db};
use sqlx::AnyConnection;

/// The advisory lock key PostgreSQL appends take (any constant; "CLVAUDIT" in ASCII).
const PG_LOCK: i64 = 0x434C_5641_5544_4954;

const ENTRY_COLUMNS: &str = "seq, at, actor_id, action, target_kind, target_id, reason, public, prev_hash, hash";

/// Takes the chain for this transaction (PostgreSQL's advisory lock; SQLite's writer already holds it) and reads
/// the last entry's position and hash.
pub async fn lock_and_read_last(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(PG_LOCK).execute(&mut *conn).await?;
    }
    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *conn).await
}

/// Writes one entry, its hash already computed.
pub async fn insert(
    conn: &mut AnyConnection,
    seq: i64,
    now: i64,
    entry: &NewEntry,
    public: bool,
    prev: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, action, target_kind, target_id, reason, public, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(now)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(&entry.reason)
    .bind(public as i64)
    .bind(prev)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Up to `limit` entries after position `after`, in order.
pub async fn page(db: &Db, after: i64, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// The newest entries first, `public_only` for the public log; a page of `limit` before position `before`.
pub async fn newest(db: &Db, public_only: bool, before: i64, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    let filter = if public_only { "AND public = 1" } else { "" };
    sqlx::query_as(&format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE seq < $1 {filter} ORDER BY seq DESC LIMIT $2"))
        .bind(before)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// The chain's head as of `until` (Unix seconds): its last entry written before then. `None` while empty.
pub async fn head(db: &Db, until: i64) -> Result<Option<Head>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1")
            .bind(until)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(seq, hash)| Head { seq, hash }))
}
