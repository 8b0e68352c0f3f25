//! Ballots, kept apart from who voted. `budget_participations` says who voted in which envelope and by which
//! channel; `budget_ballots` holds what was voted under a random id, with no time and no person. While voting
//! is open a random `ballot_key` on both sides lets a voter change their ballot; closing the vote sets it to NULL
//! on both sides and rewrites the ballots in the order of their random ids, after which nothing joins them.

use crate::db::{Backend, Db};
use crate::participation::Channel;
use sqlx::AnyConnection;

const VOTING: &str = "EXISTS (SELECT 1 FROM budgets WHERE id = $1 AND phase = 'voting')";

/// Holds the budget's phase for the rest of a casting transaction: closing the vote (an UPDATE of the budget's
/// row) waits until the ballot is in, or the ballot waits until the vote is closed and then finds it closed —
/// never a ballot written, with its voter's key, after the closing transaction unlinked the others.
/// PostgreSQL: a shared row lock (ballots do not wait for each other, only for the close). SQLite: the database's
/// write lock taken first, so that every read of the transaction sees the phase as the close left it.
pub async fn hold_phase(conn: &mut AnyConnection, backend: Backend, budget_id: i64) -> Result<(), sqlx::Error> {
    let statement = match backend {
        Backend::Postgres => "SELECT id FROM budgets WHERE id = $1 FOR SHARE",
        Backend::Sqlite => "UPDATE budgets SET phase = phase WHERE id = $1",
    };
    sqlx::query(statement).bind(budget_id).execute(&mut *conn).await?;
    Ok(())
}

