//! The notification queue's and the preferences' SQL (the features queue their own kinds in their `queries`).

use crate::db::Db;
use sqlx::FromRow;

/// Someone with notifications waiting.
#[derive(Clone, Debug, FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub email: Option<String>,
    pub language: crate::i18n::Lang,
    pub notify_mode: super::NotifyMode,
    pub last_digest_at: Option<i64>,
    pub unsubscribe_key: Option<String>,
}

/// A notification waiting: its kind and what it is about (a consultation or a budget; for a reply, the reply).
#[derive(Clone, Debug, FromRow)]
pub struct Queued {
    pub id: i64,
    pub kind: String,
    pub consultation_id: Option<i64>,
    pub budget_id: Option<i64>,
    pub comment_id: Option<i64>,
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
pub async fn pending_for(db: &Db, user_id: i64) -> Result<Vec<Queued>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, consultation_id, budget_id, comment_id FROM notifications \
         WHERE user_id = $1 AND sent_at IS NULL ORDER BY created_at, id",
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
pub async fn mode_of(db: &Db, user_id: i64) -> Result<Option<super::NotifyMode>, sqlx::Error> {
    let row: Option<(super::NotifyMode,)> =
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
    // The key serves once: the next mail gets a new one (`set_unsubscribe_key`), so the link of an old,
    // forwarded or leaked mail cannot act again.
    let done = sqlx::query("UPDATE users SET notify_mode = 'none', unsubscribe_key = NULL WHERE unsubscribe_key = $1")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
