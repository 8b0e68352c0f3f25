//! The dashboard's SQL: counts only, in the subset SQLite and PostgreSQL share (sums cast to BIGINT, which
//! PostgreSQL would otherwise return as NUMERIC).

use crate::db::Db;

/// Public consultations (drafts left out) by phase code.
pub async fn consultations_by_phase(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM consultations WHERE status <> 'draft' GROUP BY status ORDER BY status")
        .fetch_all(&db.pool)
        .await
}

/// The town dashboard's headline figures: open consultations, budgets in their vote, people who voted or
/// commented in a consultation, budget ballots cast, entries of the resident register.
pub async fn headline(db: &Db) -> Result<(i64, i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM consultations WHERE status = 'open'), \
                (SELECT COUNT(*) FROM budgets WHERE phase = 'voting'), \
                (SELECT COUNT(*) FROM (SELECT user_id FROM consultation_votes \
                                       UNION SELECT author_id FROM comments WHERE author_id IS NOT NULL) p), \
                (SELECT COUNT(*) FROM budget_ballots), \
                (SELECT COUNT(*) FROM register_entries)",
    )
    .fetch_one(&db.pool)
    .await
}

/// Decisions by outcome code.
pub async fn decisions_by_outcome(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT outcome, COUNT(*) FROM decisions GROUP BY outcome ORDER BY outcome")
        .fetch_all(&db.pool)
        .await
}

/// Sensors in the registry (not removed) by domain and personal-data level.
pub async fn sensors(db: &Db) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT domain, personal_data, COUNT(*) FROM sensors WHERE status <> 'removed' \
         GROUP BY domain, personal_data ORDER BY domain, personal_data",
    )
    .fetch_all(&db.pool)
    .await
}

/// Datastreams of sensors in the registry (the ones whose retention is enforced).
pub async fn datastreams(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM datastreams d JOIN sensors s ON s.id = d.sensor_id WHERE s.status <> 'removed'",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Retention runs that deleted something since `since` (Unix seconds), and the rows they deleted.
pub async fn purges_since(db: &Db, since: i64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(rows_deleted), 0) AS BIGINT) FROM purge_ledger \
         WHERE run_at >= $1 AND rows_deleted > 0",
    )
    .bind(since)
    .fetch_one(&db.pool)
    .await
}

/// Retention alarms open, as the retention job last found them (reading the log is one query; finding them
/// afresh is one look-up per datastream).
pub async fn open_alarms(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM retention_alarms WHERE resolved_at IS NULL").fetch_one(&db.pool).await?;
    Ok(n)
}

/// When each vote on a consultation was first cast.
pub async fn vote_times(db: &Db, consultation: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT cast_at FROM consultation_votes WHERE consultation_id = $1")
        .bind(consultation)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// A consultation's votes by the channel they came by.
pub async fn votes_by_channel(db: &Db, consultation: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT channel, COUNT(*) FROM consultation_votes WHERE consultation_id = $1 GROUP BY channel ORDER BY channel",
    )
    .bind(consultation)
    .fetch_all(&db.pool)
    .await
}

/// When each comment on a consultation was written.
pub async fn comment_times(db: &Db, consultation: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT created_at FROM comments WHERE consultation_id = $1")
        .bind(consultation)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// When each identified voter of a budget took part (web, kiosk, or marked as voting on paper).
pub async fn participation_times(db: &Db, budget: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.at FROM budget_participations p JOIN budget_envelopes e ON e.id = p.envelope_id \
         WHERE e.budget_id = $1",
    )
    .bind(budget)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// A budget's identified voters by the district of their account (empty: not declared).
pub async fn participation_by_district(db: &Db, budget: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(d.name, '') AS district, COUNT(*) FROM budget_participations p \
         JOIN budget_envelopes e ON e.id = p.envelope_id JOIN users u ON u.id = p.user_id \
         LEFT JOIN districts d ON d.id = u.district_id WHERE e.budget_id = $1 GROUP BY d.name ORDER BY d.name",
    )
    .bind(budget)
    .fetch_all(&db.pool)
    .await
}