/// A voter's participation in an envelope: their channel and, while voting is open, their ballot's key.
pub async fn participation(
    conn: &mut AnyConnection,
    envelope_id: i64,
    user_id: i64,
) -> Result<Option<(Channel, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT channel, ballot_key FROM budget_participations WHERE envelope_id = $1 AND user_id = $2")
        .bind(envelope_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
}

/// A voter's participation in an envelope as the ballot page needs it: channel, ballot key, when recorded.
pub async fn participation_at(
    conn: &mut AnyConnection,
    envelope_id: i64,
    user_id: i64,
) -> Result<Option<(Channel, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT channel, ballot_key, at FROM budget_participations WHERE envelope_id = $1 AND user_id = $2")
        .bind(envelope_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Records that `user_id` votes in the envelope (only while the budget is voting, only once: a second
/// concurrent first ballot finds the row taken). Returns whether this call recorded it.
pub async fn participate(
    conn: &mut AnyConnection,
    budget_id: i64,
    envelope_id: i64,
    user_id: i64,
    channel: &str,
    ballot_key: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "INSERT INTO budget_participations (envelope_id, user_id, channel, ballot_key, at) \
         SELECT $2, $3, $4, $5, $6 WHERE {VOTING} ON CONFLICT (envelope_id, user_id) DO NOTHING"
    ))
    .bind(budget_id)
    .bind(envelope_id)
    .bind(user_id)
    .bind(channel)
    .bind(ballot_key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a new ballot arrived: its channel, and the key and receipt hash of a web or kiosk ballot, or the batch of
/// a paper one.
#[derive(Clone, Debug, Default)]
pub struct NewBallot<'a> {
    pub channel: &'a str,
    pub ballot_key: Option<&'a str>,
    pub receipt: Option<&'a str>,
    pub batch_id: Option<i64>,
}

/// Stores a new ballot under its random id, with its items.
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    envelope_id: i64,
    b: &NewBallot<'_>,
    items: &[(i64, i64)],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO budget_ballots (id, envelope_id, channel, ballot_key, receipt, batch_id)          VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(envelope_id)
    .bind(b.channel)
    .bind(b.ballot_key)
    .bind(b.receipt)
    .bind(b.batch_id)
    .execute(&mut *conn)
    .await?;
    insert_items(conn, id, items).await
}

async fn insert_items(conn: &mut AnyConnection, id: &str, items: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    for &(project_id, points) in items {
        sqlx::query("INSERT INTO budget_ballot_items (ballot_id, project_id, points) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(project_id)
            .bind(points)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Replaces the ballot holding `ballot_key`, while the budget is still voting. Returns whether it did.
pub async fn replace(
    conn: &mut AnyConnection,
    budget_id: i64,
    ballot_key: &str,
    channel: &str,
    receipt: &str,
    items: &[(i64, i64)],
) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(&format!(
        "UPDATE budget_ballots SET channel = $2, receipt = $3 WHERE ballot_key = $4 AND {VOTING} RETURNING id"
    ))
    .bind(budget_id)
    .bind(channel)
    .bind(receipt)
    .bind(ballot_key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id,)) = row else { return Ok(false) };
    // The participation follows: a ballot changed at a kiosk is counted as a kiosk ballot (still one).
    sqlx::query("UPDATE budget_participations SET channel = $1 WHERE ballot_key = $2")
        .bind(channel)
        .bind(ballot_key)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM budget_ballot_items WHERE ballot_id = $1").bind(&id).execute(&mut *conn).await?;
    insert_items(conn, &id, items).await?;
    Ok(true)
}

/// The items of the ballot holding `ballot_key` (the voter's own, while voting is open).
pub async fn items_of(db: &Db, ballot_key: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.project_id, i.points FROM budget_ballots b JOIN budget_ballot_items i ON i.ballot_id = b.id \
         WHERE b.ballot_key = $1 ORDER BY i.points, i.project_id",
    )
    .bind(ballot_key)
    .fetch_all(&db.pool)
    .await
}

/// Whether a ballot of the budget carries this receipt hash.
pub async fn receipt_counted(db: &Db, budget_id: i64, receipt: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM budget_ballots b JOIN budget_envelopes e ON e.id = b.envelope_id \
         WHERE e.budget_id = $1 AND b.receipt = $2",
    )
    .bind(budget_id)
    .bind(receipt)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// Closing the vote, in the transaction that moves the budget to counting: the keys go on both sides, then every
/// ballot of the budget is written again in the order of its random id, so that where a row sits says nothing
/// of when it arrived.
pub async fn unlink(conn: &mut AnyConnection, budget_id: i64) -> Result<u64, sqlx::Error> {
    const ENVELOPES: &str = "SELECT id FROM budget_envelopes WHERE budget_id = $1";
    for table in ["budget_participations", "budget_ballots"] {
        sqlx::query(&format!("UPDATE {table} SET ballot_key = NULL WHERE envelope_id IN ({ENVELOPES})"))
            .bind(budget_id)
            .execute(&mut *conn)
            .await?;
    }
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        envelope_id: i64,
        channel: String,
        receipt: Option<String>,
        batch_id: Option<i64>,
    }
    let ballots: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, envelope_id, channel, receipt, batch_id FROM budget_ballots WHERE envelope_id IN ({ENVELOPES}) \
         ORDER BY id"
    ))
    .bind(budget_id)
    .fetch_all(&mut *conn)
    .await?;
    let items: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT i.ballot_id, i.project_id, i.points FROM budget_ballot_items i JOIN budget_ballots b ON b.id = i.ballot_id \
         WHERE b.envelope_id IN ({ENVELOPES})"
    ))
    .bind(budget_id)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "DELETE FROM budget_ballot_items WHERE ballot_id IN (SELECT id FROM budget_ballots WHERE envelope_id IN ({ENVELOPES}))"
    ))
    .bind(budget_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!("DELETE FROM budget_ballots WHERE envelope_id IN ({ENVELOPES})"))
        .bind(budget_id)
        .execute(&mut *conn)
        .await?;
    let mut by_ballot: std::collections::HashMap<&str, Vec<(i64, i64)>> = Default::default();
    for (ballot, project, points) in &items {
        by_ballot.entry(ballot.as_str()).or_default().push((*project, *points));
    }
    for b in &ballots {
        sqlx::query(
            "INSERT INTO budget_ballots (id, envelope_id, channel, receipt, batch_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&b.id)
        .bind(b.envelope_id)
        .bind(&b.channel)
        .bind(&b.receipt)
        .bind(b.batch_id)
        .execute(&mut *conn)
        .await?;
        insert_items(conn, &b.id, by_ballot.get(b.id.as_str()).map(Vec::as_slice).unwrap_or_default()).await?;
    }
    Ok(ballots.len() as u64)
}

/// After the closing transaction: let the engine drop the old row versions (PostgreSQL) or empty the write-ahead
/// log (SQLite) that still held the keys. Answers false when SQLite's log could not be emptied within `within`
/// (a long read held it); the database's checkpoint task then empties it as soon as it can.
pub async fn forget_old_versions(db: &Db, within: std::time::Duration) -> Result<bool, sqlx::Error> {
    match db.backend {
        Backend::Postgres => {
            sqlx::query("VACUUM budget_participations, budget_ballots, budget_ballot_items").execute(&db.pool).await?;
            Ok(true)
        }
        Backend::Sqlite => db.empty_wal(within).await,
    }
}
