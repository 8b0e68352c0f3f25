//! The pinned districts' SQL, the same for SQLite and PostgreSQL.

use super::Scope;
use crate::db::Db;
use sqlx::AnyConnection;

/// Pins `district` as the district `user_id` votes as in this vote, with how they were `eligible` (their
/// verification method, `email` or `paper`), unless one is pinned already, and returns the pinned district. Call
/// it in the transaction that records the vote: a vote refused afterwards rolls the pin back.
pub async fn pin(
    conn: &mut AnyConnection,
    scope: Scope,
    vote_id: i64,
    user_id: i64,
    district: Option<i64>,
    eligible: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO vote_districts (scope, vote_id, user_id, district_id, pinned_at, eligibility) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scope, vote_id, user_id) DO NOTHING",
    )
    .bind(scope.code())
    .bind(vote_id)
    .bind(user_id)
    .bind(district)
    .bind(now)
    .bind(eligible)
    .execute(&mut *conn)
    .await?;
    let (pinned,): (Option<i64>,) =
        sqlx::query_as("SELECT district_id FROM vote_districts WHERE scope = $1 AND vote_id = $2 AND user_id = $3")
            .bind(scope.code())
            .bind(vote_id)
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(pinned)
}

/// The district `user_id` votes as in this vote: the pinned one once they voted, else `current` (their account's).
pub async fn district(
    db: &Db,
    scope: Scope,
    vote_id: i64,
    user_id: i64,
    current: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT district_id FROM vote_districts WHERE scope = $1 AND vote_id = $2 AND user_id = $3")
            .bind(scope.code())
            .bind(vote_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map_or(current, |(d,)| d))
}