/// A budget's ballots by channel (web, kiosk, paper): every ballot counted, imported ones included.
pub async fn ballots_by_channel(db: &Db, budget: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.channel, COUNT(*) FROM budget_ballots b JOIN budget_envelopes e ON e.id = b.envelope_id \
         WHERE e.budget_id = $1 GROUP BY b.channel ORDER BY b.channel",
    )
    .bind(budget)
    .fetch_all(&db.pool)
    .await
}

/// A budget's outcome under every rule counted: projects funded and the amount they cost.
pub async fn rules(db: &Db, budget: i64) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.rule, CAST(SUM(r.funded) AS BIGINT), \
         CAST(SUM(CASE WHEN r.funded = 1 THEN COALESCE(p.revised_cost, p.cost) ELSE 0 END) AS BIGINT) \
         FROM budget_results r JOIN budget_projects p ON p.id = r.project_id WHERE p.budget_id = $1 \
         GROUP BY r.rule ORDER BY r.rule",
    )
    .bind(budget)
    .fetch_all(&db.pool)
    .await
}

/// The desk's activity, per agent and day (`issued_at / 86400`): agent id, agent name, day, and one count —
/// `what` is `issued` (codes handed out), `used` (of which typed on a kiosk), `records` (residents without email
/// recorded) or `votes` (ballots and consultation votes cast or changed on a kiosk within the hour after one of
/// that day's codes was typed, by its holder).
pub async fn desk_activity(db: &Db, what: &str) -> Result<Vec<(Option<i64>, Option<String>, i64, i64)>, sqlx::Error> {
    let sql = match what {
        "issued" => {
            "SELECT c.issued_by, u.display_name, c.issued_at / 86400, COUNT(*) FROM kiosk_codes c \
             LEFT JOIN users u ON u.id = c.issued_by GROUP BY c.issued_by, u.display_name, c.issued_at / 86400"
        }
        "used" => {
            "SELECT c.issued_by, u.display_name, c.issued_at / 86400, COUNT(*) FROM kiosk_codes c \
             LEFT JOIN users u ON u.id = c.issued_by WHERE c.used_at IS NOT NULL \
             GROUP BY c.issued_by, u.display_name, c.issued_at / 86400"
        }
        "records" => {
            "SELECT r.checked_by, u.display_name, r.checked_at / 86400, COUNT(*) FROM desk_residents r \
             LEFT JOIN users u ON u.id = r.checked_by GROUP BY r.checked_by, u.display_name, r.checked_at / 86400"
        }
        _ => {
            "SELECT c.issued_by, u.display_name, c.issued_at / 86400, COUNT(*) FROM kiosk_codes c \
             LEFT JOIN users u ON u.id = c.issued_by \
             JOIN (SELECT user_id, at FROM budget_participations WHERE channel = 'kiosk' \
                   UNION ALL SELECT user_id, changed_at FROM consultation_votes WHERE channel = 'kiosk') v \
               ON v.user_id = c.user_id AND v.at >= c.used_at AND v.at < c.used_at + 3600 \
             WHERE c.used_at IS NOT NULL GROUP BY c.issued_by, u.display_name, c.issued_at / 86400"
        }
    };
    sqlx::query_as(sql).fetch_all(&db.pool).await
}

/// How the participants of one vote (`scope`: `consultation` or `budget`) were eligible when they first took part:
/// (verification method, `email` or `paper`; people). Rows pinned before this was recorded count as `email`.
pub async fn eligibility(db: &Db, scope: &str, vote_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(eligibility, 'email'), COUNT(*) FROM vote_districts WHERE scope = $1 AND vote_id = $2 \
         GROUP BY COALESCE(eligibility, 'email')",
    )
    .bind(scope)
    .bind(vote_id)
    .fetch_all(&db.pool)
    .await
}
