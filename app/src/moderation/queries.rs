//! Moderation's SQL, written once for SQLite and PostgreSQL.

use super::*;
use crate::db::Db;
use sqlx::AnyConnection;

/// The table holding items of `kind`.
fn table(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Comment => "comments",
        TargetKind::Proposal => "proposals",
    }
}

/// Records a report; `false` when this person had already reported the item.
pub async fn insert_report(
    conn: &mut AnyConnection,
    kind: TargetKind,
    id: i64,
    reporter: i64,
    reason: ReportReason,
    details: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO reports (target_kind, target_id, reporter_id, reason, details, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (target_kind, target_id, reporter_id) DO NOTHING",
    )
    .bind(kind.code())
    .bind(id)
    .bind(reporter)
    .bind(reason.code())
    .bind(details)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reports on an item not yet dealt with by a moderator.
pub async fn open_reports(conn: &mut AnyConnection, kind: TargetKind, id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM reports WHERE target_kind = $1 AND target_id = $2 AND resolved_at IS NULL",
    )
    .bind(kind.code())
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n)
}

/// Marks every open report on an item as dealt with.
pub async fn resolve_reports(conn: &mut AnyConnection, kind: TargetKind, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reports SET resolved_at = $1 WHERE target_kind = $2 AND target_id = $3 AND resolved_at IS NULL",
    )
    .bind(now)
    .bind(kind.code())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Hides an item with `reason`, or shows it again (`None`). Returns whether the item exists; `only_visible`
/// leaves an already hidden item as it is (an automatic hide never replaces a moderator's reason).
pub async fn set_hidden(
    conn: &mut AnyConnection,
    kind: TargetKind,
    id: i64,
    reason: Option<&str>,
    only_visible: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let guard = if only_visible { " AND hidden_at IS NULL" } else { "" };
    let done =
        sqlx::query(&format!("UPDATE {} SET hidden_at = $1, hidden_reason = $2 WHERE id = $3{guard}", table(kind)))
            .bind(reason.map(|_| now))
            .bind(reason)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A reported item's row for the queue.
#[derive(sqlx::FromRow)]
struct ReportedRow {
    target_kind: String,
    target_id: i64,
    reports: i64,
}

/// Items with open reports, most reported first.
pub async fn reported(db: &Db) -> Result<Vec<(TargetKind, i64, i64)>, sqlx::Error> {
    let rows: Vec<ReportedRow> = sqlx::query_as(
        "SELECT target_kind, target_id, COUNT(*) AS reports FROM reports WHERE resolved_at IS NULL \
         GROUP BY target_kind, target_id ORDER BY COUNT(*) DESC, MIN(created_at) LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| TargetKind::from_code(&r.target_kind).map(|k| (k, r.target_id, r.reports)))
        .collect())
}

/// The open reports' reasons and details on an item.
pub async fn reasons(db: &Db, kind: TargetKind, id: i64) -> Result<Vec<(ReportReason, String)>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT reason, details FROM reports WHERE target_kind = $1 AND target_id = $2 AND resolved_at IS NULL \
         ORDER BY created_at",
    )
    .bind(kind.code())
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(r, d)| ReportReason::from_code(&r).map(|r| (r, d))).collect())
}

/// A reported item's content for the queue.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ItemRow {
    /// Its text (Markdown source).
    pub body: String,
    /// Its author's account.
    pub author_id: Option<i64>,
    /// Its author's public name.
    pub author: Option<String>,
    /// Why it is hidden, if it is.
    pub hidden_reason: Option<String>,
    /// The consultation a comment belongs to (empty for a proposal).
    pub slug: String,
    /// 1 when the public sees the item (a proposal once reviewed): only those can be reported.
    pub public: i64,
}

/// A reported item's content.
pub async fn item(db: &Db, kind: TargetKind, id: i64) -> Result<Option<ItemRow>, sqlx::Error> {
    let sql = match kind {
        TargetKind::Comment => {
            "SELECT t.body, t.author_id, u.display_name AS author, t.hidden_reason, c.slug, \
             CASE WHEN c.status <> 'draft' THEN 1 ELSE 0 END AS public FROM comments t \
             JOIN consultations c ON c.id = t.consultation_id LEFT JOIN users u ON u.id = t.author_id WHERE t.id = $1"
        }
        TargetKind::Proposal => {
            "SELECT t.body, t.author_id, u.display_name AS author, t.hidden_reason, '' AS slug, \
             CASE WHEN t.status <> 'pending' THEN 1 ELSE 0 END AS public FROM proposals t \
             LEFT JOIN users u ON u.id = t.author_id WHERE t.id = $1"
        }
    };
    sqlx::query_as(sql).bind(id).fetch_optional(&db.pool).await
}

/// Blocks in force.
pub async fn active_blocks(db: &Db, now: i64) -> Result<Vec<BlockView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.user_id, u.display_name AS name, b.until, b.reason FROM account_blocks b \
         JOIN users u ON u.id = b.user_id WHERE b.lifted_at IS NULL AND (b.until IS NULL OR b.until > $1) \
         ORDER BY b.created_at DESC",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// Whether an account exists (and is not deleted).
pub async fn account_exists(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Public names of accounts, for the admins' log.
pub async fn names(db: &Db, ids: &[i64]) -> Result<Vec<(i64, Option<String>)>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT display_name FROM users WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
        out.push((*id, row.and_then(|(n,)| n)));
    }
    Ok(out)
}
