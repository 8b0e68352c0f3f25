//! The SQL of OpenID Connect sign-in: which account a provider's subject signs in to.

use crate::db::Db;
use sqlx::AnyConnection;

/// The live account `subject` of `provider` is linked to.
pub async fn account_of(db: &Db, provider: &str, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT o.user_id FROM oidc_identities o JOIN users u ON u.id = o.user_id \
         WHERE o.provider = $1 AND o.subject = $2 AND u.deleted_at IS NULL",
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Links `subject` of `provider` to `user_id`; false when the subject, or another subject of this provider for
/// the account, is linked already (the unique indexes decide, not a prior read).
pub async fn link(
    conn: &mut AnyConnection,
    provider: &str,
    subject: &str,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO oidc_identities (provider, subject, user_id, linked_at, last_used) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(provider)
    .bind(subject)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes a sign-in through a link.
pub async fn touch(db: &Db, provider: &str, subject: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_identities SET last_used = $1 WHERE provider = $2 AND subject = $3")
        .bind(now)
        .bind(provider)
        .bind(subject)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The providers account `user_id` is linked to: (provider, linked at, last used).
pub async fn links_of(db: &Db, user_id: i64) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT provider, linked_at, last_used FROM oidc_identities WHERE user_id = $1 ORDER BY provider")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
}
