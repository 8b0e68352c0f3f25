//! The residents' proposals' SQL.

use super::super::*;
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A proposal's row, with its district's and author's names and its consultation's slug and phase.
#[derive(Clone, Debug, FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub title: String,
    pub body: String,
    pub domain: Domain,
    pub district_id: Option<i64>,
    pub district: Option<String>,
    pub status: ProposalStatus,
    pub reason: Option<String>,
    pub consultation_slug: Option<String>,
    pub consultation_status: Option<String>,
    pub hidden_reason: Option<String>,
    pub created_at: i64,
}

const SELECT: &str = "SELECT p.id, p.author_id, u.display_name AS author, p.title, p.body, p.domain, p.district_id, \
     d.name AS district, p.status, p.reason, c.slug AS consultation_slug, c.status AS consultation_status, \
     p.hidden_reason, p.created_at FROM proposals p LEFT JOIN users u ON u.id = p.author_id \
     LEFT JOIN districts d ON d.id = p.district_id LEFT JOIN consultations c ON c.id = p.consultation_id";

/// Stores a new proposal, pending review; returns its id.
pub async fn insert(
    db: &Db,
    author_id: i64,
    title: &str,
    body: &str,
    domain: Domain,
    district_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO proposals (author_id, title, body, domain, district_id, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
    )
    .bind(author_id)
    .bind(title)
    .bind(body)
    .bind(domain.code())
    .bind(district_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// One proposal.
pub async fn find(db: &Db, id: i64) -> Result<Option<ProposalRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE p.id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// The proposals `viewer` may see, newest first: reviewed ones for everyone, pending ones for their author
/// (`viewer`) or for staff (`all_pending`).
pub async fn list(db: &Db, viewer: Option<i64>, all_pending: bool) -> Result<Vec<ProposalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE p.status <> 'pending' OR $1 = 1 OR p.author_id = $2 ORDER BY p.created_at DESC, p.id DESC LIMIT 500"
    ))
    .bind(all_pending as i64)
    .bind(viewer.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

/// Records the review of a pending proposal; `false` when it was already reviewed.
pub async fn review(
    conn: &mut AnyConnection,
    id: i64,
    status: ProposalStatus,
    reason: &str,
    consultation_id: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE proposals SET status = $1, reason = $2, consultation_id = $3, reviewed_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status.code())
    .bind(reason)
    .bind(consultation_id)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links a consultation to the proposal it came from.
pub async fn set_consultation_proposal(
    conn: &mut AnyConnection,
    consultation_id: i64,
    proposal_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE consultations SET proposal_id = $1 WHERE id = $2")
        .bind(proposal_id)
        .bind(consultation_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
