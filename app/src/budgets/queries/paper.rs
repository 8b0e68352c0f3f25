//! Paper ballots: batches entered twice by two staff members, the resolutions of their discrepancies, and the
//! residents marked as having voted on paper.

use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A batch.
#[derive(Clone, Debug, FromRow)]
pub struct BatchRow {
    pub id: i64,
    pub envelope_id: i64,
    pub label: String,
    pub size: i64,
    pub first_by: Option<i64>,
    pub second_by: Option<i64>,
    pub counted_at: Option<i64>,
}

/// Opens a batch of `size` paper ballots.
pub async fn insert_batch(
    conn: &mut AnyConnection,
    envelope_id: i64,
    label: &str,
    size: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budget_paper_batches (envelope_id, label, size, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(envelope_id)
    .bind(label)
    .bind(size)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// One batch.
pub async fn batch(db: &Db, id: i64) -> Result<Option<BatchRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, envelope_id, label, size, first_by, second_by, counted_at FROM budget_paper_batches WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Records who entered a pass (1 or 2), unless someone else already did: returns whether the pass is theirs.
pub async fn claim_pass(conn: &mut AnyConnection, batch_id: i64, pass: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let (column, other) = if pass == 1 { ("first_by", "second_by") } else { ("second_by", "first_by") };
    // The other pass is checked in the same statement: two claims racing past the service's check cannot give
    // one person both passes.
    let done = sqlx::query(&format!(
        "UPDATE budget_paper_batches SET {column} = $1 WHERE id = $2 AND counted_at IS NULL \
         AND ({column} IS NULL OR {column} = $1) AND ({other} IS NULL OR {other} <> $1)"
    ))
    .bind(user_id)
    .bind(batch_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes (or rewrites) one ballot's entry in a pass.
pub async fn put_entry(
    conn: &mut AnyConnection,
    batch_id: i64,
    pass: i64,
    seq: i64,
    choices: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO budget_paper_entries (batch_id, pass, seq, choices) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (batch_id, pass, seq) DO UPDATE SET choices = excluded.choices",
    )
    .bind(batch_id)
    .bind(pass)
    .bind(seq)
    .bind(choices)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A pass's entries, by ballot number.
pub async fn entries(db: &Db, batch_id: i64, pass: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT seq, choices FROM budget_paper_entries WHERE batch_id = $1 AND pass = $2 ORDER BY seq")
        .bind(batch_id)
        .bind(pass)
        .fetch_all(&db.pool)
        .await
}

/// Marks a batch counted (once): returns whether this call did.
pub async fn mark_counted(conn: &mut AnyConnection, batch_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE budget_paper_batches SET counted_at = $1 WHERE id = $2 AND counted_at IS NULL")
        .bind(now)
        .bind(batch_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that a resident voted on paper in an envelope; `false` when they already voted (any channel).
pub async fn mark_voter(
    conn: &mut AnyConnection,
    envelope_id: i64,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO budget_participations (envelope_id, user_id, channel, at) VALUES ($1, $2, 'paper', $3) \
         ON CONFLICT (envelope_id, user_id) DO NOTHING",
    )
    .bind(envelope_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A batch as listed: its envelope's name and how many ballots each pass holds.
#[derive(Clone, Debug, FromRow)]
pub struct BatchListRow {
    pub id: i64,
    pub envelope: String,
    pub label: String,
    pub size: i64,
    pub first: i64,
    pub second: i64,
    pub counted_at: Option<i64>,
}

/// A budget's batches, newest first.
pub async fn batches(db: &Db, budget_id: i64) -> Result<Vec<BatchListRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, COALESCE(d.name, e.name) AS envelope, b.label, b.size, \
         (SELECT COUNT(*) FROM budget_paper_entries x WHERE x.batch_id = b.id AND x.pass = 1) AS first, \
         (SELECT COUNT(*) FROM budget_paper_entries x WHERE x.batch_id = b.id AND x.pass = 2) AS second, \
         b.counted_at FROM budget_paper_batches b JOIN budget_envelopes e ON e.id = b.envelope_id \
         LEFT JOIN districts d ON d.id = e.district_id WHERE e.budget_id = $1 ORDER BY b.id DESC",
    )
    .bind(budget_id)
    .fetch_all(&db.pool)
    .await
}

/// An envelope's paper figures: the papers of its counted batches (blank and void ones included) and the people
/// recorded as having voted on paper.
pub async fn paper_figures(db: &Db, envelope_id: i64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        // SUM of a BIGINT is a NUMERIC on PostgreSQL, which the Any driver does not read: cast back.
        "SELECT (SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM budget_paper_batches \
                 WHERE envelope_id = $1 AND counted_at IS NOT NULL), \
                (SELECT COUNT(*) FROM budget_participations WHERE envelope_id = $1 AND channel = 'paper')",
    )
    .bind(envelope_id)
    .fetch_one(&db.pool)
    .await
}

/// The explanation of an envelope's paper difference: the figures it explains and its text.
pub async fn reconciliation(db: &Db, envelope_id: i64) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT ballots, voters, explanation FROM budget_paper_reconciliations WHERE envelope_id = $1")
        .bind(envelope_id)
        .fetch_optional(&db.pool)
        .await
}

/// Records (or replaces) the explanation of an envelope's paper difference.
pub async fn explain(
    conn: &mut AnyConnection,
    envelope_id: i64,
    figures: (i64, i64),
    explanation: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO budget_paper_reconciliations (envelope_id, ballots, voters, explanation, explained_by, explained_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (envelope_id) DO UPDATE SET ballots = excluded.ballots, \
         voters = excluded.voters, explanation = excluded.explanation, explained_by = excluded.explained_by, \
         explained_at = excluded.explained_at",
    )
    .bind(envelope_id)
    .bind(figures.0)
    .bind(figures.1)
    .bind(explanation)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The staff who typed a pass of any batch of the envelope.
pub async fn typists(db: &Db, envelope_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT first_by, second_by FROM budget_paper_batches WHERE envelope_id = $1")
            .bind(envelope_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().flat_map(|(a, b)| [a, b]).flatten().collect())
}
