//! The notification queue's and preferences' SQL.

use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// Someone with notifications waiting.
#[derive(Clone, Debug, FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub email: Option<String>,
    pub language: String,
    pub notify_mode: String,
    pub last_digest_at: Option<i64>,
    pub unsubscribe_key: Option<String>,
}

/// A notification waiting, with what its mail says.
#[derive(Clone, Debug, FromRow)]
pub struct Pending {
    pub id: i64,
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub comment_id: Option<i64>,
    pub replier: Option<String>,
    pub reply_body: Option<String>,
}

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

/// Accounts with notifications waiting.
pub async fn recipients(db: &Db) -> Result<Vec<Recipient>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.language, u.notify_mode, u.last_digest_at, u.unsubscribe_key FROM users u \
         WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.sent_at IS NULL) ORDER BY u.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// One account's waiting notifications, oldest first.
pub async fn pending_for(db: &Db, user_id: i64) -> Result<Vec<Pending>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.kind, COALESCE(c.slug, b.slug) AS slug, COALESCE(c.title, b.title) AS title, n.comment_id, \
         u.display_name AS replier, r.body AS reply_body \
         FROM notifications n LEFT JOIN consultations c ON c.id = n.consultation_id \
         LEFT JOIN budgets b ON b.id = n.budget_id \
         LEFT JOIN comments r ON r.id = n.comment_id LEFT JOIN users u ON u.id = r.author_id \
         WHERE n.user_id = $1 AND n.sent_at IS NULL ORDER BY n.created_at, n.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// Claims a notification for this delivery; `false` when another got it first.
pub async fn claim(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE notifications SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claimed notification back (its mail failed).
pub async fn release(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET sent_at = NULL WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Sets an account's unsubscribe key unless it has one; returns the key in force.
pub async fn set_unsubscribe_key(db: &Db, user_id: i64, key: &str) -> Result<String, sqlx::Error> {
    sqlx::query("UPDATE users SET unsubscribe_key = $1 WHERE id = $2 AND unsubscribe_key IS NULL")
        .bind(key)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    let (key,): (String,) =
        sqlx::query_as("SELECT unsubscribe_key FROM users WHERE id = $1").bind(user_id).fetch_one(&db.pool).await?;
    Ok(key)
}

/// Records when an account's digest went.
pub async fn set_last_digest(db: &Db, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_digest_at = $1 WHERE id = $2").bind(now).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

/// An account's preference.
pub async fn mode_of(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT notify_mode FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(m,)| m))
}

/// Sets an account's preference.
pub async fn set_mode(db: &Db, user_id: i64, mode: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET notify_mode = $1 WHERE id = $2").bind(mode).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

/// Turns notifications off for the account holding `key`; `false` when no account holds it.
pub async fn unsubscribe(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET notify_mode = 'none' WHERE unsubscribe_key = $1")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
