//! The consultations' notifications: who is told of a reply or a decision (queued in the event's transaction),
//! and what a queued one is about when its mail is written.

use crate::db::Db;
use sqlx::AnyConnection;

/// Tells the author of `parent` that `reply` answers it (not when they answer themselves).
pub async fn enqueue_reply(
    conn: &mut AnyConnection,
    parent: i64,
    reply: i64,
    consultation_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, consultation_id, comment_id, created_at) \
         SELECT p.author_id, 'reply', $1, $2, $3 FROM comments p JOIN comments r ON r.id = $2 \
         WHERE p.id = $4 AND p.author_id IS NOT NULL AND (r.author_id IS NULL OR r.author_id <> p.author_id)",
    )
    .bind(consultation_id)
    .bind(reply)
    .bind(now)
    .bind(parent)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Tells everyone who commented on or voted in a consultation that it is decided (once each).
pub async fn enqueue_decided(conn: &mut AnyConnection, consultation_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, consultation_id, created_at) \
         SELECT p.user_id, 'decided', $1, $2 FROM ( \
           SELECT author_id AS user_id FROM comments WHERE consultation_id = $1 AND author_id IS NOT NULL \
           UNION SELECT user_id FROM consultation_votes WHERE consultation_id = $1) p \
         WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.kind = 'decided' \
           AND n.consultation_id = $1)",
    )
    .bind(consultation_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A consultation's slug and title.
pub async fn subject(db: &Db, consultation_id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, title FROM consultations WHERE id = $1")
        .bind(consultation_id)
        .fetch_optional(&db.pool)
        .await
}

/// A reply as its mail tells it: who wrote it (their name now) and what it says now.
pub async fn reply(db: &Db, comment_id: i64) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.display_name, r.body FROM comments r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = $1",
    )
    .bind(comment_id)
    .fetch_optional(&db.pool)
    .await
}
