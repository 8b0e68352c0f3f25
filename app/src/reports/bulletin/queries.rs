//! The bulletin's SQL: what happened between two instants (Unix seconds, `[from, until)`) or two days
//! (YYYY-MM-DD, inclusive), in the subset SQLite and PostgreSQL share.

use crate::db::Db;

/// Sensors created in the period: domain, personal-data level.
pub async fn sensors_added(db: &Db, from: i64, until: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT domain, personal_data FROM sensors WHERE created_at >= $1 AND created_at < $2")
        .bind(from)
        .bind(until)
        .fetch_all(&db.pool)
        .await
}

/// History entries of the period that touch a status: the sensor's domain and level, the changes (JSON).
pub async fn status_history(db: &Db, from: i64, until: i64) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.domain, s.personal_data, h.changes FROM sensor_history h JOIN sensors s ON s.id = h.sensor_id \
         WHERE h.at >= $1 AND h.at < $2 AND h.changes LIKE '%\"status\"%'",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await
}

/// Retention runs of the period that deleted something: runs, raw values and hourly aggregates deleted.
pub async fn purges(db: &Db, from: i64, until: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(rows_deleted), 0) AS BIGINT), CAST(COALESCE(SUM(hours_deleted), 0) AS BIGINT) \
         FROM purge_ledger WHERE run_at >= $1 AND run_at < $2 AND (rows_deleted > 0 OR hours_deleted > 0)",
    )
    .bind(from)
    .bind(until)
    .fetch_one(&db.pool)
    .await
}

/// Retention alarms: raised in the period; resolved in it by purge and otherwise; still open at its end.
pub async fn alarms(db: &Db, from: i64, until: i64) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN raised_at >= $1 AND raised_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN resolved_at >= $1 AND resolved_at < $2 AND resolution = 'purged' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN resolved_at >= $1 AND resolved_at < $2 AND resolution = 'cleared' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN raised_at < $2 AND (resolved_at IS NULL OR resolved_at >= $2) THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM retention_alarms",
    )
    .bind(from)
    .bind(until)
    .fetch_one(&db.pool)
    .await
}

/// Consultations open at some point of the period: id, slug, title, phase, whether results are hidden (0/1).
pub async fn consultations_held(
    db: &Db,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, String, String, crate::consultations::Phase, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, title, status, results_hidden FROM consultations \
         WHERE opened_at IS NOT NULL AND opened_at < $2 AND (closed_at IS NULL OR closed_at >= $1) ORDER BY opened_at, id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await
}

/// Comments written on a consultation during the period.
pub async fn comments(db: &Db, consultation: i64, from: i64, until: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM comments WHERE consultation_id = $1 AND created_at >= $2 AND created_at < $3",
    )
    .bind(consultation)
    .bind(from)
    .bind(until)
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Budgets whose vote closed in the period: id, slug, title, currency, official rule.
pub async fn budgets_closed(
    db: &Db,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, title, currency, rule FROM budgets WHERE closed_at >= $1 AND closed_at < $2 ORDER BY closed_at, id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await
}

/// Ballots counted for a budget.
pub async fn ballots(db: &Db, budget: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM budget_ballots b JOIN budget_envelopes e ON e.id = b.envelope_id WHERE e.budget_id = $1",
    )
    .bind(budget)
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Followed projects with timeline entries dated in the period (days inclusive): project id, entries.
pub async fn project_updates(db: &Db, first_day: &str, last_day: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT project_id, COUNT(*) FROM project_events WHERE happened_on >= $1 AND happened_on <= $2 \
         GROUP BY project_id ORDER BY project_id",
    )
    .bind(first_day)
    .bind(last_day)
    .fetch_all(&db.pool)
    .await
}

/// The year of the registry's first sensor (the bulletin's first year), if any.
pub async fn first_year(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    let (first,): (Option<i64>,) = sqlx::query_as("SELECT MIN(created_at) FROM sensors").fetch_one(&db.pool).await?;
    Ok(first.map(|t| crate::format::date_of(t).year))
}
